import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const GLUE = __dirname;
const SCRIPTS = ['commerce_job.py', 'contract_rules.py', 'test_contract_rules.py', 'test_commerce_job.py'];
// Bytecode goes to a temporary directory, never into the source tree.
const cache = mkdtempSync(join(tmpdir(), 'finlake-pyc-'));
afterAll(() => rmSync(cache, { recursive: true, force: true }));

function python(args: string[]) {
  const result = spawnSync('python3', args, { cwd: GLUE, encoding: 'utf8', env: { ...process.env, PYTHONPYCACHEPREFIX: cache, PYTHONDONTWRITEBYTECODE: '1' } });
  if (result.error) throw new Error(`python3 is needed to check the Glue job scripts (apps/glue) and was not found: ${result.error.message}. Install Python 3.10 or newer.`);
  return result;
}

describe('Glue job scripts (apps/glue)', () => {
  it('compile (python3 -m py_compile)', () => {
    const result = python(['-m', 'py_compile', ...SCRIPTS]);
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
  });

  it('pass their unit tests (python3 -m unittest, no Spark needed)', () => {
    const result = python(['-m', 'unittest', 'discover', '-s', '.', '-p', 'test_*.py']);
    if (result.status !== 0) throw new Error(`python3 -m unittest failed in apps/glue:\n${result.stderr}`);
    expect(result.stderr).toMatch(/Ran \d+ tests[\s\S]*OK/);
  });
});
