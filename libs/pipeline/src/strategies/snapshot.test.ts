/** Periodic snapshot facts on DuckDB and PostgreSQL: one row per key per date, dates replaced whole, as-of reads. */
import type { Engine } from '@finlake/engine';
import { strategySpec, type SnapshotSpec } from '@finlake/models';
import { TEST_ENGINES } from '../../testing';
import { buildAndPublish, createSchemas, modelFromYml, productOf, published, rowsOf, setRows } from '../../testing/strategies';
import { WAREHOUSE } from '../../testing/strategies';
import { loadSnapshotDate, snapshotAsOfSql, StrategyError } from '.';

const YML = { kind: 'snapshot', key: ['item_id'], snapshot_date: 'snapshot_date' };
const SPEC = strategySpec('fact_item_snapshot', YML) as SnapshotSpec;
const COLUMNS = { item_id: 'varchar', snapshot_date: 'date', revenue: 'decimal(18, 2)', score: 'double precision' };
type Rows = [string, string, string, number][];

const model = () => modelFromYml('fact_item_snapshot', `select * from {{ source('item_pull') }}`, { key: ['item_id', 'snapshot_date'], strategy: YML });
const table = published('fact_item_snapshot');
const contents = async (engine: Engine) => (await rowsOf(engine, table, ['snapshot_date', 'item_id'])).map((r) => [r.item_id, r.snapshot_date, r.revenue]);

async function run(engine: Engine, rows: Rows): Promise<void> {
  await setRows(engine, 'item_pull', COLUMNS, rows);
  await buildAndPublish(engine, productOf(model()));
}

describe.each(TEST_ENGINES)('periodic snapshots on $name', ({ create }) => {
  let engine: Engine;
  beforeEach(async () => {
    engine = await create();
    await createSchemas(engine);
  });
  afterEach(() => engine.close());

  it('replaces the dates a run brings and keeps the others', async () => {
    await run(engine, [
      ['I1', '2024-06-01', '200.00', 7.5],
      ['I2', '2024-06-01', '10.00', 6],
      ['I1', '2024-06-08', '240.00', 7.4],
    ]);
    await run(engine, [
      ['I1', '2024-06-08', '250.00', 7.4],
      ['I1', '2024-06-15', '260.00', 7.3],
    ]);
    expect(await contents(engine)).toEqual([
      ['I1', '2024-06-01', '200.00'],
      ['I2', '2024-06-01', '10.00'],
      ['I1', '2024-06-08', '250.00'],
      ['I1', '2024-06-15', '260.00'],
    ]);
  });

  it('refuses a key twice on one date (SNAPSHOT_DUPLICATE_KEY) and publishes nothing', async () => {
    await run(engine, [['I1', '2024-06-01', '200.00', 7.5]]);
    const error = await run(engine, [
      ['I1', '2024-06-08', '1.00', 1],
      ['I1', '2024-06-08', '2.00', 1],
    ]).catch((e: unknown) => e);
    expect((error as StrategyError).code).toBe('SNAPSHOT_DUPLICATE_KEY');
    expect(await contents(engine)).toEqual([['I1', '2024-06-01', '200.00']]);
  });

  it('loads one date in one transaction: the old rows stay when the load fails', async () => {
    const load = { name: 'snap', table: { schema: WAREHOUSE, table: 'snap' }, rows: 'strategies_staging.item_pull' };
    await setRows(engine, 'item_pull', COLUMNS, [
      ['I1', '2024-06-01', '200.00', 7.5],
      ['I2', '2024-06-01', '10.00', 6],
      ['I1', '2024-06-08', '240.00', 7.4],
    ]);
    await loadSnapshotDate(engine, SPEC, load, '2024-06-01');
    await loadSnapshotDate(engine, SPEC, load, '2024-06-08');
    await setRows(engine, 'item_pull', COLUMNS, [['I1', '2024-06-01', '201.00', 7.5]]);
    await loadSnapshotDate(engine, SPEC, load, '2024-06-01');
    const snap = published('snap');
    expect((await rowsOf(engine, snap, ['snapshot_date', 'item_id'])).map((r) => [r.item_id, r.snapshot_date, r.revenue])).toEqual([
      ['I1', '2024-06-01', '201.00'],
      ['I1', '2024-06-08', '240.00'],
    ]);
    // A revenue that does not fit the table's decimal(18, 2): the insert fails after the delete.
    await engine.run(`create table strategies_staging.too_big as select item_id, snapshot_date, cast(1e20 as double precision) as revenue, score from strategies_staging.item_pull`);
    await expect(loadSnapshotDate(engine, SPEC, { ...load, rows: 'strategies_staging.too_big' }, '2024-06-01')).rejects.toThrow(/insert into/);
    expect((await rowsOf(engine, snap, ['snapshot_date', 'item_id'])).map((r) => r.revenue)).toEqual(['201.00', '240.00']);
  });

  it('reads as of a date: the latest snapshot on or before it, or each key’s latest row', async () => {
    await run(engine, [
      ['I1', '2024-06-01', '200.00', 7.5],
      ['I2', '2024-06-01', '10.00', 6],
      ['I1', '2024-06-08', '250.00', 7.4],
    ]);
    const asOf = async (date: string, perKey: boolean) =>
      (await engine.query(`select item_id, snapshot_date, revenue from (${snapshotAsOfSql(SPEC, table, `cast('${date}' as date)`, { perKey })}) as s order by item_id`)).map((r) => [r.item_id, r.snapshot_date, r.revenue]);
    expect(await asOf('2024-06-07', false)).toEqual([
      ['I1', '2024-06-01', '200.00'],
      ['I2', '2024-06-01', '10.00'],
    ]);
    expect(await asOf('2024-06-30', false)).toEqual([['I1', '2024-06-08', '250.00']]);
    expect(await asOf('2024-06-30', true)).toEqual([
      ['I1', '2024-06-08', '250.00'],
      ['I2', '2024-06-01', '10.00'],
    ]);
    expect(await asOf('2024-05-31', true)).toEqual([]);
  });
});
