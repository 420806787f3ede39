import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DATE_PATTERN,
  DECIMAL_PATTERN,
  DECIMAL_SCALE_PATTERN,
  FILE_MESSAGES,
  ID_PATTERN,
  INTEGER_PATTERN,
  NUL_SCAN_BYTES,
  NULL_MARKERS,
  OTHER_DELIMITERS,
  TIMESTAMP_PATTERN,
} from '@finlake/contracts';

const GLUE = __dirname;
const SCRIPTS = ['finlake_job.py', 'contract_rules.py', 'test_contract_rules.py', 'test_finlake_job.py'];
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

  // The job reads every check constant from its contracts/<product>.json (generated from
  // libs/contracts/src/rules.ts); a copy typed into the scripts would drift from the pipeline's.
  it('restate none of the contract\'s check constants', () => {
    const source = ['finlake_job.py', 'contract_rules.py'].map((f) => readFileSync(join(GLUE, f), 'utf8')).join('\n');
    const quoted = (v: string) => [`"${v}"`, `'${v}'`];
    const copies = [
      ...NULL_MARKERS.filter((m) => m.length > 1).flatMap(quoted),
      ...[ID_PATTERN, INTEGER_PATTERN, DECIMAL_PATTERN, DECIMAL_SCALE_PATTERN.split('{')[0]!, DATE_PATTERN, TIMESTAMP_PATTERN.slice(DATE_PATTERN.length)],
      ...Object.values(FILE_MESSAGES).flatMap((m) => m.split(/\{\w+\}/).filter((part) => part.trim().length > 12)),
      ...OTHER_DELIMITERS.flatMap((d) => quoted(JSON.stringify(d).slice(1, -1))),
      String(NUL_SCAN_BYTES),
      '\\xff\\xfe',
      '"utf-16',
    ].filter((copy) => source.includes(copy));
    expect(copies).toEqual([]);
  });
});
