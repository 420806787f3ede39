/**
 * `npm run bench -- [--rows N[,N…]] [--engines duckdb,postgres] [--json]`; `--startup` measures the
 * CLI's start-up instead (startup.ts).
 *
 * Per size: generate (or reuse) the data, then measure, each in its own process: sha256 of the
 * input files, the scan floor (DuckDB count(*) over read_csv of the largest input file), and per engine
 * the full pipeline on a fresh database, a 1% incremental batch and a no-op re-run. Prints a
 * report with PASS/FAIL per target and writes .bench/results/<timestamp>.json. See docs/benchmarks.md.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, hostname, loadavg, release, totalmem, type as osType } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { findProduct, productNames } from '@finlake/products';
import { ensureData } from './data';
import { duckdbPaths, ENGINES, engineNamed, floorSql } from './engines';
import { DEFAULT_MEMORY_LIMIT } from '@finlake/engine-duckdb';
import { rowsLabel, seconds } from './format';
import { renderReport } from './report';
import { rssSource, runChild, summarise, type ChildRun } from './steps';
import { runStartupBench, STARTUP_RUNS } from './startup';
import { evaluateTargets } from './targets';
import type { BenchResults, BenchSettings, DataSet, EngineRun, Measurement, SizeResult, StepName } from './types';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const DEFAULT_ROWS = 1_000_000;
export const INCREMENT_SHARE = 0.01;
/** Passes of the hash and the floor in their process: the median is their time. */
export const FLOOR_PASSES = 3;
const MAX_ROWS = 200_000_000;
const MAX_REPEAT = 20;

export interface BenchOptions {
  /** The registered data product the pipeline runs (its generator writes the input). */
  product: string;
  rows: number[];
  seed: number;
  engines: string[];
  json: boolean;
  memoryLimit: string;
  threads?: number;
  repeat: number;
  benchDir: string;
  keep: boolean;
  note?: string;
  /** Measure the CLI's start-up (`finlake --help`, a no-op re-run of the samples) instead. */
  startup: boolean;
}

/** "1000000", "1_000_000", "1M", "100k", comma-separated; sorted, without duplicates. */
export function parseRows(value: string): number[] {
  const sizes = value.split(',').map((part) => {
    const m = /^(\d[\d_]*)([km]?)$/i.exec(part.trim());
    if (!m) throw new InvalidArgumentError(`"${part}" is not a row count (use e.g. 1000000, 1M or 100k; several separated by commas).`);
    const n = Number(m[1]!.replace(/_/g, '')) * ({ k: 1e3, m: 1e6 }[m[2]!.toLowerCase() as 'k' | 'm'] ?? 1);
    if (!Number.isSafeInteger(n) || n < 1 || n > MAX_ROWS) throw new InvalidArgumentError(`row counts go from 1 to ${MAX_ROWS.toLocaleString('en-US')}, got ${part}.`);
    return n;
  });
  return [...new Set(sizes)].sort((a, b) => a - b);
}

export function parseEngines(value: string): string[] {
  const names = [...new Set(value.split(',').map((s) => s.trim().toLowerCase()))];
  const unknown = names.filter((n) => !engineNamed(n));
  if (names.length === 0 || names.includes('') || unknown.length) {
    throw new InvalidArgumentError(`unknown engine${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ') || '""'}; known: ${ENGINES.map((e) => e.name).join(', ')}.`);
  }
  return names;
}

const wholeNumber = (name: string, min: number, max: number) => (value: string) => {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}.`);
  return Number(value);
};

const memoryLimit = (value: string) => {
  if (!/^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(value.trim())) throw new InvalidArgumentError('must be a DuckDB size such as 1500MB or 2GB.');
  return value.trim();
};

export function buildProgram(run: (options: BenchOptions) => Promise<void>): Command {
  return new Command('npm run bench --')
    .description('Benchmark the pipeline against the scan floor: speed, CPU, peak memory, stages and the targets of issue 7.')
    .addOption(new Option('--rows <n[,n…]>', "rows the product's generator writes per data set, e.g. 1000000, 100k or 1M,10M").argParser(parseRows).default([DEFAULT_ROWS], String(DEFAULT_ROWS)))
    .addOption(new Option('--engines <list>', `engines to run the pipeline on, comma-separated: ${ENGINES.map((e) => e.name).join(', ')}`).argParser(parseEngines).default(['duckdb'], 'duckdb'))
    .option('--json', 'print the results as JSON on stdout (progress goes to stderr)', false)
    .option('--seed <n>', 'generator seed: the same seed gives the same files', wholeNumber('--seed', 0, 2 ** 31), 42)
    .addOption(new Option('--memory-limit <size>', `DuckDB memory_limit, as the CLI: $FINLAKE_DUCKDB_MEMORY_LIMIT or ${DEFAULT_MEMORY_LIMIT}`).argParser(memoryLimit).default(process.env.FINLAKE_DUCKDB_MEMORY_LIMIT ?? DEFAULT_MEMORY_LIMIT))
    .option('--threads <n>', 'DuckDB threads (default: all cores)', wholeNumber('--threads', 1, 1024))
    .option('--repeat <n>', 'run every step n times and report the median time', wholeNumber('--repeat', 1, MAX_REPEAT), 1)
    .addOption(
      new Option('--product <name>', 'the registered data product to run')
        .argParser((name: string) => {
          if (!findProduct(name)) throw new InvalidArgumentError(`unknown data product "${name}"; known: ${productNames().join(', ')}.`);
          return name;
        })
        .default(productNames()[0], 'the first registered product'),
    )
    .option('--note <text>', 'a remark stored with the results, e.g. "shared machine, other jobs running"')
    .addOption(new Option('--bench-dir <dir>', 'where data, databases and results go').default(join(REPO_ROOT, '.bench'), '.bench in the repository'))
    .option('--keep', 'keep the benchmark databases under <bench-dir>/work after the run', false)
    .option('--startup', `measure the CLI's start-up instead: \`finlake --help\` and a no-op re-run of the product's bundled samples, process wall time, median of --repeat runs (default ${STARTUP_RUNS})`, false)
    .addHelpText(
      'after',
      `
