/**
 * SCD type 2 with type-6 current columns, on DuckDB and PostgreSQL: each property of
 * docs/strategies.md through the build a run does (aside, then swapped in).
 */
import type { Engine, Row } from '@finlake/engine';
import type { Scd2Spec } from '@finlake/models';
import { TEST_ENGINES } from '../../testing';
import { buildAndPublish, createSchemas, modelFromYml, productOf, published, rowsOf, setRows } from '../../testing/strategies';
import { assertNone, scd2Lookup, scd2TableViolations, StrategyError } from '.';

const SNAPSHOT_COLUMNS = { department_id: 'varchar', business_unit: 'varchar', manager: 'varchar', effective_from: 'date' };
type Snapshot = [id: string, unit: string | null, manager: string | null, effective: string][];

const dimension = (strategy: Record<string, unknown> = {}) =>
  modelFromYml('dim_department', `select * from {{ source('department_snapshot') }}`, {
    key: 'department_key',
    strategy: {
      kind: 'scd2',
      key: ['department_id'],
      tracked: ['business_unit', 'manager'],
      current: ['business_unit'],
      effective_from: 'effective_from',
      surrogate_key: 'department_key',
      ...strategy,
    },
  });

/** One run: the snapshot staged, the dimension built aside, tested and swapped in. */
async function load(engine: Engine, rows: Snapshot, strategy: Record<string, unknown> = {}): Promise<void> {
  await setRows(engine, 'department_snapshot', SNAPSHOT_COLUMNS, rows);
  await buildAndPublish(engine, productOf(dimension(strategy)));
}

const history = (engine: Engine) => rowsOf(engine, published('dim_department'), ['department_id', 'valid_from']);
/** The versions without keys and hashes: what a reader compares by eye. */
const versions = async (engine: Engine) =>
  (await history(engine)).map((r) => [r.department_id, r.business_unit, r.manager, r.current_business_unit, r.valid_from, r.valid_to, r.is_current, r.is_deleted]);

