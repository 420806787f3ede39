/**
 * The ledger's incremental builds on every engine: a close appends its GL lines and rebuilds only
 * the mart partitions it touches (its month, its fiscal year), late lines and a re-forecast rebuild
 * theirs, a master change rebuilds the marts whole — and each gives the warehouse a single run over
 * all the files gives.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '@finlake/engine';
import { generateLedger, generateLedgerIncrement } from '@finlake/products';
import { TEST_ENGINES, fingerprint, inputDir, scalar, tempDir } from '../../testing';
import { runPipeline } from '../run';
import type { RunResult } from '../context';

const NOW = new Date('2026-12-31T00:00:00Z');
const W = 'ledger_warehouse';

/** The generated years and their close, made once for every engine. */
const full = tempDir();
const close = tempDir();
let closeFile = '';
beforeAll(async () => {
  const generated = await generateLedger({ rows: 4000, seed: 11, outDir: full });
  const increment = await generateLedgerIncrement({ full: generated, rows: 200, seed: 11, outDir: close, workDir: tempDir() });
  closeFile = increment.name;
});

const csv = (dir: string, name: string) => readFileSync(join(dir, name), 'utf8').trimEnd().split('\n');

/** Lines posted late into an open month of the first year: copies of its lines under new ids. */
function lateLines(month: string): string {
  const [header, ...lines] = csv(full, 'transactions.csv');
  const late = lines.filter((l) => l.split(',')[1]!.startsWith(month)).slice(0, 5).map((l, i) => `LATE${i},${l.split(',').slice(1).join(',')}`);
  return `${header}\n${late.join('\n')}\n`;
}

/** A re-forecast of one month: the month's budget lines as Forecast v2. */
function reforecast(month: string): string {
  const [header, ...lines] = csv(full, 'budget.csv');
  const names = header!.split(',');
  const at = (name: string) => names.indexOf(name);
  const rows = lines.filter((l) => l.split(',')[at('Period')] === month).slice(0, 20).map((l, i) => {
    const cells = l.split(',');
    cells[at('BudgetID')] = `RF${i}`;
    cells[at('Scenario')] = 'Forecast';
    cells[at('Version')] = 'v2';
    return cells.join(',');
  });
  return `${header}\n${rows.join('\n')}\n`;
}

describe.each(TEST_ENGINES)('ledger incremental builds on $name', ({ create }) => {
  let engine: Engine;
  beforeEach(async () => {
    engine = await create();
  });
  afterEach(() => engine.close());

  async function load(into: Engine, dir: string): Promise<{ result: RunResult; builds: string[] }> {
    const builds: string[] = [];
    const result = await runPipeline(into, { product: 'ledger', inputDir: dir, maxQuarantineRate: 1, now: NOW, onEvent: (e) => e.kind === 'step' && e.name === 'build' && e.detail && builds.push(e.detail) });
    expect(result.status).toBe('published');
    return { result, builds };
  }

  /** The warehouse of one run over every file the runs above loaded in turn. */
  async function builtAtOnce(files: Record<string, string>): Promise<Awaited<ReturnType<typeof fingerprint>>> {
    const fresh = await create();
    try {
      await load(fresh, inputDir(full, files));
      return await fingerprint(fresh, { product: 'ledger' });
    } finally {
      await fresh.close();
    }
  }

  it('a close appends its lines and rebuilds its month and fiscal year only, as a full build would', async () => {
    await load(engine, full);
    const monthlyBefore = await scalar(engine, `select count(*) from ${W}.mart_budget_variance_monthly`);
    const { builds } = await load(engine, close);
    expect(builds).toEqual(
      expect.arrayContaining([
        'fact_gl_actual (new rows appended)',
        'fact_budget (new rows appended)',
        'mart_budget_variance_monthly (touched period partitions rebuilt)',
        'mart_budget_variance_ytd (touched fiscal_year partitions rebuilt)',
      ]),
    );
    const closeMonth = String(await scalar(engine, `select max(period) from ${W}.fact_gl_actual`));
    expect(closeFile).toContain(closeMonth);
    // The close added its month's rows; every month before it kept its own.
    expect(Number(await scalar(engine, `select count(*) from ${W}.mart_budget_variance_monthly where period < ?`, [closeMonth]))).toBe(Number(monthlyBefore));
    expect(await fingerprint(engine, { product: 'ledger' })).toEqual(await builtAtOnce({ [closeFile]: readFileSync(join(close, closeFile), 'utf8') }));
  });

  it('late lines in an open month and a re-forecast rebuild their partitions to the full build', async () => {
    await load(engine, full);
    const month = String(await scalar(engine, `select min(period) from ${W}.fact_gl_actual`)).slice(0, 4) + '-06';
    const files = { 'transactions_late.csv': lateLines(month), 'budget_reforecast.csv': reforecast(month) };
    const { builds } = await load(engine, inputDir(full, files));
    expect(builds).toContain('mart_budget_variance_monthly (touched period partitions rebuilt)');
    expect(Number(await scalar(engine, `select count(*) from ${W}.mart_budget_variance_monthly where period = ? and scenario = 'Forecast' and version = 'v2'`, [month]))).toBeGreaterThan(0);
    expect(Number(await scalar(engine, `select count(*) from ${W}.mart_budget_variance_ytd where through_period = ? and scenario = 'Forecast' and version = 'v2'`, [month]))).toBeGreaterThan(0);
    expect(await fingerprint(engine, { product: 'ledger' })).toEqual(await builtAtOnce(files));
  });

  it('a new department version rebuilds the marts whole', async () => {
    await load(engine, full);
    const [header, first] = csv(full, 'departments.csv');
    const cells = first!.split(',');
    const moved = [cells[0], cells[1], 'Moved Unit', cells[3], '2099-01-01'].join(',');
    const { builds } = await load(engine, inputDir(full, { 'departments_2.csv': `${header}\n${moved}\n` }));
    expect(builds).toEqual(expect.arrayContaining(['mart_budget_variance_monthly', 'mart_budget_variance_ytd', 'fact_gl_actual', 'fact_budget']));
  });
});
