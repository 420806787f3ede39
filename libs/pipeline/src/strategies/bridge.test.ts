/** Weighted bridges on DuckDB and PostgreSQL: exact weights summing to 1, one primary per group. */
import type { Engine } from '@finlake/engine';
import { strategySpec, type BridgeSpec } from '@finlake/models';
import { TEST_ENGINES } from '../../testing';
import { buildAndPublish, createSchemas, modelFromYml, productOf, published, rowsOf, setRows } from '../../testing/strategies';
import { bridgeChecks, StrategyError } from '.';

const MEMBERS = { group_id: 'varchar', member_id: 'varchar', member_rank: 'integer' };
const GIVEN = { group_id: 'varchar', member_id: 'varchar', weight: 'decimal(9, 6)', is_primary: 'boolean' };

const bridge = (strategy: Record<string, unknown>) =>
  modelFromYml('bridge_group_member', `select * from {{ source('members') }}`, { key: ['group_id', 'member_id'], strategy: { kind: 'bridge', group: 'group_id', member: 'member_id', ...strategy } });
const table = published('bridge_group_member');

describe.each(TEST_ENGINES)('weighted bridges on $name', ({ create }) => {
  let engine: Engine;
  beforeEach(async () => {
    engine = await create();
    await createSchemas(engine);
  });
  afterEach(() => engine.close());

  it('computes equal weights that add up to exactly 1 and makes the first member in order primary', async () => {
    const groups: [string, number][] = [
      ['G1', 1],
      ['G3', 3],
      ['G7', 7],
    ];
    const rows = groups.flatMap(([g, n]) => Array.from({ length: n }, (_, i) => [g, `M${i + 1}`, n - i]));
    await setRows(engine, 'members', MEMBERS, rows);
    await buildAndPublish(engine, productOf(bridge({ order: ['member_rank'] })));
    const g3 = (await rowsOf(engine, table, ['group_id', 'member_rank'])).filter((r) => r.group_id === 'G3');
    expect(g3.map((r) => [r.member_id, r.weight, r.is_primary])).toEqual([
      ['M3', '0.333334', true],
      ['M2', '0.333333', false],
      ['M1', '0.333333', false],
    ]);
    expect(await engine.query(`select group_id, sum(weight) as total, sum(case when is_primary then 1 else 0 end) as primaries from ${table} group by group_id order by group_id`)).toEqual([
      { group_id: 'G1', total: '1.000000', primaries: 1 },
      { group_id: 'G3', total: '1.000000', primaries: 1 },
      { group_id: 'G7', total: '1.000000', primaries: 1 },
    ]);
  });

  it('allocates a measure across members without losing a cent', async () => {
    await setRows(engine, 'members', MEMBERS, [
      ['G3', 'A', 1],
      ['G3', 'B', 2],
      ['G3', 'C', 3],
    ]);
    await buildAndPublish(engine, productOf(bridge({ weight_scale: 4 })));
    const [row] = await engine.query(`select sum(cast(100.00 * weight as decimal(18, 6))) as allocated from ${table}`);
    expect(row).toEqual({ allocated: '100.000000' });
  });

  it('keeps given weights and flags, and gives computed weights’ extra digit to the given primary', async () => {
    await setRows(engine, 'members', { group_id: 'varchar', member_id: 'varchar', is_primary: 'boolean' }, [
      ['G', 'A', false],
      ['G', 'B', true],
      ['G', 'C', false],
    ]);
    await buildAndPublish(engine, productOf(bridge({ primary: 'given' })));
    expect((await rowsOf(engine, table, ['member_id'])).map((r) => [r.member_id, r.weight, r.is_primary])).toEqual([
      ['A', '0.333333', false],
      ['B', '0.333334', true],
      ['C', '0.333333', false],
    ]);
  });

  it('refuses given weights that do not add up to 1, a weight out of range and two primaries, listing each', async () => {
    await setRows(engine, 'members', GIVEN, [
      ['G1', 'A', '0.500000', true],
      ['G1', 'B', '0.400000', false],
      ['G2', 'A', '1.000000', true],
      ['G2', 'B', '0.000000', true],
    ]);
    const error = await buildAndPublish(engine, productOf(bridge({ weight: 'given', primary: 'given' }))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StrategyError);
    expect((error as StrategyError).codes).toEqual(['BRIDGE_WEIGHT_RANGE', 'BRIDGE_WEIGHT_SUM', 'BRIDGE_PRIMARY']);
    expect((error as Error).message).toContain('BRIDGE_WEIGHT_SUM: 1 × group(s) whose weights do not add up to exactly 1');
  });

  it('gives the rules as gate checks counting violations', async () => {
    await setRows(engine, 'members', GIVEN, [
      ['G1', 'A', '0.500000', true],
      ['G1', 'B', '0.500000', true],
      ['G2', 'A', '1.000000', true],
      ['G2', 'A', '1.000000', false],
    ]);
    const spec = strategySpec('bridge_group_member', { kind: 'bridge', group: 'group_id', member: 'member_id', weight: 'given', primary: 'given' }) as BridgeSpec;
    const counts: Record<string, number> = {};
    for (const check of bridgeChecks(spec, 'bridge_group_member', 'strategies_staging.members')) counts[check.check] = Number((await engine.query(check.sql))[0]!.violations);
    expect(counts).toEqual({ BRIDGE_NULL_KEY: 0, BRIDGE_DUPLICATE_MEMBER: 1, BRIDGE_WEIGHT_RANGE: 0, BRIDGE_WEIGHT_SUM: 1, BRIDGE_PRIMARY: 1 });
  });
});
