import { evaluateTargets, LIMITS, targetSummary } from './targets';
import type { BenchSettings, DataSet, EngineRun, Measurement, SizeResult, StepName, TargetResult } from './types';

function m(step: StepName, wallMs: number, extra: Partial<Measurement> = {}): Measurement {
  return { step, ok: true, rows: 0, bytes: 0, wallMs, samplesMs: [wallMs], processMs: wallMs + 500, cpuMs: wallMs, cpuUserMs: wallMs, cpuSystemMs: 0, peakRssBytes: 100e6, peakRssSource: '/usr/bin/time -v', rowsPerSec: 0, ...extra };
}

function data(rows: number): DataSet {
  const file = (name: string, n: number) => ({ name, path: `/d/${name}`, rows: n, bytes: n * 100 });
  const transactions = file('transactions.csv', rows);
  return { rows, seed: 42, dir: '/d', fullDir: '/d/full', incrementDir: '/d/increment', files: [transactions], largest: transactions, increment: file('transactions_increment.csv', rows / 100), cached: true, generateMs: 0 };
}

interface SizeTimes {
  hash?: number;
  floor?: number;
  full?: number;
  incremental?: number;
  noop?: number;
  peak?: number;
}

function size(rows: number, t: SizeTimes = {}, engines: EngineRun[] = []): SizeResult {
  const peak = { peakRssBytes: t.peak ?? 500e6 };
  const duckdb: EngineRun = {
    engine: 'duckdb',
    available: true,
    full: m('full', t.full ?? 7000, peak),
    incremental: m('incremental', t.incremental ?? 300, peak),
    noop: m('noop', t.noop ?? 300, peak),
  };
  // The floors use little memory and must never count as the pipeline's peak.
  const lowPeak = { peakRssBytes: 50e6 };
  return { rows, data: data(rows), hash: m('hash', t.hash ?? 200, lowPeak), floor: m('floor', t.floor ?? 1000, lowPeak), engines: [duckdb, ...engines] };
}

const settings = (engines = ['duckdb'], enginesAvailable = ['duckdb']): BenchSettings => ({ rows: [], seed: 42, engines, enginesAvailable, memoryLimit: '1500MB', repeat: 1, incrementShare: 0.01, floorSql: 'select count(*)' });

const find = (targets: TargetResult[], id: string, rows?: number) => {
  const found = targets.filter((t) => t.id === id && (rows === undefined || t.rows === rows));
  expect(found).toHaveLength(1);
  return found[0]!;
};

