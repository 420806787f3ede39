/**
 * A new data product needs nothing but its folder: a throwaway product (a contract and two
 * models) written to a temporary folder, registered, and run end to end on every engine.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProductFolder, registerProduct, unregisterProduct } from '@finlake/products';
import { toyLedgerYml, writeToyLedger } from '@finlake/products/testing';
import { TEST_ENGINES, fingerprint, inputDir, run, scalar, tempDir } from '../testing';
import { planPipeline } from './plan';
import { runPipeline } from './run';

const writeProduct = () => writeToyLedger(undefined, tempDir('finlake-product-'));

describe('a product registered from a folder runs end to end', () => {
  beforeAll(() => registerProduct(loadProductFolder(writeProduct())));
  afterAll(() => unregisterProduct('toy_ledger'));

  it.each(TEST_ENGINES)('on $name', async ({ create }) => {
    const engine = await create();
    try {
      const input = inputDir(tempDir(), {
        'accounts.csv': 'AccountID,AccountName\nA1,Cash\nA2,Revenue\n',
        'entries.csv': 'EntryID,AccountID,PostedOn,Amount\nE1,A1,2024-01-02,100.50\nE2,A2,2024-01-02,-100.50\nE3,A9,2024-01-03,5.00\nE4,A1,2024-01-04,0\n',
      });
      const result = await runPipeline(engine, { product: 'toy_ledger', inputDir: input, maxQuarantineRate: 1, now: new Date('2024-06-30T00:00:00Z') });
      expect(result.status).toBe('published');
      expect(result.files.map((f) => [f.file, f.rowsLoaded, f.rowsQuarantined])).toEqual([
        ['accounts.csv', 2, 0],
        ['entries.csv', 2, 2],
      ]);
      expect(Number(await scalar(engine, 'select count(*) from toy_ledger_warehouse.fact_entry'))).toBe(2);
      expect(Number(await scalar(engine, 'select sum(amount) from toy_ledger_warehouse.fact_entry'))).toBe(0);
      expect(await scalar(engine, `select reason_code from meta.quarantine where file_name = 'entries.csv' and line_number = 4`)).toBe('UNKNOWN_REFERENCE');
      expect(result.gate.every((g) => g.passed)).toBe(true);

      // A second batch of entries is appended in place; the plan says so before the run does it.
      const more = inputDir(input, { 'entries_2.csv': 'EntryID,AccountID,PostedOn,Amount\nE5,A2,2024-02-01,7.25\n' });
      const plan = await planPipeline(engine, { product: 'toy_ledger', inputDir: more });
      expect(plan.files.map((f) => [f.file, f.action])).toEqual([
        ['accounts.csv', 'skipped'],
        ['entries_2.csv', 'new'],
        ['entries.csv', 'skipped'],
      ]);
      expect(plan.models).toEqual([
        { name: 'dim_account', published: true, build: 'rebuild' },
        { name: 'fact_entry', published: true, build: 'append' },
      ]);
      const second = await runPipeline(engine, { product: 'toy_ledger', inputDir: more, now: new Date('2024-06-30T00:00:00Z') });
      expect(second.status).toBe('published');
      expect(plan.gate.map((g) => g.check).sort()).toEqual(second.gate.map((g) => g.check).sort());
      expect(Number(await scalar(engine, 'select sum(amount) from toy_ledger_warehouse.fact_entry'))).toBe(7.25);
    } finally {
      await engine.close();
    }
  });

  it.each(TEST_ENGINES)('shares one warehouse with other products on $name: same table names, separate schemas, one meta', async ({ create }) => {
    // A second product with the very same entities and models: only the schemas keep them apart.
    const twinDir = writeToyLedger('toy_ledger_twin', tempDir('finlake-product-'));
    registerProduct(loadProductFolder(twinDir));
    const engine = await create();
    try {
      const commerce = await run(engine, join(__dirname, '..', '..', '..', 'data', 'raw', 'commerce'));
      expect(commerce.status).toBe('published');
      const commerceBefore = await fingerprint(engine);
      const accounts = 'AccountID,AccountName\nA1,Cash\n';
      const now = new Date('2024-06-30T00:00:00Z');
      const toy = await runPipeline(engine, { product: 'toy_ledger', now, inputDir: inputDir(tempDir(), { 'accounts.csv': accounts, 'entries.csv': 'EntryID,AccountID,PostedOn,Amount\nE1,A1,2024-01-02,10.00\n' }) });
      // The twin receives the very same accounts file (same batch id) and its own entries.
      const twin = await runPipeline(engine, { product: 'toy_ledger_twin', now, inputDir: inputDir(tempDir(), { 'accounts.csv': accounts, 'entries.csv': 'EntryID,AccountID,PostedOn,Amount\nE1,A1,2024-01-02,20.00\nE2,A1,2024-01-03,1.00\n' }) });
      expect([toy.status, twin.status]).toEqual(['published', 'published']);
      expect(twin.files.map((f) => [f.file, f.rowsLoaded])).toEqual([
        ['accounts.csv', 1],
        ['entries.csv', 2],
      ]);
      expect(Number(await scalar(engine, 'select sum(amount) from toy_ledger_warehouse.fact_entry'))).toBe(10);
      expect(Number(await scalar(engine, 'select sum(amount) from toy_ledger_twin_warehouse.fact_entry'))).toBe(21);
      expect(await fingerprint(engine)).toEqual(commerceBefore);
      expect(await engine.query(`select product, count(*) as runs from meta.runs group by product order by product`)).toEqual([
        { product: 'commerce', runs: 1 },
        { product: 'toy_ledger', runs: 1 },
        { product: 'toy_ledger_twin', runs: 1 },
      ]);
      // Each product's plan sees only its own ledger.
      expect((await planPipeline(engine, { product: 'commerce', inputDir: join(__dirname, '..', '..', '..', 'data', 'raw', 'commerce') })).files.every((f) => f.action === 'skipped')).toBe(true);
    } finally {
      await engine.close();
      unregisterProduct('toy_ledger_twin');
    }
  });

  it.each(TEST_ENGINES)('refuses on $name a warehouse of the shared-schema layout, rather than showing it empty', async ({ create }) => {
    const engine = await create();
    try {
      await engine.run('create schema staging; create table staging.stg_accounts (account_id varchar)');
      const input = inputDir(tempDir(), { 'accounts.csv': 'AccountID,AccountName\nA1,Cash\n' });
      await expect(runPipeline(engine, { product: 'toy_ledger', inputDir: input })).rejects.toThrow(
        'This warehouse keeps toy_ledger in the shared schemas "staging" and "warehouse" of an earlier finlake version; each product now has schemas of its own (toy_ledger_staging, toy_ledger_warehouse).',
      );
      expect(await scalar(engine, `select count(*) from information_schema.schemata where schema_name = 'toy_ledger_staging'`)).toBe(0);
    } finally {
      await engine.close();
    }
  });

  it('a product folder with a mistake is refused with a clear message', () => {
    const dir = writeProduct();
    writeFileSync(join(dir, 'product.yml'), toyLedgerYml().replace('key: [entry_id]', 'key: [entry_no]'));
    expect(() => loadProductFolder(dir)).toThrow('key column entry_no is not a column');
  });
});
