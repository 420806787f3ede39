/**
 * Stage timings of one pipeline run, from the pipeline's events (each event ends one stage and
 * starts the next) and the statements FINLAKE_TRACE_SQL prints (attributed to the running stage).
 */
import type { PipelineEvent } from '@finlake/pipeline';
import type { StageTiming } from './types';

/** Report order of the stage categories. */
export const STAGE_CATEGORIES = ['open', 'setup', 'ingest + validate', 'hash (skipped files)', 'stage + reconcile', 'key maps', 'build', 'gate', 'publish', 'finish', 'close', 'other'] as const;

const SLOWEST_KEPT = 3;
const round1 = (ms: number) => Math.round(ms * 10) / 10;

/** `[sql     12 ms] select ...` as printed by the DuckDB engine's FINLAKE_TRACE_SQL. */
export const TRACE_LINE = /^\[sql\s+(\d+) ms\] (.*)$/;

interface Running {
  name: string;
  category: string;
  started: number;
  sqlMs: number;
  statements: number;
  slowest: { ms: number; sql: string }[];
  /** Started after a file's event: becomes the next file's ingest, or is renamed by what follows. */
  afterFile: boolean;
}

export class StageClock {
  private readonly done: StageTiming[] = [];
  private current: Running | undefined;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** End the running stage (if any) and start a new one. */
  start(name: string, category: string, afterFile = false): void {
    this.end();
    this.current = { name, category, started: this.now(), sqlMs: 0, statements: 0, slowest: [], afterFile };
  }

  /** A pipeline event: ends the running stage; names it when it was a file's ingest. */
  event(event: PipelineEvent): void {
    if (event.kind === 'plan') {
      this.start('ingest + validate', 'ingest + validate', true);
    } else if (event.kind === 'file') {
      const skipped = event.outcome.status === 'skipped';
      this.rename(`${skipped ? 'hash' : 'ingest + validate'} ${event.file} (${event.outcome.status})`, skipped ? 'hash (skipped files)' : 'ingest + validate');
      this.start('ingest + validate', 'ingest + validate', true);
    } else {
      this.renameIfAfterFile('begin transaction', 'other');
      if (event.name === 'stage') this.start('stage + reconcile', 'stage + reconcile');
      else if (event.name === 'keys') this.start('key maps', 'key maps');
      else if (event.name === 'build') this.start(`build ${event.detail ?? ''}`.trim(), 'build');
      else if (event.name === 'gate') this.start('gate', 'gate');
      else if (event.name === 'publish') this.start('publish (swap, ledger, commit, checkpoint)', 'publish');
      else this.start(event.name, 'other');
    }
  }

  /** The pipeline returned: a stage still waiting for a file was its ending (records, checkpoint). */
  pipelineReturned(): void {
    this.renameIfAfterFile('finish (ledger record, checkpoint)', 'finish');
  }

  /** One traced statement, attributed to the running stage. */
  sql(ms: number, text: string): void {
    const c = this.current;
    if (!c) return;
    c.sqlMs += ms;
    c.statements += 1;
    c.slowest.push({ ms, sql: text });
    c.slowest.sort((a, b) => b.ms - a.ms);
    c.slowest.length = Math.min(c.slowest.length, SLOWEST_KEPT);
  }

  /** Feed a chunk written to stderr; returns true when it was a trace line (to be swallowed). */
  traceLine(line: string): boolean {
    const m = TRACE_LINE.exec(line.replace(/\n$/, ''));
    if (!m) return false;
    this.sql(Number(m[1]), m[2]!);
    return true;
  }

  finish(): StageTiming[] {
    this.end();
    return this.done;
  }

  private rename(name: string, category: string): void {
    if (!this.current) return;
    this.current.name = name;
    this.current.category = category;
    this.current.afterFile = false;
  }

  private renameIfAfterFile(name: string, category: string): void {
    if (this.current?.afterFile) this.rename(name, category);
  }

  private end(): void {
    const c = this.current;
    if (!c) return;
    this.done.push({ name: c.name, category: c.category, ms: round1(this.now() - c.started), sqlMs: c.sqlMs, statements: c.statements, slowest: c.slowest });
    this.current = undefined;
  }
}

/** Stage timings summed by category, in report order. */
export function byCategory(stages: StageTiming[]): { category: string; ms: number; sqlMs: number; statements: number }[] {
  const order = (c: string) => {
    const i = (STAGE_CATEGORIES as readonly string[]).indexOf(c);
    return i === -1 ? STAGE_CATEGORIES.length : i;
  };
  const sums = new Map<string, { category: string; ms: number; sqlMs: number; statements: number }>();
  for (const s of stages) {
    const sum = sums.get(s.category) ?? { category: s.category, ms: 0, sqlMs: 0, statements: 0 };
    sum.ms += s.ms;
    sum.sqlMs += s.sqlMs;
    sum.statements += s.statements;
    sums.set(s.category, sum);
  }
  return [...sums.values()].sort((a, b) => order(a.category) - order(b.category));
}

/** The slowest statements of a run across its stages, slowest first. */
export function slowestStatements(stages: StageTiming[], count: number): { stage: string; ms: number; sql: string }[] {
  return stages
    .flatMap((s) => s.slowest.map((q) => ({ stage: s.name, ...q })))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, count);
}