Data is generated once per rows and seed under <bench-dir>/data and reused. Results go to
<bench-dir>/results/<timestamp>.json. Targets that need 10M rows or PostgreSQL show n/a until measured.

Examples:
  npm run bench
  npm run bench -- --rows 100k
  npm run bench -- --rows 1M,10M --repeat 3 --note "quiet machine"
  npm run bench -- --engines duckdb,postgres --json > results.json
  npm run bench -- --startup

Exit codes: 0 the benchmark ran (whatever the targets say), 1 a measured step failed, 2 bad flags.`,
    )
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .action(async (opts: Omit<BenchOptions, 'benchDir'> & { benchDir: string }) => run({ ...opts, benchDir: resolve(opts.benchDir) }));
}

/** What a step must have produced for its time to count. */
function expectOutcome(m: Measurement, data: DataSet): Measurement {
  if (!m.ok) return m;
  const out = m.output as { status?: string; message?: string; files?: { file: string; status: string; rowsLoaded: number }[] } | undefined;
  const fail = (error: string): Measurement => ({ ...m, ok: false, error });
  if (m.step === 'floor') return Number(m.output?.rows) === data.largest.rows ? m : fail(`floor counted ${m.output?.rows} rows, expected ${data.largest.rows}`);
  const expected = m.step === 'noop' ? 'nothing_new' : m.step === 'hash' ? undefined : 'published';
  if (!expected) return m;
  if (out?.status !== expected) return fail(`expected ${expected}, got ${out?.status}: ${out?.message ?? ''}`.trim());
  const file = m.step === 'full' ? data.largest : m.step === 'incremental' ? data.increment : undefined;
  const loaded = out.files?.find((f) => f.file === file?.name)?.rowsLoaded;
  if (file && loaded !== file.rows) return fail(`${file.name}: ${loaded} of ${file.rows} rows loaded`);
  return m;
}

async function benchSize(rows: number, options: BenchOptions, log: (line: string) => void): Promise<SizeResult> {
  const tag = `[${rowsLabel(rows)}]`;
  const data = await ensureData({ benchDir: options.benchDir, product: options.product, rows, seed: options.seed, incrementShare: INCREMENT_SHARE, log: (l) => log(`${tag} ${l}`) });
  if (data.cached) log(`${tag} data from cache: ${relative(process.cwd(), data.dir) || data.dir}`);
  const workDir = join(options.benchDir, 'work', `${rows}-${options.seed}`);
  const scratchDir = join(options.benchDir, 'tmp');
  const spill = duckdbPaths(workDir).spill;
  mkdirSync(spill, { recursive: true });
  const ctx = { repoRoot: REPO_ROOT, scratchDir };
  const engines = options.engines.map((name) => engineNamed(name)!);
  const runs = new Map<string, ChildRun[]>();
  const record = (key: string, run: ChildRun, label: string) => {
    runs.set(key, [...(runs.get(key) ?? []), run]);
    const r = run.report;
    log(`${tag} ${label}: ${r.ok ? `${seconds(r.wallMs)} s` : `FAILED — ${(r.error ?? '').split('\n')[0]}`}`);
    return r.ok;
  };

  for (let rep = 1; rep <= options.repeat; rep++) {
    const of = options.repeat > 1 ? ` (${rep}/${options.repeat})` : '';
    // Hash first: it also brings the files into the page cache for every step after it.
    record('hash', await runChild({ kind: 'hash', files: data.files.map((f) => f.path), passes: FLOOR_PASSES }, ctx), `sha256 of the input files${of}`);
    record('floor', await runChild({ kind: 'floor', file: data.largest.path, memoryLimit: options.memoryLimit, tempDirectory: spill, threads: options.threads, passes: FLOOR_PASSES }, ctx), `floor${of}`);
    for (const engine of engines) {
      if (!engine.available) {
        if (rep === 1) log(`${tag} ${engine.name}: ${engine.unavailableReason ?? 'not available'}`);
        continue;
      }
      const spec = { kind: 'pipeline' as const, product: options.product, engine: engine.name, workDir, memoryLimit: options.memoryLimit, threads: options.threads };
      const ok = record(`${engine.name}:full`, await runChild({ ...spec, inputDir: data.fullDir, fresh: true }, ctx), `${engine.name} full pipeline${of}`);
      if (!ok) continue;
      record(`${engine.name}:incremental`, await runChild({ ...spec, inputDir: data.incrementDir, fresh: false }, ctx), `${engine.name} incremental batch${of}`);
      record(`${engine.name}:noop`, await runChild({ ...spec, inputDir: data.fullDir, fresh: false }, ctx), `${engine.name} no-op re-run${of}`);
    }
  }

  const allBytes = data.files.reduce((n, f) => n + f.bytes, 0);
  const measure = (key: string, step: StepName, facts: { rows: number; bytes: number; engine?: string }): Measurement | undefined => {
    const list = runs.get(key);
    return list ? expectOutcome(summarise(step, list, facts), data) : undefined;
  };
  const engineRuns: EngineRun[] = engines.map((engine) =>
    engine.available
      ? {
          engine: engine.name,
          available: true,
          full: measure(`${engine.name}:full`, 'full', { rows: data.largest.rows, bytes: allBytes, engine: engine.name }),
          incremental: measure(`${engine.name}:incremental`, 'incremental', { rows: data.increment.rows, bytes: data.increment.bytes, engine: engine.name }),
          noop: measure(`${engine.name}:noop`, 'noop', { rows: data.largest.rows, bytes: allBytes, engine: engine.name }),
        }
      : { engine: engine.name, available: false, reason: engine.unavailableReason ?? 'not available' },
  );
  if (!options.keep) rmSync(workDir, { recursive: true, force: true });
  return {
    rows,
    data,
    hash: measure('hash', 'hash', { rows: data.largest.rows, bytes: allBytes })!,
    floor: measure('floor', 'floor', { rows: data.largest.rows, bytes: data.largest.bytes })!,
    engines: engineRuns,
  };
}

const stamp = (d: Date) => d.toISOString().replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');

export async function runBench(options: BenchOptions): Promise<number> {
  const log = (line: string) => process.stderr.write(`bench ${line}\n`);
  const started = new Date();
  const settings: BenchSettings = {
    rows: options.rows,
    seed: options.seed,
    engines: options.engines,
    enginesAvailable: ENGINES.filter((e) => e.available).map((e) => e.name),
    memoryLimit: options.memoryLimit,
    threads: options.threads,
    repeat: options.repeat,
    incrementShare: INCREMENT_SHARE,
    note: options.note,
    floorSql: floorSql('<largest input file>'),
  };
  const cpu = cpus();
  const machine: BenchResults['machine'] = {
    host: hostname(),
    cpuModel: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memoryBytes: totalmem(),
    os: `${osType()} ${release()}`,
    node: process.version,
    loadAverageStart: loadavg()[0]!,
    peakRssTool: rssSource(),
  };
  log(`rows ${options.rows.map(rowsLabel).join(', ')}; engines ${options.engines.join(', ')}; memory_limit ${options.memoryLimit}; load average ${machine.loadAverageStart.toFixed(2)} on ${machine.cores} cores`);

  const sizes: SizeResult[] = [];
  for (const rows of options.rows) sizes.push(await benchSize(rows, options, log));
  machine.loadAverageEnd = loadavg()[0]!;
  machine.duckdb = sizes.map((s) => s.floor.output?.duckdb).find((v): v is string => typeof v === 'string');

  const results: BenchResults = { schemaVersion: 1, startedAt: started.toISOString(), finishedAt: new Date().toISOString(), machine, settings, sizes, targets: [] };
  results.targets = evaluateTargets(results);
  const resultsDir = join(options.benchDir, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${stamp(started)}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);

  if (options.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  else process.stdout.write(`${renderReport(results)}\n`);
  log(`results written to ${relative(process.cwd(), file) || file}`);

  const measurements = sizes.flatMap((s) => [s.hash, s.floor, ...s.engines.flatMap((e) => [e.full, e.incremental, e.noop])]);
  return measurements.some((m) => m && !m.ok) ? 1 : 0;
}

export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = buildProgram(async (options) => {
    code = options.startup
      ? await runStartupBench({ repoRoot: REPO_ROOT, product: options.product, runs: options.repeat > 1 ? options.repeat : STARTUP_RUNS, benchDir: options.benchDir, json: options.json })
      : await runBench(options);
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    process.stderr.write(`bench: ${(err as Error).stack ?? err}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
