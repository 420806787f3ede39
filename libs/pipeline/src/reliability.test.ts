/**
 * Guarantees 1-10 and 14 of the pipeline reliability checklist on the real DuckDB engine.
 * (Crash safety of the publish, guarantee 9, is also proven across a killed process in the CLI tests.)
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '@finlake/engine';
import { commerceModels } from '@finlake/products';
import { GOLDEN, TEST_ENGINES, fingerprint, inputDir, readFixture, run, scalar } from '../testing';

const TX_HEADER = readFixture('transactions.csv').split('\n')[0]!;
const models = commerceModels();
const published = models.models.filter((m) => m.published);

describe.each(TEST_ENGINES)('reliability guarantees on $name', ({ create }) => {
  let engine: Engine;
  beforeEach(async () => {
    engine = await create();
  });
  afterEach(() => engine.close());

  /** Golden data plus a few bad rows, so that quarantine and facts both have something in them. */
  function goldenWithBadRows(): string {
    const extra = [
      'X1,2024-02-25T10:00:00Z,P1,C5,Online Store,1,50.00,0.00,3.60,0.00,0.00,1.00,USD,false',
      'X2,2024-02-25T10:00:00Z,P9,C5,Online Store,1,50.00,0.00,3.60,0.00,0.00,1.00,USD,false',
      'X3,2024-02-25T10:00:00Z,P1,,Online Store,1,50.00,0.00,3.60,0.00,0.00,1.00,USD,false',
      'X4,2024-02-25T10:00:00Z,P1,C5,Telegraph,1,50.00,0.00,3.60,0.00,0.00,1.00,USD,false',
      'X5,2024-02-25T10:00:00Z,P1,C5,Online Store,0,50.00,0.00,3.60,0.00,0.00,1.00,USD,false',
    ];
    return inputDir(GOLDEN, { 'transactions.csv': readFixture('transactions.csv') + extra.join('\n') + '\n' });
  }

  describe('1. keys unique, 2. required fields, 3. no orphan facts, 4. domains, 5. ranges', () => {
    it('every published table is unique on its key; bad rows reach quarantine, never a fact', async () => {
      const result = await run(engine, goldenWithBadRows(), { maxQuarantineRate: 1 });
      expect(result.status).toBe('published');
      for (const model of published) {
        const key = model.key.join(', ');
        const [row] = await engine.query(`select count(*) as n, count(distinct (${key})) as d from commerce_warehouse.${model.name}`);
        expect({ table: model.name, n: row!.n }).toEqual({ table: model.name, n: row!.d });
      }
      const reasons = await engine.query(`select line_number, reason_code from meta.quarantine order by 1`);
      expect(reasons).toEqual([
        { line_number: 12, reason_code: 'UNKNOWN_REFERENCE' },
        { line_number: 13, reason_code: 'REQUIRED_MISSING' },
        { line_number: 14, reason_code: 'NOT_ACCEPTED' },
        { line_number: 15, reason_code: 'BUSINESS_RULE' },
      ]);
      expect(await engine.query(`select transaction_id from commerce_warehouse.fact_transactions where transaction_id like 'X%'`)).toEqual([{ transaction_id: 'X1' }]);
    });

    it('no fact row lacks its dimension row', async () => {
      await run(engine, goldenWithBadRows(), { maxQuarantineRate: 1 });
      const orphans = await scalar(
        engine,
        `select count(*) from commerce_warehouse.fact_transactions f
         where not exists (select 1 from commerce_warehouse.dim_product d where d.product_key = f.product_key)
            or not exists (select 1 from commerce_warehouse.dim_customer d where d.customer_key = f.customer_key)
            or not exists (select 1 from commerce_warehouse.dim_channel d where d.channel_key = f.channel_key)
            or not exists (select 1 from commerce_warehouse.dim_date d where d.date_key = f.date_key)`,
      );
      expect(orphans).toBe(0);
      const spendOrphans = await scalar(engine, `select count(*) from commerce_warehouse.fact_marketing_spend f where not exists (select 1 from commerce_warehouse.dim_campaign d where d.campaign_key = f.campaign_key)`);
      expect(spendOrphans).toBe(0);
    });
  });

  describe('6. conservation', () => {
    it('per batch, raw rows = loaded + quarantined, and money reconciles with the raw file', async () => {
      const dir = goldenWithBadRows();
      const result = await run(engine, dir, { maxQuarantineRate: 1 });
      const ledger = await engine.query(`select file_name, rows_read, rows_loaded, rows_quarantined from meta.ledger order by file_name`);
      for (const entry of ledger) {
        // Data lines counted independently of the engine (these fixtures have no quoted line breaks).
        const lines = readFileSync(join(dir, String(entry.file_name)), 'utf8').trimEnd().split('\n').length - 1;
        expect(entry.rows_read).toBe(lines);
        expect(Number(entry.rows_read)).toBe(Number(entry.rows_loaded) + Number(entry.rows_quarantined));
      }
      expect(result.gate.filter((g) => g.check.startsWith('reconcile')).every((g) => g.passed)).toBe(true);
      // Sum of UnitPrice of loaded rows, from the raw text, equals the fact table's.
      const rawSum = readFileSync(join(dir, 'transactions.csv'), 'utf8').trimEnd().split('\n').slice(1)
        .filter((l) => !/^X[2-5],/.test(l)).map((l) => Math.round(Number(l.split(',')[6]) * 100)).reduce((a, b) => a + b, 0);
      expect(await scalar(engine, `select cast(sum(unit_price) * 100 as bigint) from commerce_warehouse.fact_transactions`)).toBe(rawSum);
    });
  });

  describe('7. idempotent re-run, 8. exactly-once ledger', () => {
    it('loading the same files twice changes no count, sum or key; the second run is recorded as skipped', async () => {
      const dir = inputDir(GOLDEN);
      expect((await run(engine, dir)).status).toBe('published');
      const once = await fingerprint(engine);
      const second = await run(engine, dir);
      expect(second.status).toBe('nothing_new');
      expect(second.files.map((f) => f.status)).toEqual(['skipped', 'skipped', 'skipped', 'skipped']);
      expect(await fingerprint(engine)).toEqual(once);
      expect(await engine.query(`select status, count(*) as n from meta.ledger group by status order by status`)).toEqual([
        { status: 'loaded', n: 4 },
        { status: 'skipped', n: 4 },
      ]);
    });

    it('a renamed copy of a loaded file is a recorded no-op', async () => {
      await run(engine, inputDir(GOLDEN));
      const once = await fingerprint(engine);
      const renamed = inputDir(GOLDEN, { 'transactions_copy.csv': readFixture('transactions.csv') });
      const result = await run(engine, renamed);
      expect(result.status).toBe('nothing_new');
      expect(result.files.find((f) => f.file === 'transactions_copy.csv')).toMatchObject({ status: 'skipped', duplicateOf: 'transactions.csv' });
      expect(await fingerprint(engine)).toEqual(once);
    });

    it('two copies of one file in the same run load once', async () => {
      const result = await run(engine, inputDir(GOLDEN, { 'transactions_again.csv': readFixture('transactions.csv') }));
      expect(result.status).toBe('published');
      expect(result.files.filter((f) => f.entity === 'transactions').map((f) => f.status)).toEqual(['loaded', 'skipped']);
      expect(await scalar(engine, `select count(*) from commerce_warehouse.fact_transactions`)).toBe(9);
    });

    it('surrogate keys never change when new data arrives', async () => {
      await run(engine, inputDir(GOLDEN));
      expect(await engine.query(`select product_id, product_key from commerce_warehouse.dim_product order by product_id`)).toEqual([
        { product_id: 'P1', product_key: 1 },
        { product_id: 'P2', product_key: 2 },
        { product_id: 'P3', product_key: 3 },
      ]);
      const more = inputDir(GOLDEN, {
        'products_2.csv': 'ProductID,ProductName,Category\nP0,Alpha Tent,Camping\nP2,Water Bottle XL,Accessories\n',
        'transactions_2.csv': `${TX_HEADER}\nT10,2024-02-22T10:00:00Z,P0,C0,Wholesale,10,80.00,0.00,0.00,0.00,0.00,0.00,USD,false\n`,
      });
      expect((await run(engine, more)).status).toBe('published');
      const after = await engine.query(`select product_id, product_key, product_name from commerce_warehouse.dim_product order by product_id`);
      expect(after).toEqual([
        { product_id: 'P0', product_key: 4, product_name: 'Alpha Tent' },
        { product_id: 'P1', product_key: 1, product_name: 'Trail Backpack' },
        // Reference data is upserted: the later batch renames the product, the key stays.
        { product_id: 'P2', product_key: 2, product_name: 'Water Bottle XL' },
        { product_id: 'P3', product_key: 3, product_name: 'Rain Jacket' },
      ]);
      expect(await engine.query(`select customer_id, customer_key from commerce_warehouse.dim_customer where customer_id in ('C0', 'C1') order by 1`)).toEqual([
        { customer_id: 'C0', customer_key: 5 },
        { customer_id: 'C1', customer_key: 1 },
      ]);
    });
  });

  describe('9. atomic publish, 10. quality gate', () => {
    it('a quarantine rate above the threshold blocks the publish and leaves the published version', async () => {
      await run(engine, inputDir(GOLDEN));
      const before = await fingerprint(engine);
      const bad = inputDir(GOLDEN, { 'transactions_bad.csv': `${TX_HEADER}\nB1,2024-02-22T10:00:00Z,P1,C1,Online Store,N/A,80.00,0.00,0.00,0.00,0.00,0.00,USD,false\nB2,2024-02-22T10:00:00Z,P1,C1,Online Store,1,80.00,0.00,0.00,0.00,0.00,0.00,USD,false\n` });
      const result = await run(engine, bad);
      expect(result.status).toBe('blocked');
      expect(result.files.find((f) => f.file === 'transactions_bad.csv')).toMatchObject({ status: 'blocked', reasonCode: 'QUARANTINE_RATE_EXCEEDED', rowsQuarantined: 1, rowsRead: 2 });
      expect(await fingerprint(engine)).toEqual(before);
      expect(await scalar(engine, `select count(*) from commerce_staging.stg_transactions where transaction_id = 'B2'`)).toBe(0);
      // The quarantine is kept so that people can see why; a higher threshold lets the batch through.
      expect(await scalar(engine, `select count(*) from meta.quarantine where file_name = 'transactions_bad.csv'`)).toBe(1);
      const retry = await run(engine, bad, { maxQuarantineRate: 0.5 });
      expect(retry.status).toBe('published');
      expect(await scalar(engine, `select count(*) from commerce_warehouse.fact_transactions where transaction_id = 'B2'`)).toBe(1);
      expect(await scalar(engine, `select count(*) from meta.quarantine where file_name = 'transactions_bad.csv'`)).toBe(1);
    });

    it('a blocking check failure on the built tables stops the publish and rolls everything back', async () => {
      await run(engine, inputDir(GOLDEN));
      const before = await fingerprint(engine);
      const ledgerBefore = await scalar(engine, `select count(*) from meta.ledger where status = 'loaded'`);
      // Damage staging behind the pipeline's back: a duplicate key the unique test must catch.
      await engine.run(`insert into commerce_staging.stg_transactions select * from commerce_staging.stg_transactions where transaction_id = 'T1'`);
      const more = inputDir(GOLDEN, { 'transactions_2.csv': `${TX_HEADER}\nT10,2024-02-22T10:00:00Z,P1,C1,Wholesale,1,80.00,0.00,0.00,0.00,0.00,0.00,USD,false\n` });
      const result = await run(engine, more);
      expect(result.status).toBe('blocked');
      // The new batch only appends its own lines to the fact table; the staged copy it never built
      // shows as staging and the fact table no longer adding up.
      expect(result.gate.filter((g) => !g.passed).map((g) => `${g.table} ${g.check}`)).toContain('fact_transactions reconcile: fact_transactions count(*) = staging');
      expect(result.files.find((f) => f.file === 'transactions_2.csv')).toMatchObject({ status: 'blocked', reasonCode: 'QUALITY_GATE_FAILED' });
      expect(await fingerprint(engine)).toEqual(before);
      expect(await scalar(engine, `select count(*) from commerce_staging.stg_transactions where transaction_id = 'T10'`)).toBe(0);
      expect(await scalar(engine, `select count(*) from meta.ledger where status = 'loaded'`)).toBe(ledgerBefore);
      expect(await scalar(engine, `select count(*) from meta.gate_results where not passed`)).toBeGreaterThan(0);
    });
  });

  describe('incremental builds', () => {
    const newSales = `${TX_HEADER}\nT20,2024-02-22T10:00:00Z,P1,C1,Wholesale,2,80.00,5.00,0.00,0.00,1.00,0.50,USD,false\nT21,2024-01-20T09:00:00Z,P2,C2,Online Store,1,9.99,0.00,0.00,0.00,0.00,0.30,USD,false\n`;

    it('announces as many progress steps as it takes: one per file, per model, and keys, gate, stage and publish', async () => {
      let planned = 0;
      let taken = 0;
      const result = await run(engine, inputDir(GOLDEN), { onEvent: (e) => (e.kind === 'plan' ? (planned = e.steps) : taken++) });
      expect(result.status).toBe('published');
      expect(taken).toBe(planned);
    });

    it('appending a batch of new transactions gives the same warehouse as building everything at once', async () => {
      const events: string[] = [];
      await run(engine, inputDir(GOLDEN));
      const appended = await run(engine, inputDir(GOLDEN, { 'transactions_2.csv': newSales }), { onEvent: (e) => e.kind === 'step' && e.detail && events.push(e.detail) });
      expect(appended.status).toBe('published');
      expect(events).toContain('fact_transactions (new rows appended)');
      expect(events).toEqual(expect.arrayContaining(['agg_daily_channel_lines (new sums added)', 'agg_product_lines (new sums added)']));
      const incremental = await fingerprint(engine);

      const fresh = await create();
      try {
        const once = await run(fresh, inputDir(GOLDEN, { 'transactions_2.csv': newSales }));
        expect(once.status).toBe('published');
        expect(incremental).toEqual(await fingerprint(fresh));
      } finally {
        await fresh.close();
      }
    });

    it('a COGS change rebuilds the fact table, re-costing lines loaded before', async () => {
      await run(engine, inputDir(GOLDEN, { 'transactions_2.csv': newSales }));
      const costOfT20 = () => scalar(engine, `select unit_cogs from commerce_warehouse.fact_transactions where transaction_id = 'T20'`);
      expect(Number(await costOfT20())).toBe(22.5);
      const events: string[] = [];
      const change = `ProductID,COGS_EffectiveDate,UnitCOGS,Currency\nP1,2024-02-20,25.0000,USD\n`;
      const result = await run(engine, inputDir(GOLDEN, { 'transactions_2.csv': newSales, 'cogs_2.csv': change }), { onEvent: (e) => e.kind === 'step' && e.detail && events.push(e.detail) });
      expect(result.status).toBe('published');
      expect(events).toContain('fact_transactions');
      // The fact table was rebuilt, so its sums are summed again, not added to.
      expect(events).toEqual(expect.arrayContaining(['agg_daily_channel_lines', 'agg_product_lines']));
      expect(Number(await costOfT20())).toBe(25);
    });

    it('a changed model definition is rebuilt, not appended to', async () => {
      await run(engine, inputDir(GOLDEN));
      await engine.run(`update meta.model_builds set fingerprint = 'an older model' where model = 'fact_transactions'`);
      const events: string[] = [];
      await run(engine, inputDir(GOLDEN, { 'transactions_2.csv': newSales }), { onEvent: (e) => e.kind === 'step' && e.detail && events.push(e.detail) });
      expect(events).toContain('fact_transactions');
      expect(await scalar(engine, `select fingerprint from meta.model_builds where model = 'fact_transactions'`)).not.toBe('an older model');
    });

    it('a late batch with an earlier first purchase updates that customer only (merge recomputes from all their rows)', async () => {
      await run(engine, inputDir(GOLDEN));
      const firstOf = (id: string) => scalar(engine, `select cast(first_transaction_date as varchar) from commerce_warehouse.dim_customer where customer_id = ?`, [id]);
      const before = { c1: await firstOf('C1'), c2: await firstOf('C2'), keys: await scalar(engine, `select string_agg(cast(customer_key as varchar), ',' order by customer_id) from commerce_warehouse.dim_customer`) };
      const late = `${TX_HEADER}\nT30,2023-12-31T23:00:00Z,P1,C1,Online Store,1,80.00,0.00,0.00,0.00,0.00,0.50,USD,false\n`;
      const events: string[] = [];
      const result = await run(engine, inputDir(GOLDEN, { 'transactions_late.csv': late }), { onEvent: (e) => e.kind === 'step' && e.detail && events.push(e.detail) });
      expect(result.status).toBe('published');
      expect(events).toContain('dim_customer (touched rows merged)');
      expect(await firstOf('C1')).toBe('2023-12-31');
      expect(before.c1).not.toBe('2023-12-31');
      expect(await firstOf('C2')).toBe(before.c2);
      expect(await scalar(engine, `select string_agg(cast(customer_key as varchar), ',' order by customer_id) from commerce_warehouse.dim_customer`)).toBe(before.keys);
    });

    it('a rebuilt dimension that loses a key older fact rows use blocks the append', async () => {
      await run(engine, inputDir(GOLDEN));
      const before = await fingerprint(engine);
      // Damage behind the pipeline's back: P3 vanishes from the key map, so the rebuilt dim_product lacks it.
      await engine.run(`delete from commerce_staging.keymap_product where natural_key = 'P3'`);
      const result = await run(engine, inputDir(GOLDEN, { 'transactions_2.csv': newSales }));
      expect(result.status).toBe('blocked');
      expect(result.gate.filter((g) => !g.passed).map((g) => `${g.table} ${g.check}`)).toContain('fact_transactions relationships(product_key -> dim_product.product_key)');
      expect(await fingerprint(engine)).toEqual(before);
    });

    it('a dimension row whose key changes blocks the build and leaves the published rows alone', async () => {
      await run(engine, inputDir(GOLDEN));
      const before = await fingerprint(engine);
      // Damage the key map behind the pipeline's back: C1 comes back under a new surrogate key.
      await engine.run(`delete from commerce_staging.keymap_customer where natural_key = 'C1'`);
      const result = await run(engine, inputDir(GOLDEN, { 'transactions_2.csv': newSales }));
      expect(result.status).toBe('blocked');
      // Older fact rows still hold C1's old key: the merge of dim_customer must not give it another.
      expect(result.gate.filter((g) => !g.passed).map((g) => `${g.table} ${g.check}`)).toContain('dim_customer merge keeps keys(customer_id, customer_key)');
      expect(await fingerprint(engine)).toEqual(before);
      expect(await scalar(engine, `select count(*) from commerce_warehouse.fact_transactions where transaction_id in ('T20', 'T21')`)).toBe(0);
    });
  });

  describe('14. schema drift', () => {
    it('reordered columns give the same result', async () => {
      await run(engine, inputDir(GOLDEN));
      const normal = await fingerprint(engine, { ignoreBatch: true });
      const lines = readFixture('transactions.csv').trimEnd().split('\n').map((l) => l.split(','));
      const order = lines[0]!.map((_, i) => i).reverse();
      const reordered = lines.map((cells) => order.map((i) => cells[i]).join(',')).join('\n') + '\n';
      const other = await create();
      try {
        const result = await run(other, inputDir(GOLDEN, { 'transactions.csv': reordered }));
        expect(result.status).toBe('published');
        expect(await fingerprint(other, { ignoreBatch: true })).toEqual(normal);
      } finally {
        await other.close();
      }
    });

    it('a missing column rejects the file with nothing written but the ledger', async () => {
      const cells = readFixture('transactions.csv').trimEnd().split('\n').map((l) => l.split(',').slice(0, -1).join(','));
      const result = await run(engine, inputDir(GOLDEN, { 'transactions.csv': cells.join('\n') + '\n' }));
      expect(result.status).toBe('rejected');
      expect(result.files.find((f) => f.entity === 'transactions')).toMatchObject({ status: 'rejected', reasonCode: 'HEADER_MISSING_COLUMN' });
      expect(result.files.find((f) => f.entity === 'transactions')!.message).toContain('ReturnFlag');
      expect(await scalar(engine, `select count(*) from information_schema.tables where table_schema = 'warehouse'`)).toBe(0);
      expect(await scalar(engine, `select count(*) from commerce_staging.stg_products`)).toBe(0);
      expect(await scalar(engine, `select count(*) from meta.ledger`)).toBe(readdirSync(GOLDEN).length);
    });
  });
});
