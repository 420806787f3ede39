import { quoteIdent, quoteString, type Engine } from '@finlake/engine';
import type { DataProductContract } from '@finlake/contracts';
import type { ModelTest, ProductModels } from '@finlake/models';
import { ASIDE, renderForBuild } from './build';
import { WAREHOUSE } from './schema';

export interface GateResult {
  check: string;
  table: string;
  blocking: boolean;
  violations: number;
  passed: boolean;
  detail?: string;
}

interface Check {
  check: string;
  table: string;
  blocking: boolean;
  /** Returns one row with `violations`. */
  sql: string;
  detail?: string;
}

function acceptedValues(contract: DataProductContract, name: string): readonly string[] {
  for (const entity of contract.entities) {
    const column = entity.columns.find((c) => c.name === name);
    if (column?.type.kind === 'enum') return column.type.values;
  }
  throw new Error(`accepted_values: no enum column named ${name} in the ${contract.name} contract`);
}

/** Compile a model's tests to violation-counting SQL over the table built aside. */
export function testChecks(contract: DataProductContract, modelName: string, tests: readonly ModelTest[]): Check[] {
  const table = `${WAREHOUSE}.${quoteIdent(`${modelName}${ASIDE}`)}`;
  const cols = (names: string[]) => names.map(quoteIdent).join(', ');
  return tests.map((test): Check => {
    if ('unique' in test) {
      return { check: `unique(${test.unique.join(', ')})`, table: modelName, blocking: true, sql: `select count(*) as violations from (select ${cols(test.unique)} from ${table} group by ${cols(test.unique)} having count(*) > 1) as d` };
    }
    if ('not_null' in test) {
      return { check: `not_null(${test.not_null.join(', ')})`, table: modelName, blocking: true, sql: `select count(*) as violations from ${table} where ${test.not_null.map((c) => `${quoteIdent(c)} is null`).join(' or ')}` };
    }
    if ('relationships' in test) {
      const { column, to, field } = test.relationships;
      const parent = `${WAREHOUSE}.${quoteIdent(`${to}${ASIDE}`)}`;
      return {
        check: `relationships(${column} -> ${to}.${field})`,
        table: modelName,
        blocking: true,
        sql: `select count(*) as violations from ${table} as t where t.${quoteIdent(column)} is not null and not exists (select 1 from ${parent} as p where p.${quoteIdent(field)} = t.${quoteIdent(column)})`,
      };
    }
    if ('accepted_values' in test) {
      const { column, contract: enumName } = test.accepted_values;
      const values = acceptedValues(contract, enumName);
      return { check: `accepted_values(${column})`, table: modelName, blocking: true, sql: `select count(*) as violations from ${table} where ${quoteIdent(column)} not in (${values.map(quoteString).join(', ')})` };
    }
    return { check: `expression(${test.expression})`, table: modelName, blocking: true, sql: `select count(*) as violations from ${table} where not coalesce((${test.expression}), false)` };
  });
}

/** Run every model test and reconciliation on the tables built aside. */
export async function runGate(engine: Engine, contract: DataProductContract, models: ProductModels): Promise<GateResult[]> {
  const results: GateResult[] = [];
  for (const model of models.models) {
    for (const check of testChecks(contract, model.name, model.tests)) {
      const [row] = await engine.query<{ violations: number }>(check.sql);
      const violations = Number(row?.violations ?? 0);
      results.push({ check: check.check, table: check.table, blocking: check.blocking, violations, passed: violations === 0 });
    }
  }
  for (const rec of models.reconciliations) {
    const [row] = await engine.query<{ expected: string | number | null; actual: string | number | null }>(
      `select (${renderForBuild(engine, rec.expected)}) as expected, (${renderForBuild(engine, rec.actual)}) as actual`,
    );
    const expected = normaliseNumber(row?.expected);
    const actual = normaliseNumber(row?.actual);
    const passed = expected === actual;
    results.push({ check: `reconcile: ${rec.name}`, table: rec.table, blocking: true, violations: passed ? 0 : 1, passed, detail: `expected ${expected}, actual ${actual}` });
  }
  return results;
}

/** Compare decimals by value, not by text: 10.50 and 10.5 are the same amount; NULL sums of nothing are 0. */
export function normaliseNumber(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '0';
  let text = String(value);
  if (text.includes('.')) text = text.replace(/0+$/, '').replace(/\.$/, '');
  return text === '-0' ? '0' : text;
}
