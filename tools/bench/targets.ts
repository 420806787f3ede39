/**
 * The targets of issue 7, checked against one benchmark run. Pure: no I/O, so it is unit tested
 * (targets.test.ts) and can re-check an old results file.
 */
import { bytes, GB, percent, ratio, rowsLabel } from './format';
import type { BenchResults, Measurement, SizeResult, TargetResult, TargetStatus } from './types';

export const BIG_ROWS = 10_000_000;
export const SMALL_ROWS = 1_000_000;

export const LIMITS = {
  /** Full validated pipeline ≤ 8× the scan floor of the same run (at 10M rows). */
  fullVsFloor: 8,
  /** Peak RSS of any pipeline step (at 10M rows). */
  peakRssBytes: 1.5 * GB,
  /** 1% incremental batch ≤ 5% of the full build time… */
  incrementalVsFull: 0.05,
  /** …and ≤ 1.5× the floor. */
  incrementalVsFloor: 1.5,
  /** A no-op re-run ≤ 2× sha256 of the files it reads. */
  noopVsHash: 2,
  /** Time at 10M ≤ 11× time at 1M. */
  scaling: 11,
  /** DuckDB ≥ 5× faster than PostgreSQL on the same files. */
  duckdbVsPostgres: 5,
} as const;

const wholePercent = (x: number) => percent(x).replace(/\.0%$/, '%');

type TargetId = 'full-vs-floor' | 'peak-rss' | 'incremental-vs-full' | 'incremental-vs-floor' | 'noop-vs-hash' | 'scaling' | 'duckdb-vs-postgres';

/** Title and threshold of each target, in report order. */
const TARGETS: Record<TargetId, { title: string; threshold: string }> = {
  'full-vs-floor': { title: 'full pipeline vs scan floor (10M rows)', threshold: `≤ ${LIMITS.fullVsFloor}× floor` },
  'peak-rss': { title: 'peak RSS of the pipeline (10M rows)', threshold: `≤ ${bytes(LIMITS.peakRssBytes)}` },
  'incremental-vs-full': { title: 'incremental batch vs full build', threshold: `≤ ${wholePercent(LIMITS.incrementalVsFull)} of full` },
  'incremental-vs-floor': { title: 'incremental batch vs scan floor', threshold: `≤ ${LIMITS.incrementalVsFloor}× floor` },
  'noop-vs-hash': { title: 'no-op re-run vs sha256 of its files', threshold: `≤ ${LIMITS.noopVsHash}× sha256` },
  scaling: { title: 'scaling: full pipeline at 10M vs 1M', threshold: `≤ ${LIMITS.scaling}× the 1M time` },
  'duckdb-vs-postgres': { title: 'DuckDB vs PostgreSQL, full pipeline', threshold: `DuckDB ≥ ${LIMITS.duckdbVsPostgres}× faster` },
};

const target = (id: TargetId, rest: Omit<TargetResult, 'id' | 'title' | 'threshold'>): TargetResult => ({ id, ...TARGETS[id], ...rest });
const notApplicable = (id: TargetId, note: string, measured = '—'): TargetResult => target(id, { measured, status: 'n/a', note });

type Input = Pick<BenchResults, 'sizes' | 'settings'>;

const stepOf = (size: SizeResult, engine: string, step: 'full' | 'incremental' | 'noop') => size.engines.find((e) => e.engine === engine)?.[step];

/** The measurements when every one ran and succeeded; otherwise the first problem, as text. */
function need(...items: [Measurement | undefined, string][]): Measurement[] | string {
  for (const [m, what] of items) {
    if (!m) return `${what} not measured`;
    if (!m.ok) return `${what} failed: ${m.error ?? 'unknown error'}`;
  }
  return items.map(([m]) => m as Measurement);
}

/** PASS/FAIL of value against an upper (atMost) or lower bound; FAIL with the problem when a step is missing. */
function verdict(got: Measurement[] | string, value: (ms: Measurement[]) => number, limit: number, atMost: boolean, show: (v: number) => string): { measured: string; status: TargetStatus } {
  if (typeof got === 'string') return { measured: got, status: 'FAIL' };
  const v = value(got);
  return { measured: show(v), status: (atMost ? v <= limit : v >= limit) ? 'PASS' : 'FAIL' };
}

/** For targets that need a size that did not run: what the sizes that did run show. */
function seenAt(sizes: SizeResult[], show: (s: SizeResult) => string | undefined): string {
  const parts = sizes.flatMap((s) => {
    const v = show(s);
    return v === undefined ? [] : [`${v} at ${rowsLabel(s.rows)}`];
  });
  return parts.length ? parts.join(', ') : '—';
}

/** The largest peak RSS of the pipeline steps of one size (the floors are not the pipeline). */
function pipelinePeak(s: SizeResult): number | undefined {
  const values = (['full', 'incremental', 'noop'] as const).flatMap((step) => {
    const m = stepOf(s, 'duckdb', step);
    return m && m.peakRssBytes !== null ? [m.peakRssBytes] : [];
  });
  return values.length ? Math.max(...values) : undefined;
}

const fullOverFloor = (s: SizeResult) => need([stepOf(s, 'duckdb', 'full'), 'full pipeline'], [s.floor, 'floor']);

