import type { FileOutcome } from '@finlake/pipeline';
import { processPeakRss } from './adapters';
import { main, parseEngines, parseRows } from './main';
import { byCategory, StageClock } from './stages';

describe('bench flags', () => {
  it('reads row counts with k/M suffixes and underscores, sorted and without duplicates', () => {
    expect(parseRows('1M')).toEqual([1_000_000]);
    expect(parseRows('10M,1_000_000,100k,1M')).toEqual([100_000, 1_000_000, 10_000_000]);
    expect(() => parseRows('0')).toThrow(/from 1/);
    expect(() => parseRows('1e6')).toThrow(/not a row count/);
    expect(() => parseRows('')).toThrow(/not a row count/);
  });

  it('knows the engines', () => {
    expect(parseEngines('duckdb,postgres')).toEqual(['duckdb', 'postgres']);
    expect(() => parseEngines('duckdb,mysql')).toThrow(/unknown engine "mysql"; known: duckdb, postgres/);
  });

  it('exits 2 on a bad flag and 0 on --help, before measuring anything', async () => {
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await main(['--rows', 'lots'])).toBe(2);
      expect(await main(['--engines', 'oracle'])).toBe(2);
      expect(await main(['--repeat', '0'])).toBe(2);
      expect(await main(['--frobnicate'])).toBe(2);
      expect(await main(['--help'])).toBe(0);
    } finally {
      write.mockRestore();
      out.mockRestore();
    }
  });
});

describe('StageClock', () => {
  const outcome = (status: FileOutcome['status']) => ({ status }) as FileOutcome;

  it('turns pipeline events into stages and attributes traced SQL to the running stage', () => {
    let now = 0;
    const clock = new StageClock(() => now);
    clock.start('open', 'open');
    now = 5;
    clock.start('setup (schema, ledger)', 'setup');
    now = 10;
    clock.event({ kind: 'plan', files: 2, steps: 5 });
    expect(clock.traceLine('[sql    300 ms] create temp table "raw_0" as select ...\n')).toBe(true);
    expect(clock.traceLine('something else\n')).toBe(false);
    now = 400;
    clock.event({ kind: 'file', file: 'transactions.csv', outcome: outcome('loaded') });
    now = 402;
    clock.event({ kind: 'step', name: 'stage' });
    now = 450;
    clock.event({ kind: 'step', name: 'build', detail: 'fact_transactions' });
    clock.sql(40, 'create table warehouse.fact_transactions__new ...');
    now = 500;
    clock.event({ kind: 'step', name: 'publish' });
    now = 600;
    clock.pipelineReturned();
    const stages = clock.finish();
    expect(stages.map((s) => [s.name, s.ms])).toEqual([
      ['open', 5],
      ['setup (schema, ledger)', 5],
      ['ingest + validate transactions.csv (loaded)', 390],
      ['begin transaction', 2],
      ['stage + reconcile', 48],
      ['build fact_transactions', 50],
      ['publish (swap, ledger, commit, checkpoint)', 100],
    ]);
    expect(stages[2]).toMatchObject({ sqlMs: 300, statements: 1, slowest: [{ ms: 300, sql: 'create temp table "raw_0" as select ...' }] });
    expect(byCategory(stages).map((c) => c.category)).toEqual(['open', 'setup', 'ingest + validate', 'stage + reconcile', 'build', 'publish', 'other']);
  });

  it('names the end of a run with nothing new', () => {
    let now = 0;
    const clock = new StageClock(() => now);
    clock.event({ kind: 'plan', files: 1, steps: 3 });
    now = 30;
    clock.event({ kind: 'file', file: 'transactions.csv', outcome: outcome('skipped') });
    now = 35;
    clock.pipelineReturned();
    expect(clock.finish().map((s) => [s.name, s.category, s.ms])).toEqual([
      ['hash transactions.csv (skipped)', 'hash (skipped files)', 30],
      ['finish (ledger record, checkpoint)', 'finish', 5],
    ]);
  });
});

describe('processPeakRss', () => {
  const status = (lines: string[]) => () => lines.join('\n');
  it.each([
    ['the VmHWM line of /proc/<pid>/status, in bytes', status(['Name:\tpostgres', 'VmPeak:\t  400000 kB', 'VmHWM:\t  123456 kB', 'VmRSS:\t  100000 kB']), 123456 * 1024],
    ['no VmHWM line (a kernel thread)', status(['Name:\tkthreadd', 'State:\tS (sleeping)']), null],
    [
      'a process that is gone or not readable',
      () => {
        throw new Error('ENOENT');
      },
      null,
    ],
  ])('%s', (_name, read, expected) => {
    expect(processPeakRss(4242, read)).toBe(expected);
  });

  it('reads this process', () => {
    expect(processPeakRss(process.pid)).toBeGreaterThan(10 * 1024 * 1024);
  });
});
