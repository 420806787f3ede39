/**
 * The Nx module-boundary rule is real: libs never import apps, each layer imports only the
 * layers below it, no engine driver imports another, contracts import nothing of ours. Linted
 * as if the code sat in those projects. Every tag a project carries must have a constraint.
 */
import { execSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
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

/** The tags of every project.json under apps, libs, infra and tools, by project directory. */
function projectTags(): Map<string, string[]> {
  const tags = new Map<string, string[]>();
  const walk = (dir: string): void => {
    for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      if (e.isDirectory() && e.name !== 'node_modules') walk(join(dir, e.name));
      else if (e.name === 'project.json') tags.set(dir, (JSON.parse(readFileSync(join(ROOT, dir, e.name), 'utf8')) as { tags?: string[] }).tags ?? []);
    }
  };
  ['apps', 'libs', 'infra', 'tools'].forEach(walk);
  return tags;
}

interface DepConstraint {
  sourceTag: string;
  onlyDependOnLibsWithTags?: string[];
  notDependOnLibsWithTags?: string[];
}

/** The rule's constraints as ESLint resolves the config for a lib file. */
function depConstraints(): DepConstraint[] {
  const printed = spawnSync(join(ROOT, 'node_modules', '.bin', 'eslint'), ['--print-config', 'libs/pipeline/src/index.ts'], { cwd: ROOT, encoding: 'utf8' });
  const config = JSON.parse(printed.stdout) as { rules: Record<string, [unknown, { depConstraints: DepConstraint[] }]> };
  return config.rules['@nx/enforce-module-boundaries']![1].depConstraints;
}