function bigSizeTargets(sizes: SizeResult[]): TargetResult[] {
  const big = sizes.find((s) => s.rows === BIG_ROWS);
  const needsBig = `n/a (needs --rows ${BIG_ROWS})`;
  if (!big) {
    const ratioSeen = seenAt(sizes, (s) => {
      const got = fullOverFloor(s);
      return typeof got === 'string' ? undefined : ratio(got[0]!.wallMs / got[1]!.wallMs);
    });
    const peakSeen = seenAt(sizes, (s) => (pipelinePeak(s) === undefined ? undefined : bytes(pipelinePeak(s))));
    return [notApplicable('full-vs-floor', needsBig, ratioSeen), notApplicable('peak-rss', needsBig, peakSeen)];
  }
  const peak = pipelinePeak(big);
  return [
    target('full-vs-floor', { rows: big.rows, ...verdict(fullOverFloor(big), ([full, floor]) => full!.wallMs / floor!.wallMs, LIMITS.fullVsFloor, true, ratio) }),
    target('peak-rss', { rows: big.rows, ...(peak === undefined ? { measured: 'not measured', status: 'FAIL' } : { measured: bytes(peak), status: peak <= LIMITS.peakRssBytes ? 'PASS' : 'FAIL' }) }),
  ];
}

/** Per size: the incremental batch against the full build and the floor; the no-op re-run against hashing. */
function perSizeTargets(s: SizeResult): TargetResult[] {
  const full = stepOf(s, 'duckdb', 'full');
  const inc = stepOf(s, 'duckdb', 'incremental');
  const noop = stepOf(s, 'duckdb', 'noop');
  const share = wholePercent(s.data.increment.rows / s.rows);
  const titled = (id: TargetId) => `${share} ${TARGETS[id].title}`;
  return [
    { ...target('incremental-vs-full', { rows: s.rows, ...verdict(need([inc, 'incremental batch'], [full, 'full pipeline']), ([i, f]) => i!.wallMs / f!.wallMs, LIMITS.incrementalVsFull, true, percent) }), title: titled('incremental-vs-full') },
    { ...target('incremental-vs-floor', { rows: s.rows, ...verdict(need([inc, 'incremental batch'], [s.floor, 'floor']), ([i, f]) => i!.wallMs / f!.wallMs, LIMITS.incrementalVsFloor, true, ratio) }), title: titled('incremental-vs-floor') },
    target('noop-vs-hash', { rows: s.rows, ...verdict(need([noop, 'no-op re-run'], [s.hash, 'sha256 of the files']), ([n, h]) => n!.wallMs / h!.wallMs, LIMITS.noopVsHash, true, ratio) }),
  ];
}

function scalingTarget(sizes: SizeResult[]): TargetResult {
  const small = sizes.find((s) => s.rows === SMALL_ROWS);
  const big = sizes.find((s) => s.rows === BIG_ROWS);
  if (!big || !small) return notApplicable('scaling', `n/a (needs --rows ${SMALL_ROWS},${BIG_ROWS})`);
  const got = need([stepOf(small, 'duckdb', 'full'), 'full pipeline at 1M'], [stepOf(big, 'duckdb', 'full'), 'full pipeline at 10M']);
  return target('scaling', verdict(got, ([a, b]) => b!.wallMs / a!.wallMs, LIMITS.scaling, true, ratio));
}

/** DuckDB vs PostgreSQL on the same files, per size where PostgreSQL ran. */
function postgresTargets({ sizes, settings }: Input): TargetResult[] {
  const measured = sizes.filter((s) => s.engines.some((e) => e.engine === 'postgres' && e.available));
  const requested = settings.engines.includes('postgres');
  if (!settings.enginesAvailable.includes('postgres') || (requested && measured.length === 0)) return [notApplicable('duckdb-vs-postgres', 'n/a (no postgres engine)')];
  if (!requested || !settings.engines.includes('duckdb')) return [notApplicable('duckdb-vs-postgres', 'n/a (not run: add --engines duckdb,postgres)')];
  return measured.map((s) => {
    const got = need([stepOf(s, 'duckdb', 'full'), 'DuckDB full pipeline'], [stepOf(s, 'postgres', 'full'), 'PostgreSQL full pipeline']);
    return target('duckdb-vs-postgres', { rows: s.rows, ...verdict(got, ([d, p]) => p!.wallMs / d!.wallMs, LIMITS.duckdbVsPostgres, false, (v) => `${ratio(v)} faster`) });
  });
}

export function evaluateTargets(results: Input): TargetResult[] {
  if (!results.settings.engines.includes('duckdb')) {
    // Every target but the PostgreSQL comparison is about the DuckDB pipeline.
    const duckdbTargets: TargetId[] = ['full-vs-floor', 'peak-rss', 'incremental-vs-full', 'incremental-vs-floor', 'noop-vs-hash', 'scaling'];
    return [...duckdbTargets.map((id) => notApplicable(id, 'n/a (not run: add duckdb to --engines)')), ...postgresTargets(results)];
  }
  return [...bigSizeTargets(results.sizes), ...results.sizes.flatMap(perSizeTargets), scalingTarget(results.sizes), ...postgresTargets(results)];
}

/** "PASS 3, FAIL 2, n/a 4" for the summary line. */
export function targetSummary(targets: TargetResult[]): string {
  const count = (status: TargetStatus) => targets.filter((t) => t.status === status).length;
  return `PASS ${count('PASS')}, FAIL ${count('FAIL')}, n/a ${count('n/a')}`;
}
