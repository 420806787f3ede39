/**
 * `npm run bench -- --startup [--repeat N]`: how long the `finlake` command takes to start, as
 * process wall time (spawn to exit), median of N runs (default 10):
 * - `node -e 0`, the floor: Node's own start-up on this machine;
 * - `finlake --help` through the compiled bin (what users run) and through the sources with tsx
 *   (what the bin falls back to);
 * - the no-op re-run of the bundled sample: `finlake run <product> --input data/raw/<product>`
 *   once on a temp --db, then timed again (every file already loaded).
 * Writes <bench-dir>/results/startup-<timestamp>.json. See docs/benchmarks.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildCli } from '../build-cli';

export const STARTUP_RUNS = 10;

export interface StartupTiming {
  /** Process wall time of each run, ms. */
  runsMs: number[];
  medianMs: number;
}

export interface StartupResults {
  startedAt: string;
  node: string;
  cores: number;
  loadAverage: [number, number];
  product: string;
  floor: StartupTiming;
  helpCompiled: StartupTiming;
  helpSources: StartupTiming;
  noopRerun: StartupTiming;
}

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

/** Spawn to exit, in ms; a non-zero exit is an error with the command's stderr. */
export function timeProcess(args: string[], cwd: string): { ms: number; stdout: string } {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status ?? r.signal}: ${r.stderr.trim().split('\n').slice(-3).join(' / ')}`);
  return { ms, stdout: r.stdout };
}

function timed(runs: number, once: () => number): StartupTiming {
  const runsMs = Array.from({ length: runs }, once);
  return { runsMs, medianMs: median(runsMs) };
}

export async function measureStartup({ repoRoot, product, runs = STARTUP_RUNS }: { repoRoot: string; product: string; runs?: number }): Promise<StartupResults> {
  await buildCli();
  const bin = join(repoRoot, 'apps', 'cli', 'bin', 'finlake.js');
  const main = join(repoRoot, 'apps', 'cli', 'src', 'main.ts');
  const tsx = pathToFileURL(require.resolve('tsx')).href;
  const startedAt = new Date().toISOString();
  const load1 = loadavg()[0]!;
  const help = (args: string[]) => () => {
    const { ms, stdout } = timeProcess(args, repoRoot);
    if (!stdout.includes('Usage: finlake')) throw new Error(`node ${args.join(' ')} printed no help`);
    return ms;
  };
  const floor = timed(runs, () => timeProcess(['-e', '0'], repoRoot).ms);
  const helpCompiled = timed(runs, help([bin, '--help']));
  const helpSources = timed(runs, help(['--import', tsx, main, '--help']));

  const dir = mkdtempSync(join(tmpdir(), 'finlake-startup-'));
  try {
    const args = [bin, '--db', join(dir, 'w.duckdb'), '--json', 'run', product, '--input', join(repoRoot, 'data', 'raw', product)];
    const status = (stdout: string) => (JSON.parse(stdout) as { status: string }).status;
    const first = status(timeProcess(args, dir).stdout);
    if (first !== 'published') throw new Error(`the first run of ${product} ended ${first}, not published`);
    const noopRerun = timed(runs, () => {
      const { ms, stdout } = timeProcess(args, dir);
      if (status(stdout) !== 'nothing_new') throw new Error(`the re-run of ${product} ended ${status(stdout)}, not nothing_new`);
      return ms;
    });
    return { startedAt, node: process.version, cores: cpus().length, loadAverage: [load1, loadavg()[0]!], product, floor, helpCompiled, helpSources, noopRerun };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const s = (ms: number) => `${(ms / 1000).toFixed(3)} s`;

export function renderStartup(r: StartupResults): string {
  const runs = r.floor.runsMs.length;
  const line = (label: string, ms: number, note = '') => `  ${label.padEnd(44)} ${s(ms)}${note ? `  (${note})` : ''}`;
  return [
    `finlake start-up (process wall time, median of ${runs}; node ${r.node}, ${r.cores} cores, load average ${r.loadAverage[0].toFixed(2)} → ${r.loadAverage[1].toFixed(2)})`,
    line('node -e 0 (floor)', r.floor.medianMs),
    line('finlake --help, compiled bin', r.helpCompiled.medianMs, `${(r.helpCompiled.medianMs / r.floor.medianMs).toFixed(2)}× floor`),
    line('finlake --help, sources through tsx', r.helpSources.medianMs, `${(r.helpSources.medianMs / r.helpCompiled.medianMs).toFixed(2)}× compiled`),
    line(`no-op re-run of ${r.product}'s samples`, r.noopRerun.medianMs, `${(r.noopRerun.medianMs / r.floor.medianMs).toFixed(1)}× floor`),
  ].join('\n');
}

const stamp = (d: string) => d.replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');

/** Measure, print (text or JSON) and write the results file; returns the exit code. */
export async function runStartupBench(options: { repoRoot: string; product: string; runs: number; benchDir: string; json: boolean }): Promise<number> {
  const results = await measureStartup(options);
  const dir = join(options.benchDir, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `startup-${stamp(results.startedAt)}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(options.json ? `${JSON.stringify(results, null, 2)}\n` : `${renderStartup(results)}\n`);
  process.stderr.write(`bench results written to ${relative(process.cwd(), file) || file}\n`);
  return 0;
}
