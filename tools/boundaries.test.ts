/**
 * The Nx module-boundary rule is real: libs never import apps, engines never import the
 * pipeline, contracts import nothing of ours. Linted as if the code sat in those projects.
 */
import { execSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

beforeAll(() => {
  // The rule reads Nx's cached project graph; make sure it exists (as `npm run lint` does).
  execSync('npx nx show projects', { cwd: ROOT, stdio: 'ignore', env: { ...process.env, NX_DAEMON: 'false' } });
});

/** Lint code through the real ESLint CLI and config, as if it were the given file. */
async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const eslint = spawnSync(join(ROOT, 'node_modules', '.bin', 'eslint'), ['--stdin', '--stdin-filename', file, '--format', 'json'], { cwd: ROOT, input: code, encoding: 'utf8' });
  const [result] = JSON.parse(eslint.stdout) as { messages: { ruleId: string; message: string }[] }[];
  return result!.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
}

describe('module boundaries', () => {
  it.each([
    ['a lib importing an app', 'libs/pipeline/src/bad.ts', "import { main } from '@finlake/cli';\nexport const x = main;\n"],
    ['an engine importing the pipeline', 'libs/engine-duckdb/src/bad.ts', "import { runPipeline } from '@finlake/pipeline';\nexport const x = runPipeline;\n"],
    ['the contract importing an engine', 'libs/contracts/src/bad.ts', "import { DuckDbEngine } from '@finlake/engine-duckdb';\nexport const x = DuckDbEngine;\n"],
  ])('rejects %s', async (_name, file, code) => {
    expect(await boundaryErrors(file, code)).not.toEqual([]);
  });

  it('allows an app importing libs and the pipeline importing engines', async () => {
    expect(await boundaryErrors('apps/cli/src/ok.ts', "import { runPipeline } from '@finlake/pipeline';\nexport const x = runPipeline;\n")).toEqual([]);
    expect(await boundaryErrors('libs/pipeline/src/ok.ts', "import { quoteIdent } from '@finlake/engine';\nexport const x = quoteIdent;\n")).toEqual([]);
  });
});