describe('evaluateTargets', () => {
  it('shows the 10M, scaling and PostgreSQL targets as n/a after a 1M run, with what 1M showed', () => {
    const targets = evaluateTargets({ settings: settings(), sizes: [size(1_000_000, { full: 12_000, floor: 1000, peak: 800e6 })] });
    expect(find(targets, 'full-vs-floor')).toMatchObject({ status: 'n/a', note: 'n/a (needs --rows 10000000)', measured: '12.0× at 1M' });
    expect(find(targets, 'peak-rss')).toMatchObject({ status: 'n/a', note: 'n/a (needs --rows 10000000)', measured: '800 MB at 1M' });
    expect(find(targets, 'scaling')).toMatchObject({ status: 'n/a', note: 'n/a (needs --rows 1000000,10000000)' });
    expect(find(targets, 'duckdb-vs-postgres')).toMatchObject({ status: 'n/a', note: 'n/a (no postgres engine)' });
  });

  it('checks the incremental batch and the no-op re-run at every size', () => {
    const targets = evaluateTargets({
      settings: settings(),
      sizes: [size(100_000, { full: 4000, incremental: 1000, floor: 200, noop: 150, hash: 10 }), size(1_000_000, { full: 10_000, incremental: 400, floor: 1000, noop: 150, hash: 100 })],
    });
    expect(find(targets, 'incremental-vs-full', 100_000)).toMatchObject({ status: 'FAIL', measured: '25.0%', title: '1% incremental batch vs full build' });
    expect(find(targets, 'incremental-vs-full', 1_000_000)).toMatchObject({ status: 'PASS', measured: '4.0%' });
    expect(find(targets, 'incremental-vs-floor', 100_000)).toMatchObject({ status: 'FAIL', measured: '5.00×' });
    expect(find(targets, 'incremental-vs-floor', 1_000_000)).toMatchObject({ status: 'PASS', measured: '0.40×' });
    expect(find(targets, 'noop-vs-hash', 100_000)).toMatchObject({ status: 'FAIL', measured: '15.0×' });
    expect(find(targets, 'noop-vs-hash', 1_000_000)).toMatchObject({ status: 'PASS', measured: '1.50×' });
  });

  it('passes a value exactly at the limit', () => {
    const targets = evaluateTargets({
      settings: settings(),
      sizes: [size(10_000_000, { floor: 1000, full: LIMITS.fullVsFloor * 1000, incremental: 1500, noop: 2000, hash: 1000, peak: LIMITS.peakRssBytes })],
    });
    expect(find(targets, 'full-vs-floor').status).toBe('PASS');
    expect(find(targets, 'peak-rss').status).toBe('PASS');
    expect(find(targets, 'incremental-vs-floor').status).toBe('PASS');
    expect(find(targets, 'noop-vs-hash').status).toBe('PASS');
  });

  it('checks the 10M targets and the scaling when 1M and 10M both ran', () => {
    const targets = evaluateTargets({
      settings: settings(),
      sizes: [size(1_000_000, { full: 4000 }), size(10_000_000, { floor: 2400, full: 46_000, peak: 1.9e9 })],
    });
    expect(find(targets, 'full-vs-floor')).toMatchObject({ status: 'FAIL', rows: 10_000_000, measured: '19.2×' });
    expect(find(targets, 'peak-rss')).toMatchObject({ status: 'FAIL', measured: '1.90 GB' });
    expect(find(targets, 'scaling')).toMatchObject({ status: 'FAIL', measured: '11.5×' });
    const fast = evaluateTargets({ settings: settings(), sizes: [size(1_000_000, { full: 4000 }), size(10_000_000, { floor: 2400, full: 19_000, peak: 1.2e9 })] });
    expect(find(fast, 'full-vs-floor').status).toBe('PASS');
    expect(find(fast, 'peak-rss').status).toBe('PASS');
    expect(find(fast, 'scaling')).toMatchObject({ status: 'PASS', measured: '4.75×' });
  });

  it('takes the peak RSS from the pipeline steps only, the largest of them', () => {
    const s = size(10_000_000, { peak: 1e9 });
    s.engines[0]!.incremental!.peakRssBytes = 1.6e9;
    s.floor.peakRssBytes = 3e9;
    expect(find(evaluateTargets({ settings: settings(), sizes: [s] }), 'peak-rss')).toMatchObject({ status: 'FAIL', measured: '1.60 GB' });
  });

  it('fails a target whose step failed or did not run, saying why', () => {
    const s = size(1_000_000);
    s.engines[0]!.incremental = { ...s.engines[0]!.incremental!, ok: false, error: 'expected published, got blocked' };
    s.engines[0]!.noop = undefined;
    const targets = evaluateTargets({ settings: settings(), sizes: [s] });
    expect(find(targets, 'incremental-vs-full')).toMatchObject({ status: 'FAIL', measured: 'incremental batch failed: expected published, got blocked' });
    expect(find(targets, 'noop-vs-hash')).toMatchObject({ status: 'FAIL', measured: 'no-op re-run not measured' });
  });

  it('reports PostgreSQL as n/a while the engine is not available, and compares when it ran', () => {
    const unavailable: EngineRun = { engine: 'postgres', available: false, reason: 'not available yet' };
    const requested = evaluateTargets({ settings: settings(['duckdb', 'postgres']), sizes: [size(1_000_000, {}, [unavailable])] });
    expect(find(requested, 'duckdb-vs-postgres')).toMatchObject({ status: 'n/a', note: 'n/a (no postgres engine)' });

    const both = ['duckdb', 'postgres'];
    const notRequested = evaluateTargets({ settings: settings(['duckdb'], both), sizes: [size(1_000_000)] });
    expect(find(notRequested, 'duckdb-vs-postgres')).toMatchObject({ status: 'n/a', note: 'n/a (not run: add --engines duckdb,postgres)' });

    const pg = (fullMs: number): EngineRun => ({ engine: 'postgres', available: true, full: m('full', fullMs, { engine: 'postgres' }) });
    const slow = evaluateTargets({ settings: settings(both, both), sizes: [size(1_000_000, { full: 10_000 }, [pg(74_500)])] });
    expect(find(slow, 'duckdb-vs-postgres')).toMatchObject({ status: 'PASS', rows: 1_000_000, measured: '7.45× faster' });
    const close = evaluateTargets({ settings: settings(both, both), sizes: [size(1_000_000, { full: 10_000 }, [pg(30_000)])] });
    expect(find(close, 'duckdb-vs-postgres').status).toBe('FAIL');
  });

  it('shows the DuckDB targets as n/a when DuckDB was not among the engines', () => {
    const s = size(1_000_000);
    s.engines = [{ engine: 'postgres', available: false, reason: 'not available yet' }];
    const targets = evaluateTargets({ settings: settings(['postgres']), sizes: [s] });
    expect(targets.filter((t) => t.id !== 'duckdb-vs-postgres').every((t) => t.status === 'n/a' && t.note === 'n/a (not run: add duckdb to --engines)')).toBe(true);
    expect(find(targets, 'duckdb-vs-postgres').note).toBe('n/a (no postgres engine)');
  });

  it('summarises the verdicts', () => {
    const targets = evaluateTargets({ settings: settings(), sizes: [size(1_000_000, { full: 10_000, incremental: 400, floor: 1000, noop: 150, hash: 100 })] });
    expect(targetSummary(targets)).toBe('PASS 3, FAIL 0, n/a 4');
  });
});
