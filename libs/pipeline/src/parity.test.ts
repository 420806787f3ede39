/**
 * Engine parity (guarantee 17): the same input files give identical row counts, money sums to
 * the cent, key checksums and full-row checksums for every dimension, fact and mart.
 */
import { commerceModels, generateCommerce, generateLedger, generateLedgerIncrement, ledgerModels } from '@finlake/products';
import { GOLDEN, TEST_ENGINES, inputDir, run, tempDir } from '../testing';
import { compareProfiles, profileWarehouse, type TableProfile } from './parity';
import { runPipeline } from './run';

const LEDGER_NOW = new Date('2026-12-31T00:00:00Z');

async function profileOn(create: () => Promise<import('@finlake/engine').Engine>, dirs: string[]): Promise<TableProfile[]> {
  const engine = await create();
  try {
    for (const dir of dirs) await run(engine, dir, { maxQuarantineRate: 1 });
    return await profileWarehouse(engine, commerceModels());
  } finally {
    await engine.close();
  }
}

describe('DuckDB and PostgreSQL agree on every published table', () => {
  it.each([
    ['the golden fixture', async () => [inputDir(GOLDEN)]],
    [
      'generated data with bad rows, then an incremental batch',
      async () => {
        const first = tempDir();
        await generateCommerce({ rows: 4000, seed: 3, badRate: 0.01, outDir: first });
        const second = tempDir();
        await generateCommerce({ rows: 500, seed: 4, outDir: second, startDate: '2025-01-01', months: 2 });
        return [first, second];
      },
    ],
  ])('%s', async (_name, inputs) => {
    const dirs = await inputs();
    const [duck, pg] = await Promise.all(TEST_ENGINES.map((e) => profileOn(e.create, dirs)));
    expect(duck!.map((p) => p.table)).toContain('fact_transactions');
    expect(duck!.find((p) => p.table === 'fact_transactions')!.rows).toBeGreaterThan(0);
    expect(compareProfiles(duck!, pg!)).toEqual([]);
  });

  it('lets floating-point sums differ in the last bits only', () => {
    const stat: TableProfile = { table: 't', rows: 1, sums: { ratio: '-154.12237508719295' }, approximate: ['ratio'], keyChecksum: 'a', rowChecksum: 'b' };
    expect(compareProfiles([stat], [{ ...stat, sums: { ratio: '-154.12237508719272' } }])).toEqual([]);
    expect(compareProfiles([stat], [{ ...stat, sums: { ratio: '-154.1224' } }])).toEqual([{ table: 't', measure: 'sum(ratio)', left: '-154.12237508719295', right: '-154.1224' }]);
  });

  it('reports a difference when one exists', () => {
    const base: TableProfile = { table: 't', rows: 1, sums: { amount: '1.00' }, keyChecksum: 'a', rowChecksum: 'b' };
    expect(compareProfiles([base], [{ ...base, sums: { amount: '1.01' } }])).toEqual([{ table: 't', measure: 'sum(amount)', left: '1.00', right: '1.01' }]);
  });
});

describe('DuckDB and PostgreSQL agree on every published ledger table', () => {
  it('on generated data with bad rows, then a one-month close', async () => {
    const full = tempDir();
    const generated = await generateLedger({ rows: 5000, seed: 8, badRate: 0.01, outDir: full });
    const close = tempDir();
    await generateLedgerIncrement({ full: generated, rows: 300, seed: 8, outDir: close, workDir: tempDir() });
    const profiles = await Promise.all(
      TEST_ENGINES.map(async ({ create }) => {
        const engine = await create();
        try {
          for (const dir of [full, close]) await runPipeline(engine, { product: 'ledger', inputDir: dir, maxQuarantineRate: 1, now: LEDGER_NOW });
          return await profileWarehouse(engine, ledgerModels());
        } finally {
          await engine.close();
        }
      }),
    );
    const [duck, pg] = profiles;
    expect(duck!.find((p) => p.table === 'mart_budget_variance_monthly')!.rows).toBeGreaterThan(100);
    // The generated history moves departments between business units: several versions per department.
    expect(duck!.find((p) => p.table === 'dim_department')!.rows).toBeGreaterThan(3);
    expect(compareProfiles(duck!, pg!)).toEqual([]);
  });
});
