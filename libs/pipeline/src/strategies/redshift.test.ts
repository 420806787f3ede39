/**
 * The strategies' SQL as Redshift would receive it: every statement a build sends, recorded by
 * an engine with the Redshift dialect whose queries answer as a warehouse would. The snapshot is
 * a review aid; the invariants beside it are what must hold.
 */
import { redshiftDialect, type Engine, type Row } from '@finlake/engine';
import { strategySpec, type Model, type Scd2Spec, type SnapshotSpec } from '@finlake/models';
import { TEST_PRODUCT, WAREHOUSE } from '../../testing/strategies';
import { buildStrategyModel, loadCumulativePartition, loadSnapshotDate, scd2Lookup, snapshotAsOfSql } from '.';

/** What Redshift does not run: DuckDB or PostgreSQL functions, :: casts, leader-node-only functions, unsized varchar. */
const NOT_ON_REDSHIFT = /\b(strftime|try_cast|list_contains|regexp_full_match|asof|lateral|qualify|string_agg|generate_series|least|greatest|lpad)\b|::|\bbit\(|'0x'|is (not )?distinct from|filter \(where|\bwindow \w+ as|\bvarchar\b(?!\()/i;

interface Bounds {
  first_day: string | null;
  last_day: string | null;
}

interface Answers {
  /** Tables information_schema.tables lists. */
  tables: string[];
  /** Columns of every table information_schema.columns is asked about. */
  columns: string[];
  /** The delta's first and last day. */
  bounds: Bounds;
  /** The cumulative table's first and last partition. */
  partitions: Bounds;
}

/** Records every statement; answers queries from `answers` (no violations, tables as listed). */
class RecordingEngine implements Engine {
  readonly dialect = redshiftDialect;
  readonly statements: string[] = [];
  constructor(private readonly answers: Answers) {}

  async run(sql: string): Promise<void> {
    this.statements.push(sql);
  }
  async query<T extends Row = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    this.statements.push(sql);
    if (sql.includes('information_schema.tables')) return (this.answers.tables.includes(String(params[1])) ? [{ found: 1 }] : []) as unknown as T[];
    if (sql.includes('information_schema.columns')) return this.answers.columns.map((column_name) => ({ column_name })) as unknown as T[];
    if (sql.startsWith('select count(*) as n, ')) return [{ n: 0 }] as unknown as T[];
    if (sql.startsWith('select min("as_of")')) return [this.answers.partitions] as unknown as T[];
    if (sql.startsWith('select min(')) return [this.answers.bounds] as unknown as T[];
    if (sql.startsWith('select 1 as found from')) return [{ found: 1 }] as unknown as T[];
    throw new Error(`RecordingEngine: no answer for ${sql}`);
  }
  loadRawCsv(): never {
    throw new Error('not recorded');
  }
  async lock(): Promise<void> {}
  async begin(): Promise<void> {
    this.statements.push('begin');
  }
  async commit(): Promise<void> {
    this.statements.push('commit');
  }
  async rollback(): Promise<void> {
    this.statements.push('rollback');
  }
  async checkpoint(): Promise<void> {}
  async close(): Promise<void> {}
}

const model = (name: string, strategy: Record<string, unknown>): Model => ({
  name,
  sql: '',
  description: '',
  grain: '',
  key: [],
  tests: [],
  published: true,
  strategy: strategySpec(name, strategy),
});

const SCD2 = { kind: 'scd2', key: 'department_id', tracked: ['business_unit', 'manager'], current: ['business_unit'], effective_from: 'effective_from', snapshot: 'full', missing: 'close', surrogate_key: 'department_key' };
const CUMULATIVE = {
  kind: 'cumulative',
  key: 'user_id',
  date: 'activity_date',
  start: '2024-01-01',
  state: [
    { column: 'total_amount', combine: 'sum', from: 'amount', type: 'decimal(18, 2)' },
    { column: 'days_active', combine: 'count', type: 'integer' },
    { column: 'first_seen', combine: 'min', from: 'activity_date', type: 'date' },
    { column: 'last_seen', combine: 'max', from: 'activity_date', type: 'date' },
    { column: 'first_amount', combine: 'first', from: 'amount', type: 'decimal(18, 2)' },
    { column: 'last_amount', combine: 'last', from: 'amount', type: 'decimal(18, 2)' },
    { column: 'active_today', combine: 'active', type: 'boolean' },
  ],
};
const SNAPSHOT = { kind: 'snapshot', key: 'item_id', snapshot_date: 'snapshot_date' };
const BRIDGE = { kind: 'bridge', group: 'item_id', member: 'genre_id', order: ['genre_rank'] };

const target = (name: string) => `${WAREHOUSE}."${name}__new"`;

async function record(answers: Partial<Answers>, act: (engine: RecordingEngine) => Promise<void>): Promise<string> {
  const engine = new RecordingEngine({ tables: [], columns: ['item_id', 'snapshot_date', 'revenue'], bounds: { first_day: '2024-01-01', last_day: '2024-01-03' }, partitions: { first_day: null, last_day: null }, ...answers });
  await act(engine);
  return engine.statements.join('\n;\n');
}

const rendered: [string, () => Promise<string>][] = [
  ['scd2, first build', () => record({}, (e) => buildStrategyModel(e, TEST_PRODUCT, model('dim_department', SCD2), target('dim_department'), `select * from strategies_staging."department_snapshot"`))],
  ['scd2, on the published history', () => record({ tables: ['dim_department'] }, (e) => buildStrategyModel(e, TEST_PRODUCT, model('dim_department', SCD2), target('dim_department'), `select * from strategies_staging."department_snapshot"`))],
  ['cumulative, first build (one-shot backfill)', () => record({}, (e) => buildStrategyModel(e, TEST_PRODUCT, model('cum_user', CUMULATIVE), target('cum_user'), `select * from strategies_staging."user_daily"`))],
  [
    'cumulative, extending the published partitions',
    () => record({ tables: ['cum_user'], partitions: { first_day: '2024-01-01', last_day: '2024-01-02' } }, (e) => buildStrategyModel(e, TEST_PRODUCT, model('cum_user', CUMULATIVE), target('cum_user'), `select * from strategies_staging."user_daily"`)),
  ],
  [
    'cumulative, reloading one day',
    () =>
      record({ tables: ['cum_user'], partitions: { first_day: '2024-01-01', last_day: '2024-01-02' } }, (e) =>
        loadCumulativePartition(e, model('cum_user', CUMULATIVE).strategy as never, { name: 'cum_user', table: { schema: WAREHOUSE, table: 'cum_user' }, delta: 'strategies_staging."user_daily"' }, '2024-01-02'),
      ),
  ],
  ['snapshot, on the published dates', () => record({ tables: ['fact_item_snapshot'] }, (e) => buildStrategyModel(e, TEST_PRODUCT, model('fact_item_snapshot', SNAPSHOT), target('fact_item_snapshot'), `select * from strategies_staging."item_pull"`))],
  [
    'snapshot, loading one date',
    () =>
      record({ tables: ['fact_item_snapshot'] }, (e) =>
        loadSnapshotDate(e, model('fact_item_snapshot', SNAPSHOT).strategy as SnapshotSpec, { name: 'fact_item_snapshot', table: { schema: WAREHOUSE, table: 'fact_item_snapshot' }, rows: 'strategies_staging."item_pull"' }, '2024-06-08'),
      ),
  ],
  ['bridge, equal weights', () => record({}, (e) => buildStrategyModel(e, TEST_PRODUCT, model('bridge_item_genre', BRIDGE), target('bridge_item_genre'), `select * from strategies_staging."item_genre"`))],
  [
    'reads: fact lookup by validity interval, snapshot as of a date',
    async () =>
      [
        scd2Lookup(redshiftDialect, model('dim_department', SCD2).strategy as Scd2Spec, 'd', 'f', 'f.posted_on'),
        snapshotAsOfSql(model('fact_item_snapshot', SNAPSHOT).strategy as SnapshotSpec, 'strategies_warehouse."fact_item_snapshot"', `cast('2024-06-30' as date)`),
        snapshotAsOfSql(model('fact_item_snapshot', SNAPSHOT).strategy as SnapshotSpec, 'strategies_warehouse."fact_item_snapshot"', `cast('2024-06-30' as date)`, { perKey: true }),
      ].join('\n;\n'),
  ],
];

describe('strategies rendered for Redshift', () => {
  it.each(rendered)('%s', async (_name, render) => {
    const sql = await render();
    expect(sql.replace(/--[^\n]*/g, '')).not.toMatch(NOT_ON_REDSHIFT);
    expect(sql).not.toContain('{{');
    expect(sql).toMatchSnapshot();
  });

  it('hashes with md5 over varchar(max) and takes surrogate keys with strtol', async () => {
    const sql = await rendered[1]![1]();
    expect(sql).toContain(`md5(coalesce(cast(length(cast(snapshot."business_unit" as varchar(max))) as varchar(max))`);
    expect(sql).toContain(`strtol(substring(md5(`);
  });

  it('extends a cumulative table one day at a time, each from the day before', async () => {
    const sql = await rendered[3]![1]();
    expect(sql).toContain(`create table strategies_warehouse."cum_user__new" as select "user_id", "total_amount"`);
    expect(sql.match(/full outer join/g)).toHaveLength(1); // 2024-01-03 only: the partitions run through 2024-01-02
    expect(sql).toContain(`where "as_of" = cast('2024-01-02' as date)) as y`);
  });

  it('reloads a day as delete and insert inside one transaction', async () => {
    const statements = (await rendered[4]![1]()).split('\n;\n');
    const begin = statements.indexOf('begin');
    const commit = statements.indexOf('commit');
    const del = statements.findIndex((s) => s.startsWith('delete from strategies_warehouse."cum_user"'));
    const insert = statements.findIndex((s) => s.startsWith('insert into strategies_warehouse."cum_user"'));
    expect(begin).toBeGreaterThanOrEqual(0);
    expect([begin < del, del < insert, insert < commit]).toEqual([true, true, true]);
  });
});
