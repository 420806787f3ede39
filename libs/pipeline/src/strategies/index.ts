/**
 * Generic model strategies (docs/strategies.md): SCD type 2 with type-6 current columns,
 * cumulative tables, periodic snapshot facts and weighted bridges. A model's yml declares one
 * (`strategy: { kind: ... }`); the build calls buildStrategyModel for it.
 */
import { renderSql, type Dialect, type Engine } from '@finlake/engine';
import type { CumulativeSpec, Model, StrategySpec } from '@finlake/models';
import { productSchemas } from '../schema';
import { bridgeViolations, buildBridge } from './bridge';
import { asCheck, type StrategyCheck, type Violation } from './common';
import { buildCumulative, cumulativeTableViolations } from './cumulative';
import { buildScd2, scd2TableViolations } from './scd2';
import { buildSnapshot, snapshotViolations } from './snapshot';

export { assertNone, violationCountSql, StrategyCodes, StrategyError, type StrategyCheck, type StrategyCode, type TableName, type Violation } from './common';
export * from './scd2';
export * from './cumulative';
export * from './snapshot';
export * from './bridge';

/**
 * Build a strategy model aside into `target` (the table swapped in at publish) from `input`,
 * the model's SQL rendered for this run; the published table, when a strategy reads it, is the
 * model's table in the product's warehouse schema. Throws StrategyError when a rule is broken.
 */
export async function buildStrategyModel(engine: Engine, product: string, model: Model, target: string, input: string): Promise<void> {
  const spec = model.strategy;
  if (!spec) throw new Error(`Model ${model.name} has no strategy`);
  const published = { schema: productSchemas(product).warehouse, table: model.name };
  switch (spec.kind) {
    case 'scd2':
      return buildScd2(engine, spec, { name: model.name, published, snapshot: input, target });
    case 'cumulative':
      return buildCumulative(engine, withDialect(spec, engine.dialect), { name: model.name, published, delta: input, target });
    case 'snapshot':
      return buildSnapshot(engine, spec, { name: model.name, published, rows: input, target });
    case 'bridge':
      return buildBridge(engine, spec, { name: model.name, rows: input, target });
  }
}

/** A cumulative spec whose derived expressions have their macros (`{{ bit_count(x) }}`) rendered for `dialect`. */
export function withDialect(spec: CumulativeSpec, dialect: Dialect): CumulativeSpec {
  const render = (sql: string) =>
    renderSql(sql, dialect, (kind, name) => {
      throw new Error(`A derived column reads its row's state only, not ${kind}('${name}')`);
    });
  return { ...spec, derived: spec.derived.map((c) => ({ ...c, expression: render(c.expression) })) };
}

/** The rules a strategy's built table keeps (the builds enforce them; a gate can report them). */
export function strategyViolations(spec: StrategySpec, table: string): Violation[] {
  switch (spec.kind) {
    case 'scd2':
      return scd2TableViolations(spec, table);
    case 'cumulative':
      return cumulativeTableViolations(spec, table);
    case 'snapshot':
      return snapshotViolations(spec, table);
    case 'bridge':
      return bridgeViolations(spec, table);
  }
}

/** A strategy model's rules as quality-gate checks over `table` (none for other models). */
export function strategyChecks(model: Model, table: string): StrategyCheck[] {
  return model.strategy ? strategyViolations(model.strategy, table).map((v) => asCheck(model.name, v)) : [];
}
