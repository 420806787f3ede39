/**
 * Bridge tables with weights (docs/strategies.md): rows (group, member, weight, primary flag);
 * per group the weights sum to exactly 1 and exactly one member is primary.
 */
import { quoteIdent, sameColumns, type Engine } from '@finlake/engine';
import type { BridgeSpec } from '@finlake/models';
import { assertNone, asCheck, columnList, scratchTable, withScratch, type StrategyCheck, type Violation } from './common';

/**
 * Equal weights exact to `scale` places: each member gets floor(10^scale / n) units of 10^-scale
 * and the first (10^scale mod n) members in primary-then-`order` order one unit more, so the
 * weights add up to exactly 1 (1/3 → 0.333334, 0.333333, 0.333333).
 */
function equalWeight(scale: number): string {
  const units = `1${'0'.repeat(scale)}`;
  const unit = `0.${'0'.repeat(scale - 1)}1`;
  const share = `cast((${units} - ${units} % k.member_count) / k.member_count as bigint) + case when k.member_rank <= ${units} % k.member_count then 1 else 0 end`;
  return `cast(cast(${share} as decimal(18, 0)) * cast(${unit} as decimal(18, ${scale})) as decimal(18, ${scale}))`;
}

/** The bridge rows from `rows`: the weights and the primary flag computed where the spec says so. */
export function bridgeSql(spec: BridgeSpec, rows: string): string {
  if (spec.weight === 'given' && spec.primary === 'given') return `select * from ${rows}`;
  const group = columnList(spec.group);
  const order = [
    ...(spec.primary === 'given' ? [`case when ${quoteIdent(spec.primaryColumn)} then 0 else 1 end`] : []),
    ...[...spec.order, ...spec.member.filter((m) => !spec.order.includes(m))].map(quoteIdent),
  ];
  const computed = [
    ...(spec.weight === 'equal' ? [`${equalWeight(spec.weightScale)} as ${quoteIdent(spec.weightColumn)}`] : []),
    ...(spec.primary === 'first' ? [`k.member_rank = 1 as ${quoteIdent(spec.primaryColumn)}`] : []),
  ];
  const members = [...spec.group, ...spec.member];
  return `select r.*, ${computed.join(', ')}
from ${rows} as r
join (
    select ${columnList(members)},
        row_number() over (partition by ${group} order by ${order.join(', ')}) as member_rank,
        count(*) over (partition by ${group}) as member_count
    from ${rows} as m
) as k on ${sameColumns(members, 'k', 'r')}`;
}

/** What a bridge table (or its rows) must not hold; each is a gate-style rule. */
export function bridgeViolations(spec: BridgeSpec, table: string): Violation[] {
  const group = columnList(spec.group, 'b');
  const members = columnList([...spec.group, ...spec.member], 'b');
  const weight = `b.${quoteIdent(spec.weightColumn)}`;
  const primary = `b.${quoteIdent(spec.primaryColumn)}`;
  return [
    {
      code: 'BRIDGE_NULL_KEY',
      message: 'row(s) without a group or a member',
      rows: `select ${members} from ${table} as b where ${[...spec.group, ...spec.member].map((c) => `b.${quoteIdent(c)} is null`).join(' or ')}`,
    },
    {
      code: 'BRIDGE_DUPLICATE_MEMBER',
      message: 'member(s) listed twice in a group',
      rows: `select ${members}, count(*) as bridge_rows from ${table} as b group by ${members} having count(*) > 1`,
    },
    {
      code: 'BRIDGE_WEIGHT_RANGE',
      message: 'weight(s) not in (0, 1]',
      rows: `select ${members}, ${weight} from ${table} as b where ${weight} <= 0 or ${weight} > 1`,
    },
    {
      code: 'BRIDGE_WEIGHT_SUM',
      message: 'group(s) whose weights do not add up to exactly 1 (weights must be exact decimals)',
      rows: `select ${group}, sum(${weight}) as weight_total from ${table} as b group by ${group} having sum(${weight}) <> 1 or count(${weight}) <> count(*)`,
    },
    {
      code: 'BRIDGE_PRIMARY',
      message: 'group(s) without exactly one primary member',
      rows: `select ${group}, sum(case when ${primary} then 1 else 0 end) as primaries from ${table} as b group by ${group} having sum(case when ${primary} then 1 else 0 end) <> 1`,
    },
  ];
}

/** The bridge rules as quality-gate checks (one row with `violations` each) over `table`. */
export function bridgeChecks(spec: BridgeSpec, modelName: string, table: string): StrategyCheck[] {
  return bridgeViolations(spec, table).map((v) => asCheck(modelName, v));
}

export interface BridgeBuild {
  readonly name: string;
  /** The model's SQL: one row per group and member. */
  readonly rows: string;
  readonly target: string;
}

/** Build the bridge aside and refuse it when a rule is broken (BRIDGE_* codes). */
export async function buildBridge(engine: Engine, spec: BridgeSpec, build: BridgeBuild): Promise<void> {
  const input = scratchTable(build.name, 'input');
  await withScratch(engine, input, `select * from (${build.rows}) as r`, async () => {
    await engine.run(`create table ${build.target} as ${bridgeSql(spec, input)}`);
    await assertNone(engine, build.name, bridgeViolations(spec, build.target));
  });
}
