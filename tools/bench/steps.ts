/**
 * Runs each measured step in a child process (step.ts) and turns what it reports into a
 * Measurement. Peak RSS comes from `/usr/bin/time -v` when it is there, else from the child's own
 * process.resourceUsage().maxRSS; both are the kernel's high-water mark of the child.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildReport, Measurement, RssSource, StepName, StepSpec } from './types';

const TIME = '/usr/bin/time';
const STEP_SCRIPT = join(__dirname, 'step.ts');
const STDERR_KEPT = 8000;

let timeTool: boolean | undefined;

/** GNU time with -v (BusyBox and BSD time lack the "Maximum resident set size" line). */
export function hasGnuTime(): boolean {
  if (timeTool === undefined) {
    if (!existsSync(TIME)) timeTool = false;
    else {
      const probe = spawnSync(TIME, ['-v', process.execPath, '-e', ''], { encoding: 'utf8' });
      timeTool = probe.status === 0 && /Maximum resident set size/.test(probe.stderr);
    }
  }
  return timeTool;
}

export const rssSource = (): RssSource => (hasGnuTime() ? '/usr/bin/time -v' : 'process.resourceUsage().maxRSS');

export interface ChildRun {
  report: ChildReport;
  /** Spawn to exit, node and tsx start-up included. */
  processMs: number;
  peakRssBytes: number | null;
}

/** Run one step in a fresh node process and wait for its report. */
export async function runChild(spec: StepSpec, ctx: { repoRoot: string; scratchDir: string }): Promise<ChildRun> {
  mkdirSync(ctx.scratchDir, { recursive: true });
  const id = `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const resultFile = join(ctx.scratchDir, `step-${id}.json`);
  const timeFile = join(ctx.scratchDir, `time-${id}.txt`);
  const nodeArgs = ['--require', require.resolve('tsx/cjs'), STEP_SCRIPT, JSON.stringify(spec), resultFile];
  const [command, args] = hasGnuTime() ? [TIME, ['-v', '-o', timeFile, process.execPath, ...nodeArgs]] : [process.execPath, nodeArgs];
  // Never let a test hook or a trace setting of the caller leak into a measured run.
  const env = { ...process.env };
  delete env.FINLAKE_FAILPOINT;
  delete env.FINLAKE_TRACE_SQL;

  const started = performance.now();
  const { code, signal, stderr } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve, reject) => {
    const child = spawn(command, args, { cwd: ctx.repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    const keep = (chunk: Buffer) => {
      err = (err + chunk.toString('utf8')).slice(-STDERR_KEPT);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (c, s) => resolve({ code: c, signal: s, stderr: err }));
  });
  const processMs = Math.round(performance.now() - started);

  let timePeak: number | null = null;
  if (existsSync(timeFile)) {
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(readFileSync(timeFile, 'utf8'));
    if (m) timePeak = Number(m[1]) * 1024;
    rmSync(timeFile, { force: true });
  }
  let report: ChildReport;
  if (existsSync(resultFile)) {
    report = JSON.parse(readFileSync(resultFile, 'utf8')) as ChildReport;
    rmSync(resultFile, { force: true });
  } else {
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    const tail = stderr.trim().split('\n').slice(-6).join('\n');
    report = { ok: false, error: `the step process ${how} without a report${tail ? `:\n${tail}` : ''}`, wallMs: processMs, cpuUserMs: 0, cpuSystemMs: 0, maxRssBytes: 0 };
  }
  const peakRssBytes = timePeak ?? (report.maxRssBytes > 0 ? report.maxRssBytes : null);
  return { report, processMs, peakRssBytes };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

/**
 * One step over its repetitions: the run with the median work time stands for the step (its
 * CPU, stages and output); peak RSS is the largest of all runs; a failure in any run fails the step.
 */
export function summarise(step: StepName, runs: ChildRun[], facts: { rows: number; bytes: number; engine?: string }): Measurement {
  const failed = runs.find((r) => !r.report.ok);
  const samplesMs = runs.map((r) => r.report.wallMs);
  const chosen = failed ?? runs.find((r) => r.report.wallMs === median(samplesMs)) ?? runs[0]!;
  const r = chosen.report;
  const peaks = runs.flatMap((x) => (x.peakRssBytes === null ? [] : [x.peakRssBytes]));
  const serverPeaks = runs.flatMap((x) => (x.report.serverPeakRssBytes === undefined ? [] : [x.report.serverPeakRssBytes]));
  return {
    step,
    engine: facts.engine,
    ok: !failed,
    error: failed?.report.error,
    rows: facts.rows,
    bytes: facts.bytes,
    wallMs: r.wallMs,
    samplesMs,
    processMs: chosen.processMs,
    cpuMs: Math.round((r.cpuUserMs + r.cpuSystemMs) * 10) / 10,
    cpuUserMs: r.cpuUserMs,
    cpuSystemMs: r.cpuSystemMs,
    peakRssBytes: peaks.length ? Math.max(...peaks) : null,
    peakRssSource: rssSource(),
    ...(serverPeaks.length ? { serverPeakRssBytes: Math.max(...serverPeaks) } : {}),
    rowsPerSec: r.wallMs > 0 ? Math.round(facts.rows / (r.wallMs / 1000)) : 0,
    stages: r.stages,
    output: r.output,
  };
}
