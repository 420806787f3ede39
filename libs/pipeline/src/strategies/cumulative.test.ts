/** Cumulative tables on DuckDB and PostgreSQL: the properties of docs/strategies.md. */
import { redshiftDialect, renderSql, type Dialect, type Engine } from '@finlake/engine';
import { strategySpec, type CumulativeSpec } from '@finlake/models';
import { TEST_ENGINES } from '../../testing';
import { buildAndPublish, createSchemas, modelFromYml, productOf, published, rowDifference, rowsOf, setRows } from '../../testing/strategies';
import { WAREHOUSE } from '../../testing/strategies';
import { assertNone, backfillCumulative, cumulativeTableViolations, loadCumulativePartition, rebuildCumulative, StrategyError, withDialect, type CumulativeLoad } from '.';

const STATE = [
  { column: 'total_hits', combine: 'sum', from: 'hits', type: 'bigint' },
  { column: 'total_amount', combine: 'sum', from: 'amount', type: 'decimal(18, 2)' },
  { column: 'days_active', combine: 'count', type: 'integer' },
  { column: 'first_seen', combine: 'min', from: 'activity_date', type: 'date' },
  { column: 'last_seen', combine: 'max', from: 'activity_date', type: 'date' },
  { column: 'first_amount', combine: 'first', from: 'amount', type: 'decimal(18, 2)' },
  { column: 'last_amount', combine: 'last', from: 'amount', type: 'decimal(18, 2)' },
  { column: 'active_today', combine: 'active', type: 'boolean' },
];
const YML = { kind: 'cumulative', key: ['user_id'], date: 'activity_date', start: '2024-01-01', state: STATE };
const SPEC = strategySpec('cum_user', YML) as CumulativeSpec;
const noRefs = (): string => {
  throw new Error('no refs here');
};

/** Events, several a day for some users: the model aggregates them into the day's delta. */
const EVENT_COLUMNS = { user_id: 'varchar', activity_date: 'date', hits: 'integer', amount: 'decimal(18, 2)' };
const EVENTS: [string, string, number, string | null][] = [
  ['u1', '2024-01-01', 3, '1.50'],
  ['u1', '2024-01-01', 1, '0.25'],
  ['u2', '2024-01-01', 5, null],
  ['u1', '2024-01-03', 2, '4.00'],
  ['u3', '2024-01-04', 7, '10.00'],
  ['u2', '2024-01-06', 1, '-2.00'],
  ['u1', '2024-01-06', 1, '0.10'],
  ['u3', '2024-01-09', 4, '3.33'],
];
const DELTA_SQL = `select user_id, activity_date, sum(hits) as hits, sum(amount) as amount from {{ source('events') }} group by user_id, activity_date`;
const DELTA = `(${DELTA_SQL.replace("{{ source('events') }}", 'strategies_staging.events')})`;

const load = (table: string): CumulativeLoad => ({ name: table, table: { schema: WAREHOUSE, table }, delta: DELTA });
const partition = (engine: Engine, table: string, day: string) =>
  engine.query(`select user_id, total_hits, total_amount, days_active, first_seen, last_seen, first_amount, last_amount, active_today from ${published(table)} where as_of = cast('${day}' as date) order by user_id`);

