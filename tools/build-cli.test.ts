/**
 * The `finlake` bin as users run it: compiled (tools/build-cli.ts → dist/main.js), each command's
 * dependencies loaded only when that command runs, and the fallback to the TypeScript sources when
 * the build is missing or stale.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '@finlake/pipeline/testing';
import { bundleState } from '../apps/cli/bin/bundle-state';
import { version } from '../apps/cli/package.json';
import { buildCli, CLI_DIST, rewriteDirname } from './build-cli';

const ROOT = join(__dirname, '..');
const BIN = join(ROOT, 'apps', 'cli', 'bin', 'finlake.js');

const run = (args: string[], cwd = ROOT) => spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });

describe('the compiled finlake bin', () => {
  beforeAll(async () => {
    await buildCli();
    // Everything below runs dist/main.js, not the sources through tsx.
    expect(bundleState()).toBe('fresh');
  });

  it('--version prints the package version', () => {
    const r = run(['--version']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${version}\n`);
  });

  it('--help lists every command', () => {
    const r = run(['--help']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: finlake');
    for (const command of ['run', 'demo', 'generate', 'parity', 'status', 'quarantine', 'report', 'security']) expect(r.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    expect(r.stdout).toContain('-V, --version');
  });

  it('--help loads no engine, cloud or chart library', () => {
    // The packages a command's dependencies bring in, listed after the program has printed its help.
    const script = `require(${JSON.stringify(join(CLI_DIST, 'main.js'))}).main(['node', 'finlake', '--help']).then(() => process.stderr.write(JSON.stringify(Object.keys(require.cache))))`;
    const r = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: finlake');
    const loaded = JSON.parse(r.stderr) as string[];
    expect(loaded).toContain(join(CLI_DIST, 'main.js'));
    expect(loaded.filter((file) => /node_modules[\\/](@duckdb|pg|pg-copy-streams|@aws-sdk|vega|vega-lite|cli-progress)[\\/]/.test(file))).toEqual([]);
  });

  it('status never creates a warehouse', () => {
    const db = join(tempDir(), 'w.duckdb');
    const r = run(['--db', db, 'status']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('No warehouse at');
    expect(existsSync(db)).toBe(false);
  });

  it('generates files', () => {
    const out = join(tempDir(), 'gen');
    const r = run(['generate', 'commerce', '--rows', '10', '--out', out]);
    expect(r.status).toBe(0);
    expect(readFileSync(join(out, 'transactions.csv'), 'utf8').trim().split('\n')).toHaveLength(11);
  });

  it('runs the bundled sample and writes the report: models, samples and the chart worker are found from dist', () => {
    const cwd = tempDir();
    const r = run(['--db', join(cwd, 'w.duckdb'), 'run', 'commerce', '--input', join(ROOT, 'data', 'raw', 'commerce')], cwd);
    expect(r.stderr).not.toContain('tsx');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('mart_product_margin');
    // The report is named after the warehouse, beside it.
    expect(r.stderr).toContain(`Report: ${join(cwd, 'w-commerce.html')}`);
    expect(readFileSync(join(cwd, 'w-commerce.html'), 'utf8')).toContain('<svg');
  });
});

describe('bundleState: when the bin falls back to the sources', () => {
  let root: string;
  let dist: string;
  const at = (path: string, seconds: number) => utimesSync(path, seconds, seconds);

  beforeEach(() => {
    root = tempDir();
    dist = join(root, 'dist');
    mkdirSync(join(root, 'src'));
    writeFileSync(join(root, 'src', 'a.ts'), '');
    at(join(root, 'src', 'a.ts'), 1_000);
  });

  const build = (seconds: number) => {
    mkdirSync(dist, { recursive: true });
    writeFileSync(join(dist, 'main.js'), '');
    writeFileSync(join(dist, 'inputs.json'), JSON.stringify(['src/a.ts']));
    at(join(dist, 'main.js'), seconds);
  };

  it('missing without a build', () => {
    expect(bundleState(dist, root)).toBe('missing');
  });

  it('missing without the list of inputs', () => {
    build(2_000);
    rmSync(join(dist, 'inputs.json'));
    expect(bundleState(dist, root)).toBe('missing');
  });

  it('fresh when the bundle is newer than every input', () => {
    build(2_000);
    expect(bundleState(dist, root)).toBe('fresh');
  });

  it('stale when an input changed after the build', () => {
    build(2_000);
    at(join(root, 'src', 'a.ts'), 3_000);
    expect(bundleState(dist, root)).toBe('stale');
  });

  it('stale when an input is gone', () => {
    build(2_000);
    rmSync(join(root, 'src', 'a.ts'));
    expect(bundleState(dist, root)).toBe('stale');
  });
});

describe('rewriteDirname', () => {
  it("points __dirname at the source file's folder, relative to the bundle", () => {
    const out = rewriteDirname("const dir = join(__dirname, 'models'); const my__dirname = 1;", '/repo/libs/products/src/ledger/models.ts', '/repo/apps/cli/dist');
    expect(out).toBe(`const dir = join(require('node:path').join(__dirname, "../../../libs/products/src/ledger"), 'models'); const my__dirname = 1;`);
  });
});
