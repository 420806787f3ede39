/**
 * One measured step, in its own process so its CPU time and peak RSS are its own:
 *   node --require tsx/cjs tools/bench/step.ts '<spec JSON>' <result file>
 * Writes a ChildReport as JSON to the result file. Started by steps.ts; not meant to be run by hand.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, writeFileSync } from 'node:fs';
import { DuckDbEngine } from '@finlake/engine-duckdb';
import { runPipeline } from '@finlake/pipeline';
import { ADAPTERS } from './adapters';
import { floorSql } from './engines';
import { StageClock } from './stages';
import type { ChildReport, FloorSpec, HashSpec, PipelineSpec, StepSpec } from './types';

type Output = Record<string, unknown>;
const round1 = (ms: number) => Math.round(ms * 10) / 10;

interface Timing {
  wallMs: number;
  cpuUserMs: number;
  cpuSystemMs: number;
}

/** What a step returns: its facts and, for steps that time their own passes, the time that stands for the step. */
interface Work {
  output: Output;
  timing?: Timing;
  /** A server engine's own process (see EngineAdapter.serverPeakRss). */
  serverPeakRssBytes?: number;
}

/** Start timing; the returned function reads wall and CPU time (all threads of the process) since. */
function stopwatch(): () => Timing {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  return () => {
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    return { wallMs: round1(wallMs), cpuUserMs: round1(cpu.user / 1000), cpuSystemMs: round1(cpu.system / 1000) };
  };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; timing: Timing }> {
  const elapsed = stopwatch();
  const value = await fn();
  return { value, timing: elapsed() };
}

/** The floors are short and set every ratio: time several passes in one process and keep the median. */
async function passes<T>(count: number, fn: () => Promise<T>): Promise<{ value: T; timing: Timing; passesMs: number[] }> {
  const runs: { value: T; timing: Timing }[] = [];
  for (let i = 0; i < Math.max(1, count); i++) runs.push(await timed(fn));
  const sorted = [...runs].sort((a, b) => a.timing.wallMs - b.timing.wallMs);
  const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
  return { ...median, passesMs: runs.map((r) => r.timing.wallMs) };
}

/** sha256 of each file, read in 1 MiB blocks: what a no-op re-run cannot avoid. */
async function hashFiles(spec: HashSpec): Promise<Work> {
  const buffer = Buffer.allocUnsafe(1 << 20);
  const hashAll = async () => {
    const files: { file: string; bytes: number; sha256: string }[] = [];
    for (const file of spec.files) {
      const hash = createHash('sha256');
      const fd = openSync(file, 'r');
      let bytes = 0;
      try {
        for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer)) {
          hash.update(buffer.subarray(0, n));
          bytes += n;
        }
      } finally {
        closeSync(fd);
      }
      files.push({ file, bytes, sha256: hash.digest('hex') });
    }
    return files;
  };
  const { value, timing, passesMs } = await passes(spec.passes, hashAll);
  return { output: { files: value, passesMs }, timing };
}

async function floor(spec: FloorSpec): Promise<Work> {
  const engine = await DuckDbEngine.create({ path: ':memory:', memoryLimit: spec.memoryLimit, tempDirectory: spec.tempDirectory, threads: spec.threads });
  try {
    const { value: rows, timing, passesMs } = await passes(spec.passes, async () => {
      const [row] = await engine.query<{ n: number }>(floorSql(spec.file));
      return Number(row?.n ?? 0);
    });
    const [settings] = await engine.query<{ version: string; threads: string; memory_limit: string }>(
      `select version() as version, current_setting('threads') as threads, current_setting('memory_limit') as memory_limit`,
    );
    return { output: { rows, passesMs, duckdb: settings?.version, threads: Number(settings?.threads), memoryLimit: settings?.memory_limit }, timing };
  } finally {
    await engine.close();
  }
}

/** Route the engine's FINLAKE_TRACE_SQL lines (stderr) into the stage clock; other output passes through. */
function captureTrace(clock: StageClock): () => void {
  process.env.FINLAKE_TRACE_SQL = '1';
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    const other = text.split(/(?<=\n)/).filter((line) => !clock.traceLine(line));
    return other.length === 0 ? true : write(other.join(''), ...rest);
  }) as typeof process.stderr.write;
  return () => {
    process.stderr.write = write;
    delete process.env.FINLAKE_TRACE_SQL;
  };
}

async function pipeline(spec: PipelineSpec, clock: StageClock): Promise<Work> {
  const adapter = ADAPTERS[spec.engine];
  if (!adapter) throw new Error(`Engine ${spec.engine} is not available.`);
  const restore = captureTrace(clock);
  try {
    clock.start('open', 'open');
    const engine = await adapter.open(spec);
    try {
      clock.start('setup (schema, ledger)', 'setup');
      const result = await runPipeline(engine, { product: spec.product, inputDir: spec.inputDir, onEvent: (e) => clock.event(e) });
      clock.pipelineReturned();
      const serverPeakRssBytes = (await adapter.serverPeakRss?.(engine)) ?? undefined;
      clock.start('close', 'close');
      const output = {
        status: result.status,
        message: result.message,
        files: result.files.map((f) => ({ file: f.file, status: f.status, rowsRead: f.rowsRead, rowsLoaded: f.rowsLoaded, rowsQuarantined: f.rowsQuarantined, bytes: f.bytes, reasonCode: f.reasonCode })),
        gateChecks: result.gate.length,
        gateFailed: result.gate.filter((g) => !g.passed).map((g) => `${g.table}: ${g.check}`),
      };
      return { output, serverPeakRssBytes };
    } finally {
      await engine.close();
    }
  } finally {
    clock.finish();
    restore();
  }
}

function run(spec: StepSpec, clock: StageClock): Promise<Work> {
  switch (spec.kind) {
    case 'hash':
      return hashFiles(spec);
    case 'floor':
      return floor(spec);
    case 'pipeline':
      return pipeline(spec, clock);
  }
}

/** Not timed: a fresh run starts from an empty warehouse. (Modules are imported statically, before any timing.) */
async function prepare(spec: StepSpec): Promise<void> {
  if (spec.kind === 'pipeline' && spec.fresh) await ADAPTERS[spec.engine]?.reset(spec);
}

async function main(): Promise<void> {
  const [specJson, resultFile] = process.argv.slice(2);
  if (!specJson || !resultFile) throw new Error('usage: step.ts <spec JSON> <result file>');
  const spec = JSON.parse(specJson) as StepSpec;
  await prepare(spec);
  const clock = new StageClock();
  const elapsed = stopwatch();
  let result: { ok: true; work: Work } | { ok: false; error: string };
  try {
    result = { ok: true, work: await run(spec, clock) };
  } catch (err) {
    result = { ok: false, error: (err as Error).message };
  }
  const timing = elapsed();
  const stages = spec.kind === 'pipeline' ? clock.finish() : undefined;
  const report: ChildReport = {
    ...(result.ok ? { ok: true, output: result.work.output, ...(result.work.timing ?? timing) } : { ok: false, error: result.error, ...timing }),
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    ...(result.ok && result.work.serverPeakRssBytes !== undefined ? { serverPeakRssBytes: result.work.serverPeakRssBytes } : {}),
    stages,
  };
  writeFileSync(resultFile, JSON.stringify(report));
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`bench step: ${(err as Error).stack ?? err}\n`);
    process.exitCode = 1;
  });
}