describe.each(TEST_ENGINES)('cumulative tables on $name', ({ create }) => {
  let engine: Engine;
  beforeEach(async () => {
    engine = await create();
    await createSchemas(engine);
    await setRows(engine, 'events', EVENT_COLUMNS, EVENTS);
  });
  afterEach(() => engine.close());

  it('carries inactive keys forward, starts new ones and combines the rest (FULL OUTER JOIN)', async () => {
    await backfillCumulative(engine, SPEC, load('daily'), { through: '2024-01-04' });
    expect(await partition(engine, 'daily', '2024-01-01')).toEqual([
      { user_id: 'u1', total_hits: 4, total_amount: '1.75', days_active: 1, first_seen: '2024-01-01', last_seen: '2024-01-01', first_amount: '1.75', last_amount: '1.75', active_today: true },
      { user_id: 'u2', total_hits: 5, total_amount: '0.00', days_active: 1, first_seen: '2024-01-01', last_seen: '2024-01-01', first_amount: null, last_amount: null, active_today: true },
    ]);
    expect(await partition(engine, 'daily', '2024-01-04')).toEqual([
      { user_id: 'u1', total_hits: 6, total_amount: '5.75', days_active: 2, first_seen: '2024-01-01', last_seen: '2024-01-03', first_amount: '1.75', last_amount: '4.00', active_today: false },
      { user_id: 'u2', total_hits: 5, total_amount: '0.00', days_active: 1, first_seen: '2024-01-01', last_seen: '2024-01-01', first_amount: null, last_amount: null, active_today: false },
      { user_id: 'u3', total_hits: 7, total_amount: '10.00', days_active: 1, first_seen: '2024-01-04', last_seen: '2024-01-04', first_amount: '10.00', last_amount: '10.00', active_today: true },
    ]);
    expect((await engine.query(`select count(distinct as_of) as days from ${published('daily')}`))[0]).toEqual({ days: 4 });
  });

  it('gives the same partitions backfilled day by day and in one shot', async () => {
    await backfillCumulative(engine, SPEC, load('day_by_day'));
    await rebuildCumulative(engine, SPEC, load('one_shot'));
    const [days] = await engine.query(`select count(distinct as_of) as days, count(*) as n from ${published('one_shot')}`);
    expect(days).toEqual({ days: 9, n: 24 });
    expect(await rowDifference(engine, published('day_by_day'), published('one_shot'))).toBe(0);
  });

  it('fails a day whose previous partition is missing, unless it is the start', async () => {
    await loadCumulativePartition(engine, SPEC, load('daily'), '2024-01-01');
    const missing = await loadCumulativePartition(engine, SPEC, load('daily'), '2024-01-03').catch((e: unknown) => e);
    expect((missing as StrategyError).code).toBe('CUMULATIVE_MISSING_PREVIOUS');
    expect((missing as Error).message).toContain('the partition of 2024-01-02 is missing');
    const before = await loadCumulativePartition(engine, SPEC, load('daily'), '2023-12-31').catch((e: unknown) => e);
    expect((before as StrategyError).code).toBe('CUMULATIVE_BEFORE_START');
    const noTable = await loadCumulativePartition(engine, SPEC, load('other'), '2024-01-02').catch((e: unknown) => e);
    expect((noTable as StrategyError).code).toBe('CUMULATIVE_MISSING_PREVIOUS');
  });

  it('replaces a day’s partition when the day is loaded again', async () => {
    await backfillCumulative(engine, SPEC, load('daily'), { through: '2024-01-03' });
    const first = await partition(engine, 'daily', '2024-01-01');
    await setRows(engine, 'events', EVENT_COLUMNS, [...EVENTS, ['u1', '2024-01-03', 10, '1.00']]);
    await loadCumulativePartition(engine, SPEC, load('daily'), '2024-01-03');
    expect((await partition(engine, 'daily', '2024-01-03')).map((r) => [r.user_id, r.total_hits])).toEqual([
      ['u1', 16],
      ['u2', 5],
    ]);
    expect(await partition(engine, 'daily', '2024-01-01')).toEqual(first);
  });

  it('keeps the old partition when reloading the day fails halfway (one transaction)', async () => {
    await backfillCumulative(engine, SPEC, load('daily'), { through: '2024-01-03' });
    const before = await partition(engine, 'daily', '2024-01-03');
    // Valid delta rows whose sum does not fit the state's type: the insert fails after the delete.
    const narrow = strategySpec('cum_user', { ...YML, state: [{ column: 'total_hits', combine: 'sum', from: 'hits', type: 'integer' }, ...STATE.slice(1)] }) as CumulativeSpec;
    await setRows(engine, 'events', EVENT_COLUMNS, [...EVENTS, ['u1', '2024-01-03', 2147483647, '1.00']]);
    await expect(loadCumulativePartition(engine, narrow, load('daily'), '2024-01-03')).rejects.toThrow(/insert into/);
    expect(await partition(engine, 'daily', '2024-01-03')).toEqual(before);
  });

  it('refuses to reload a day with later partitions, or recomputes them in order with rerun: cascade', async () => {
    await backfillCumulative(engine, SPEC, load('daily'));
    await setRows(engine, 'events', EVENT_COLUMNS, [...EVENTS, ['u9', '2024-01-02', 1, '1.00']]);
    const refused = await loadCumulativePartition(engine, SPEC, load('daily'), '2024-01-02').catch((e: unknown) => e);
    expect((refused as StrategyError).code).toBe('CUMULATIVE_LATER_PARTITIONS');
    await loadCumulativePartition(engine, SPEC, load('daily'), '2024-01-02', 'cascade');
    await rebuildCumulative(engine, SPEC, load('expected'));
    expect(await rowDifference(engine, published('daily'), published('expected'))).toBe(0);
  });

  it('finds a missing partition between the first and the last', async () => {
    await backfillCumulative(engine, SPEC, load('daily'));
    await engine.run(`delete from ${published('daily')} where as_of = cast('2024-01-05' as date)`);
    await expect(assertNone(engine, 'daily', cumulativeTableViolations(SPEC, published('daily')))).rejects.toThrow('CUMULATIVE_GAP: 1 × day(s) missing');
  });

  it.each(['extend', 'full'])('builds as a model (build: %s): later runs add the new days, equal to a one-shot backfill', async (build) => {
    const model = modelFromYml('cum_user', DELTA_SQL, { key: ['user_id', 'as_of'], strategy: { ...YML, build } });
    await setRows(engine, 'events', EVENT_COLUMNS, EVENTS.filter((e) => e[1] <= '2024-01-04'));
    await buildAndPublish(engine, productOf(model));
    expect((await engine.query(`select max(as_of) as last_day from ${published('cum_user')}`))[0]).toEqual({ last_day: '2024-01-04' });
    await setRows(engine, 'events', EVENT_COLUMNS, EVENTS);
    await buildAndPublish(engine, productOf(model));
    await rebuildCumulative(engine, SPEC, load('expected'));
    expect(await rowDifference(engine, published('cum_user'), published('expected'))).toBe(0);
    expect((await rowsOf(engine, published('cum_user'), ['as_of', 'user_id'])).length).toBe(24);
  });

  it('applies a late row for a built day with build: full; build: extend keeps the built days', async () => {
    const late: [string, string, number, string | null] = ['u1', '2024-01-02', 100, '0.00'];
    const hitsOn = async (day: string) => (await partition(engine, 'cum_user', day)).find((r) => r.user_id === 'u1')?.total_hits;
    for (const build of ['extend', 'full']) {
      const model = modelFromYml('cum_user', DELTA_SQL, { key: ['user_id', 'as_of'], strategy: { ...YML, build } });
      await engine.run(`drop table if exists ${published('cum_user')}`);
      await setRows(engine, 'events', EVENT_COLUMNS, EVENTS);
      await buildAndPublish(engine, productOf(model));
      await setRows(engine, 'events', EVENT_COLUMNS, [...EVENTS, late]);
      await buildAndPublish(engine, productOf(model));
      expect([build, await hitsOn('2024-01-09')]).toEqual([build, build === 'full' ? 107 : 7]);
    }
  });

  it('refuses a delta with two rows for a key and day', async () => {
    const model = modelFromYml('cum_user', `select * from {{ source('events') }}`, { key: ['user_id', 'as_of'], strategy: YML });
    const error = await buildAndPublish(engine, productOf(model)).catch((e: unknown) => e);
    expect((error as StrategyError).code).toBe('CUMULATIVE_DUPLICATE_DELTA');
  });

  describe('today, derived columns and through', () => {
    const DAILY = {
      ...YML,
      state: [
        { column: 'total_amount', combine: 'sum', from: 'amount', type: 'decimal(18, 2)' },
        { column: 'day_amount', combine: 'today', from: 'amount', default: 0, type: 'decimal(18, 2)' },
        { column: 'day_hits', combine: 'today', from: 'hits', type: 'bigint' },
      ],
      derived: [
        { column: 'opening_amount', expression: 'total_amount - day_amount', type: 'decimal(18, 2)' },
        { column: 'is_carried', expression: 'day_hits is null', type: 'boolean' },
      ],
    };
    const daily = (engine: Engine, table: string) => rowsOf(engine, published(table), ['user_id', 'as_of']).then((rows) => rows.filter((r) => r.user_id === 'u1'));

    it('takes today’s value or the default, derives columns from the state and carries keys to through', async () => {
      const model = modelFromYml('cum_daily', DELTA_SQL, { key: ['user_id', 'as_of'], strategy: { ...DAILY, build: 'full', through: `'2024-01-11'` } });
      await buildAndPublish(engine, productOf(model));
      const rows = await daily(engine, 'cum_daily');
      expect(rows.map((r) => r.as_of)).toEqual(Array.from({ length: 11 }, (_, i) => `2024-01-${String(i + 1).padStart(2, '0')}`));
      expect(rows.slice(0, 4)).toEqual([
        { user_id: 'u1', total_amount: '1.75', day_amount: '1.75', day_hits: 4, opening_amount: '0.00', is_carried: false, as_of: '2024-01-01' },
        { user_id: 'u1', total_amount: '1.75', day_amount: '0.00', day_hits: null, opening_amount: '1.75', is_carried: true, as_of: '2024-01-02' },
        { user_id: 'u1', total_amount: '5.75', day_amount: '4.00', day_hits: 2, opening_amount: '1.75', is_carried: false, as_of: '2024-01-03' },
        { user_id: 'u1', total_amount: '5.75', day_amount: '0.00', day_hits: null, opening_amount: '5.75', is_carried: true, as_of: '2024-01-04' },
      ]);
      expect(rows[10]).toEqual({ user_id: 'u1', total_amount: '5.85', day_amount: '0.00', day_hits: null, opening_amount: '5.85', is_carried: true, as_of: '2024-01-11' });
    });

    it('gives the same partitions day by day and in one shot', async () => {
      const spec = strategySpec('cum_daily', DAILY) as CumulativeSpec;
      await backfillCumulative(engine, spec, load('day_by_day'));
      await rebuildCumulative(engine, spec, load('one_shot'));
      expect((await rowsOf(engine, published('one_shot'), ['user_id', 'as_of'])).length).toBe(24);
      expect(await rowDifference(engine, published('day_by_day'), published('one_shot'))).toBe(0);
    });

    it('builds through the delta’s last day when through gives an empty string, and refuses a non-date', async () => {
      const empty = modelFromYml('cum_daily', DELTA_SQL, { key: ['user_id', 'as_of'], strategy: { ...DAILY, build: 'full', through: `''` } });
      await buildAndPublish(engine, productOf(empty));
      expect((await engine.query(`select max(as_of) as last_day from ${published('cum_daily')}`))[0]).toEqual({ last_day: '2024-01-09' });
      const bad = modelFromYml('cum_bad', DELTA_SQL, { key: ['user_id', 'as_of'], strategy: { ...DAILY, build: 'full', through: `'2024-02-30'` } });
      const error = await buildAndPublish(engine, productOf(bad)).catch((e: unknown) => e);
      expect((error as StrategyError).code).toBe('CUMULATIVE_BAD_THROUGH');
    });
  });

  describe('datelists: 32 days of activity in a bigint, bit 0 = as_of (products.md B.4, fixture B-6)', () => {
    const days = (from: string, count: number) => Array.from({ length: count }, (_, i) => new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10));
    const VISITS: [string, string][] = [
      // B-6: active on 03-31, 03-30, 03-25 and 03-01 (days_since 0, 1, 6, 30).
      ...['2023-03-01', '2023-03-25', '2023-03-30', '2023-03-31'].map((d): [string, string] => ['a', d]),
      // Active only on the as_of day: the lab's exponent would make it 0 (not monthly active).
      ['b', '2023-03-31'],
      // Active long before: carried with no bit set.
      ['c', '2023-01-15'],
      // Active every day for 59 days: all 32 bits set, never more.
      ...days('2023-02-01', 59).map((d): [string, string] => ['d', d]),
    ];
    const DATELIST = {
      kind: 'cumulative',
      key: ['user_id'],
      date: 'activity_date',
      build: 'full',
      through: `'2023-04-01'`,
      state: [
        { column: 'datelist_int', combine: 'datelist', type: 'bigint' },
        { column: 'first_active', combine: 'min', from: 'activity_date', type: 'date' },
      ],
      derived: [
        { column: 'l32', expression: '{{ bit_count(datelist_int) }}', type: 'integer' },
        { column: 'l7', expression: '{{ bit_count(datelist_int % 128) }}', type: 'integer' },
        { column: 'dau', expression: 'datelist_int % 2 = 1', type: 'boolean' },
        { column: 'monthly_active', expression: 'datelist_int <> 0', type: 'boolean' },
        { column: 'bits', expression: '{{ bits32(datelist_int) }}', type: 'varchar(32)' },
      ],
    };
    const VISITS_SQL = `select user_id, activity_date from {{ source('visits') }} group by user_id, activity_date`;
    const visitsDelta = `(select user_id, activity_date from strategies_staging.visits group by user_id, activity_date)`;
    const row = async (table: string, user: string, day: string) =>
      (await engine.query(`select datelist_int, l32, l7, dau, monthly_active, bits from ${published(table)} where user_id = '${user}' and as_of = cast('${day}' as date)`))[0];

    beforeEach(() => setRows(engine, 'visits', { user_id: 'varchar', activity_date: 'date' }, VISITS));

    it('sets bit k for activity k days before as_of, shifts a day at a time and keeps 32 bits', async () => {
      await buildAndPublish(engine, productOf(modelFromYml('user_datelist', VISITS_SQL, { key: ['user_id', 'as_of'], strategy: DATELIST })));
      expect(await row('user_datelist', 'a', '2023-03-31')).toEqual({ datelist_int: 1_073_741_891, l32: 4, l7: 3, dau: true, monthly_active: true, bits: '01000000000000000000000001000011' });
      // The next day, without activity: shifted; 03-25 is now 7 days back, outside the week.
      expect(await row('user_datelist', 'a', '2023-04-01')).toEqual({ datelist_int: 2_147_483_782, l32: 4, l7: 2, dau: false, monthly_active: true, bits: '10000000000000000000000010000110' });
      expect(await row('user_datelist', 'b', '2023-03-31')).toEqual({ datelist_int: 1, l32: 1, l7: 1, dau: true, monthly_active: true, bits: `${'0'.repeat(31)}1` });
      expect(await row('user_datelist', 'c', '2023-03-31')).toEqual({ datelist_int: 0, l32: 0, l7: 0, dau: false, monthly_active: false, bits: '0'.repeat(32) });
      expect(await row('user_datelist', 'd', '2023-03-31')).toEqual({ datelist_int: 4_294_967_295, l32: 32, l7: 7, dau: true, monthly_active: true, bits: '1'.repeat(32) });
      expect(await row('user_datelist', 'd', '2023-04-01')).toEqual({ datelist_int: 4_294_967_294, l32: 31, l7: 6, dau: false, monthly_active: true, bits: `${'1'.repeat(31)}0` });
    });

    it('counts and spells the bits the same way in the Redshift rendering (arithmetic, no popcount) as in the engine’s own', async () => {
      const values = [0, 1, 67, 1_073_741_891, 2_147_483_782, 4_294_967_294, 4_294_967_295];
      const spelled = (dialect: Dialect) =>
        engine.query(`select x, ${renderSql('{{ bit_count(x) }}', dialect, noRefs)} as l32, ${renderSql('{{ bits32(x) }}', dialect, noRefs)} as bits from (${values.map((v) => `select cast(${v} as bigint) as x`).join(' union all ')}) as v order by x`);
      const own = await spelled(engine.dialect);
      expect(own.map((r) => [r.l32, r.bits])).toEqual(values.map((v) => [v.toString(2).split('1').length - 1, v.toString(2).padStart(32, '0')]));
      expect(await spelled(redshiftDialect)).toEqual(own);
    });

    it('gives the same partitions day by day and in one shot', async () => {
      const spec = withDialect(strategySpec('user_datelist', DATELIST) as CumulativeSpec, engine.dialect);
      const visits = (table: string): CumulativeLoad => ({ name: table, table: { schema: WAREHOUSE, table }, delta: visitsDelta });
      await backfillCumulative(engine, spec, visits('day_by_day'), { through: '2023-04-01' });
      await rebuildCumulative(engine, spec, visits('one_shot'), '2023-04-01');
      expect((await engine.query(`select count(*) as n from ${published('one_shot')}`))[0]).toEqual({ n: 77 + 60 + 32 + 2 });
      expect(await rowDifference(engine, published('day_by_day'), published('one_shot'))).toBe(0);
    });
  });
});