describe('module boundaries', () => {
  it.each([
    ['a lib importing an app', 'libs/pipeline/src/bad.ts', "import { main } from '@finlake/cli';\nexport const x = main;\n"],
    ['an engine importing the pipeline', 'libs/engine-duckdb/src/bad.ts', "import { runPipeline } from '@finlake/pipeline';\nexport const x = runPipeline;\n"],
    ['the contract importing an engine', 'libs/contracts/src/bad.ts', "import { DuckDbEngine } from '@finlake/engine-duckdb';\nexport const x = DuckDbEngine;\n"],
    ['an engine driver importing another', 'libs/engine-postgres/src/bad.ts', "import { DuckDbEngine } from '@finlake/engine-duckdb';\nexport const x = DuckDbEngine;\n"],
    ['the shared CSV reader importing a driver', 'libs/engine-csv/src/bad.ts', "import { DuckDbEngine } from '@finlake/engine-duckdb';\nexport const x = DuckDbEngine;\n"],
    ['the models importing the pipeline', 'libs/models/src/bad.ts', "import { runPipeline } from '@finlake/pipeline';\nexport const x = runPipeline;\n"],
    ['the generator importing an engine', 'libs/generator/src/bad.ts', "import { quoteIdent } from '@finlake/engine';\nexport const x = quoteIdent;\n"],
    ['the pipeline importing the report', 'libs/pipeline/src/bad.ts', "import { buildReport } from '@finlake/report';\nexport const x = buildReport;\n"],
    ['the report importing the pipeline', 'libs/report/src/bad.ts', "import { runPipeline } from '@finlake/pipeline';\nexport const x = runPipeline;\n"],
    ['the report importing a product', 'libs/report/src/bad.ts', "import { commerce } from '@finlake/products';\nexport const x = commerce;\n"],
    ['the report importing the orchestration', 'libs/report/src/bad.ts', "import { defaultSqlSteps } from '@finlake/orchestration';\nexport const x = defaultSqlSteps;\n"],
    ['the orchestration importing the report', 'libs/orchestration-local/src/bad.ts', "import { buildReport } from '@finlake/report';\nexport const x = buildReport;\n"],
    ['an infra component importing an engine', 'libs/infra-components/src/bad.ts', "import { DuckDbEngine } from '@finlake/engine-duckdb';\nexport const x = DuckDbEngine;\n"],
    ['the infra program importing the pipeline', 'infra/bad.ts', "import { runPipeline } from '@finlake/pipeline';\nexport const x = runPipeline;\n"],
    ['an app importing the infra components', 'apps/cli/src/bad.ts', "import { planNetwork } from '@finlake/infra-components';\nexport const x = planNetwork;\n"],
    ['a product importing the pipeline', 'libs/products/src/bad.ts', "import { runPipeline } from '@finlake/pipeline';\nexport const x = runPipeline;\n"],
    ['the procedures importing the report', 'libs/procedures/src/bad.ts', "import { buildReport } from '@finlake/report';\nexport const x = buildReport;\n"],
    ['the security renderers importing a product', 'libs/security/src/bad.ts', "import { commerce } from '@finlake/products';\nexport const x = commerce;\n"],
    ['the security renderers importing an engine', 'libs/security/src/bad.ts', "import { quoteIdent } from '@finlake/engine';\nexport const x = quoteIdent;\n"],
    ['the Glue app importing another app', 'apps/glue/bad.ts', "import { main } from '@finlake/cli';\nexport const x = main;\n"],
  ])('rejects %s', async (_name, file, code) => {
    expect(await boundaryErrors(file, code)).not.toEqual([]);
  });

  it('allows an app importing libs and each layer the layers below it', async () => {
    const allowed: [string, string][] = [
      ['apps/cli/src/ok.ts', "import { runPipeline } from '@finlake/pipeline';\nexport const x = runPipeline;\n"],
      ['apps/glue/ok.ts', "import { NULL_MARKERS } from '@finlake/contracts';\nexport const x = NULL_MARKERS;\n"],
      ['libs/pipeline/src/ok.ts', "import { quoteIdent } from '@finlake/engine';\nexport const x = quoteIdent;\n"],
      ['libs/engine-postgres/src/ok.ts', "import { splitCsvFile } from '@finlake/engine-csv';\nexport const x = splitCsvFile;\n"],
      ['libs/orchestration-local/src/ok.ts', "import { runPipeline } from '@finlake/pipeline';\nexport const x = runPipeline;\n"],
      ['libs/products/src/ok.ts', "import { buildReport } from '@finlake/report';\nexport const x = buildReport;\n"],
      ['libs/infra-components/src/ok.ts', "import { defaultSqlSteps } from '@finlake/orchestration';\nexport const x = defaultSqlSteps;\n"],
      ['libs/products/src/ok.ts', "import type { SecurityManifest } from '@finlake/security';\nexport type X = SecurityManifest;\n"],
      ['infra/ok.ts', "import { renderRedshift } from '@finlake/security';\nexport const x = renderRedshift;\n"],
      ['apps/cli/src/ok.ts', "import { renderSecurity } from '@finlake/security';\nexport const x = renderSecurity;\n"],
    ];
    for (const [file, code] of allowed) expect([file, await boundaryErrors(file, code)]).toEqual([file, []]);
  });

  it('has a constraint for every tag a project carries', () => {
    const constrained = new Set(depConstraints().map((c) => c.sourceTag));
    const tags = projectTags();
    const missing = [...tags].flatMap(([dir, list]) => list.filter((t) => !constrained.has(t)).map((t) => `${dir}: ${t}`));
    expect(missing).toEqual([]);
  });

  it('tags every project with a type, a scope and a layer', () => {
    const untagged = [...projectTags()].filter(([, list]) => !['type:', 'scope:', 'layer:'].every((prefix) => list.some((t) => t.startsWith(prefix)))).map(([dir]) => dir);
    expect(untagged).toEqual([]);
  });

  it('lets a layer depend only on layers that exist', () => {
    const layers = new Set([...projectTags().values()].flat());
    const unknown = depConstraints().flatMap((c) => [...(c.onlyDependOnLibsWithTags ?? []), ...(c.notDependOnLibsWithTags ?? [])].filter((t) => t.startsWith('layer:') && !layers.has(t)).map((t) => `${c.sourceTag} → ${t}`));
    expect(unknown).toEqual([]);
  });
});