describe.each(TEST_ENGINES)('SCD2 on $name', ({ create }) => {
  let engine: Engine;
  beforeEach(async () => {
    engine = await create();
    await createSchemas(engine);
  });
  afterEach(() => engine.close());

  it('gives a new key one open, current version', async () => {
    await load(engine, [['D101', 'Finance', 'Ann', '2024-01-01']]);
    expect(await versions(engine)).toEqual([['D101', 'Finance', 'Ann', 'Finance', '2024-01-01', '9999-12-31', true, false]]);
  });

  it('changes nothing when the same snapshot is loaded again, keys included', async () => {
    const rows: Snapshot = [
      ['D101', 'Finance', 'Ann', '2024-01-01'],
      ['D102', 'Sales', null, '2024-01-01'],
    ];
    await load(engine, rows);
    const first = await history(engine);
    await load(engine, rows);
    expect(await history(engine)).toEqual(first);
  });

  it('closes the current version at the change and opens the next; current_ columns follow on every version (type 6)', async () => {
    await load(engine, [['D103', 'Marketing', 'Bo', '1900-01-01']]);
    await load(engine, [['D103', 'Sales', 'Bo', '2024-03-01']]);
    expect(await versions(engine)).toEqual([
      ['D103', 'Marketing', 'Bo', 'Sales', '1900-01-01', '2024-03-01', false, false],
      ['D103', 'Sales', 'Bo', 'Sales', '2024-03-01', '9999-12-31', true, false],
    ]);
  });

  it('takes a whole history in one snapshot, and the same snapshot staged again is no change', async () => {
    const full: Snapshot = [
      ['D103', 'Marketing', 'Bo', '1900-01-01'],
      ['D103', 'Sales', 'Bo', '2024-03-01'],
    ];
    await load(engine, full);
    const first = await history(engine);
    expect(first).toHaveLength(2);
    await load(engine, [...full, ['D103', 'Marketing', 'Bo', '2024-02-01']]); // repeats what the history says for Feb
    expect(await history(engine)).toEqual(first);
  });

  it('detects changes to and from NULL and between NULL positions (NULL-safe hash)', async () => {
    const steps: Snapshot[] = [
      [['D1', 'a', null, '2024-01-01']],
      [['D1', 'a', null, '2024-01-02']], // NULL → NULL: no change
      [['D1', 'a', '', '2024-01-03']], // NULL → '': a change
      [['D1', null, 'a', '2024-01-04']], // ('a', '') → (NULL, 'a')
      [['D1', 'a', null, '2024-01-05']], // values swap places
    ];
    for (const step of steps) await load(engine, step);
    expect((await history(engine)).map((r) => [r.business_unit, r.manager, r.valid_from])).toEqual([
      ['a', null, '2024-01-01'],
      ['a', '', '2024-01-03'],
      [null, 'a', '2024-01-04'],
      ['a', null, '2024-01-05'],
    ]);
  });

  it('refuses a change dated before the current version (SCD_OUT_OF_ORDER) and keeps the published history', async () => {
    await load(engine, [['D103', 'Marketing', 'Bo', '1900-01-01']]);
    await load(engine, [['D103', 'Sales', 'Bo', '2024-03-01']]);
    const before = await history(engine);
    const error = await load(engine, [['D103', 'Finance', 'Bo', '2024-02-01']]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StrategyError);
    expect((error as StrategyError).code).toBe('SCD_OUT_OF_ORDER');
    expect((error as Error).message).toContain('department_id=D103 valid_from=2024-02-01 current_from=2024-03-01');
    expect(await history(engine)).toEqual(before);
  });

  it('corrects the current version in place when a row has its date and other values', async () => {
    await load(engine, [['D1', 'a', null, '2024-01-01']]);
    const [before] = await history(engine);
    await load(engine, [['D1', 'b', null, '2024-01-01']]);
    const after = await history(engine);
    expect(after.map((r) => [r.business_unit, r.valid_from, r.is_current, r.department_key])).toEqual([['b', '2024-01-01', true, before!.department_key]]);
  });

  it('writes an out-of-order change into the history with out_of_order: restate', async () => {
    await load(engine, [['D103', 'Marketing', 'Bo', '1900-01-01']]);
    await load(engine, [['D103', 'Sales', 'Bo', '2024-03-01']]);
    await load(engine, [['D103', 'Finance', 'Bo', '2024-02-01']], { out_of_order: 'restate' });
    expect(await versions(engine)).toEqual([
      ['D103', 'Marketing', 'Bo', 'Sales', '1900-01-01', '2024-02-01', false, false],
      ['D103', 'Finance', 'Bo', 'Sales', '2024-02-01', '2024-03-01', false, false],
      ['D103', 'Sales', 'Bo', 'Sales', '2024-03-01', '9999-12-31', true, false],
    ]);
  });

  it('keeps a key a delta leaves out, and a full snapshot closes it with missing: close', async () => {
    const both: Snapshot = [
      ['D1', 'a', null, '2024-01-01'],
      ['D2', 'b', null, '2024-01-01'],
    ];
    await load(engine, both);
    await load(engine, [['D1', 'a', null, '2024-02-01']]);
    expect((await versions(engine)).map((v) => v[0])).toEqual(['D1', 'D2']);

    const full = { snapshot: 'full', missing: 'close' };
    await load(engine, both, full);
    await load(engine, [['D1', 'a', null, '2024-02-01']], full);
    await load(engine, [['D1', 'a', null, '2024-03-01'], ['D2', 'b', null, '2024-03-01']], full); // D2 comes back
    expect((await versions(engine)).filter((v) => v[0] === 'D2')).toEqual([
      ['D2', 'b', null, 'b', '2024-01-01', '2024-02-01', false, false],
      ['D2', 'b', null, 'b', '2024-02-01', '2024-03-01', false, true],
      ['D2', 'b', null, 'b', '2024-03-01', '9999-12-31', true, false],
    ]);
  });

  it('lists every broken rule of a snapshot at once', async () => {
    const error = await load(engine, [
      ['D1', 'a', null, '2024-01-01'],
      ['D1', 'b', null, '2024-01-01'],
      ['D2', 'a', null, null as unknown as string],
    ]).catch((e: unknown) => e);
    expect((error as StrategyError).codes).toEqual(['SCD_NULL_KEY', 'SCD_DUPLICATE_VERSION']);
  });

  it('keeps contiguous, non-overlapping intervals with one current version per key through random changes; a rebuild from every snapshot gives the same rows and keys', async () => {
    const random = mulberry32(13);
    const snapshots: Snapshot[] = [];
    for (let day = 1; day <= 12; day++) {
      const effective = `2024-01-${String(day).padStart(2, '0')}`;
      const rows: Snapshot = [];
      for (const id of ['K1', 'K2', 'K3', 'K4', 'K5']) {
        if (random() < 0.4) continue; // absent from this delta
        const pick = (values: (string | null)[]) => values[Math.floor(random() * values.length)]!;
        rows.push([id, pick(['north', 'south', null]), pick(['x', 'y']), effective]);
      }
      snapshots.push(rows);
    }
    for (const rows of snapshots) {
      await load(engine, rows);
      await assertNone(engine, 'dim_department', scd2TableViolations(dimension().strategy as Scd2Spec, published('dim_department')));
    }
    const incremental = await history(engine);
    expect(incremental.length).toBeGreaterThan(5);

    const rebuilt = await create();
    try {
      await createSchemas(rebuilt);
      await load(rebuilt, snapshots.flat());
      expect(await history(rebuilt)).toEqual(incremental);
    } finally {
      await rebuilt.close();
    }
  });

  it('joins a fact to the version in force on its date (as posted) and to the current values (restated)', async () => {
    await load(engine, [['D103', 'Marketing', 'Bo', '1900-01-01']]);
    await load(engine, [['D103', 'Sales', 'Bo', '2024-03-01']]);
    await setRows(engine, 'postings', { department_id: 'varchar', posted_on: 'date', amount: 'decimal(18, 2)' }, [
      ['D103', '2024-02-15', '750.00'],
      ['D103', '2024-03-10', '-500.00'],
    ]);
    const spec = dimension().strategy as Scd2Spec;
    const joined = `from strategies_staging.postings as f join ${published('dim_department')} as d on ${scd2Lookup(engine.dialect, spec, 'd', 'f', 'f.posted_on')}`;
    const asPosted = await engine.query(`select d.business_unit, sum(f.amount) as amount ${joined} group by d.business_unit order by d.business_unit`);
    const restated = await engine.query(`select d.current_business_unit, sum(f.amount) as amount ${joined} group by d.current_business_unit`);
    expect(asPosted).toEqual([
      { business_unit: 'Marketing', amount: '750.00' },
      { business_unit: 'Sales', amount: '-500.00' },
    ]);
    expect(restated).toEqual([{ current_business_unit: 'Sales', amount: '250.00' }]);
  });

  it('lets a model look the version up with {{ valid_at() }}', async () => {
    await setRows(engine, 'department_snapshot', SNAPSHOT_COLUMNS, [
      ['D103', 'Marketing', 'Bo', '1900-01-01'],
      ['D103', 'Sales', 'Bo', '2024-03-01'],
    ]);
    await setRows(engine, 'postings', { department_id: 'varchar', posted_on: 'date', amount: 'decimal(18, 2)' }, [['D103', '2024-02-15', '750.00']]);
    const fact = modelFromYml(
      'fact_posting',
      `select f.posted_on, d.department_key, d.business_unit, f.amount
from {{ source('postings') }} as f
join {{ ref('dim_department') }} as d on d.department_id = f.department_id and {{ valid_at(d, f.posted_on) }}`,
      { key: 'posted_on' },
    );
    await buildAndPublish(engine, productOf(dimension(), fact));
    const [dim] = await history(engine);
    expect(await engine.query(`select department_key, business_unit from ${published('fact_posting')}`)).toEqual([{ department_key: dim!.department_key, business_unit: 'Marketing' }]);
  });
});

it('gives the same rows and surrogate keys on DuckDB and PostgreSQL', async () => {
  const results: Row[][] = [];
  for (const { create } of TEST_ENGINES) {
    const engine = await create();
    try {
      await createSchemas(engine);
      await load(engine, [['D103', 'Marketing', null, '1900-01-01'], ['D7', 'Ops', 'Cy', '2024-01-01']]);
      await load(engine, [['D103', 'Sales', 'Bo', '2024-03-01']]);
      results.push(await history(engine));
    } finally {
      await engine.close();
    }
  }
  expect(results[0]).toHaveLength(3);
  expect(results[1]).toEqual(results[0]);
});

/** A small seeded generator: the random changes are the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

