/**
 * A new data product needs nothing but its folder: a throwaway product (a contract and two
 * models) written to a temporary folder, registered, and run end to end on every engine.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProductFolder, registerProduct, unregisterProduct } from '@finlake/products';
import { TEST_ENGINES, fingerprint, inputDir, run, scalar, tempDir } from '../testing';
import { planPipeline } from './plan';
import { runPipeline } from './run';

const PRODUCT_YML = `
name: toy_ledger
title: Toy ledger
description: Accounts and their entries.
earliest_date: '2020-01-01'
max_future_days: 1
entities:
  - name: accounts
    description: Chart of accounts.
    grain: one row per account
    key: [account_id]
    load_mode: upsert
    columns:
      - { header: AccountID, name: account_id, type: { kind: id, max_length: 20 } }
      - { header: AccountName, name: account_name, type: { kind: text, max_length: 100 } }
  - name: entries
    description: Posted entries.
    grain: one row per entry
    key: [entry_id]
    load_mode: append
    columns:
      - { header: EntryID, name: entry_id, type: { kind: id, max_length: 20 } }
      - { header: AccountID, name: account_id, type: { kind: id, max_length: 20 } }
      - { header: PostedOn, name: posted_on, type: { kind: date } }
      - { header: Amount, name: amount, type: { kind: decimal, precision: 18, scale: 2, min: '-1000000', max: '1000000' } }
    references:
      - { column: account_id, entity: accounts, entity_column: account_id }
    rules:
      - { name: non_zero, description: An entry moves money., condition: amount <> 0 }
models: [dim_account, fact_entry]
reconciliations:
  - name: fact_entry sum(amount) = staging
    table: fact_entry
    expected: select sum(amount) from {{ source('stg_entries') }}
    actual: select sum(amount) from {{ ref('fact_entry') }}
`;

function writeProduct(): string {
  const dir = tempDir('finlake-product-');
  mkdirSync(join(dir, 'models'));
  writeFileSync(join(dir, 'product.yml'), PRODUCT_YML);
  writeFileSync(join(dir, 'models', 'dim_account.sql'), `select account_id, account_name from {{ source('stg_accounts') }}\n`);
  writeFileSync(join(dir, 'models', 'dim_account.yml'), `description: Accounts.\ngrain: one row per account\nkey: account_id\ntests:\n  - unique: [account_id]\n  - not_null: [account_id, account_name]\n`);
  writeFileSync(
    join(dir, 'models', 'fact_entry.sql'),
    `select e.entry_id, e.account_id, e.posted_on, e.amount, e.batch_id from {{ source('stg_entries') }} as e join {{ ref('dim_account') }} as a on a.account_id = e.account_id\n`,
  );
  writeFileSync(
    join(dir, 'models', 'fact_entry.yml'),
    `description: Entries.\ngrain: one row per entry\nkey: entry_id\ntests:\n  - unique: [entry_id]\n  - relationships: { column: account_id, to: dim_account, field: account_id }\nincremental:\n  source: stg_entries\n  batch_column: batch_id\n  rebuild_on: [stg_accounts]\n`,
  );
  return dir;
}

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
    const twinDir = writeProduct();
    writeFileSync(join(twinDir, 'product.yml'), PRODUCT_YML.replace('name: toy_ledger', 'name: toy_ledger_twin'));
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
    writeFileSync(join(dir, 'product.yml'), PRODUCT_YML.replace('key: [entry_id]', 'key: [entry_no]'));
    expect(() => loadProductFolder(dir)).toThrow('key column entry_no is not a column');
  });
});
