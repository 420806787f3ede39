import { quoteIdent, quoteString, sameColumns, type Engine } from '@finlake/engine';
import type { DataProductContract } from '@finlake/contracts';
import type { Model, ModelTest, ProductModels } from '@finlake/models';
import { strategyChecks } from './strategies';
import { buildTarget, fullBuild, renderForBuild, touchedRows, type BuildPlan } from './build';
import type { FileCheck } from './check-file';
import { inWarehouse } from './schema';
import { addedRows, runStaging, RUN_QUARANTINE } from './temp-names';
import { isValid, validRows, warningRules } from './validate';

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

/**
 * Compile a model's tests to violation-counting SQL over the table built in this run. When the
 * model is built in place, rows already checked by earlier runs are not checked again: only the
 * rows the run adds (uniqueness still compares them with every row).
 */
export function testChecks(contract: DataProductContract, modelName: string, tests: readonly ModelTest[], plan: BuildPlan = fullBuild(contract.name)): Check[] {
  const table = buildTarget(modelName, plan);
  const newRows = plan.inPlace.has(modelName);
  const rows = newRows ? addedRows(modelName) : table;
  const cols = (names: string[]) => names.map(quoteIdent).join(', ');
  return tests.map((test): Check => {
    if ('unique' in test) {
      const keys = cols(test.unique);
      const check = `unique(${test.unique.join(', ')})`;
      if (!newRows) {
        return { check, table: modelName, blocking: true, sql: `select count(*) as violations from (select ${keys} from ${table} group by ${keys} having count(*) > 1) as d` };
      }
      // The new rows' keys, each counted across the whole table: a join from the few new rows.
      const sameKey = sameColumns(test.unique, 'o', 'n');
      const newKeys = test.unique.map((c) => `n.${quoteIdent(c)}`).join(', ');
      return { check, table: modelName, blocking: true, sql: `select count(*) as violations from (select ${newKeys} from ${rows} as n join ${table} as o on ${sameKey} group by ${newKeys} having count(*) > 1) as d` };
    }
    if ('not_null' in test) {
      return { check: `not_null(${test.not_null.join(', ')})`, table: modelName, blocking: true, sql: `select count(*) as violations from ${rows} as t where ${test.not_null.map((c) => `${quoteIdent(c)} is null`).join(' or ')}` };
    }
    if ('relationships' in test) {
      const { column, to, field } = test.relationships;
      const parent = buildTarget(to, plan);
      const orphans = `select count(*) from ${rows} as t where t.${quoteIdent(column)} is not null and not exists (select 1 from ${parent} as p where p.${quoteIdent(field)} = t.${quoteIdent(column)})`;
      // Rows built earlier were checked against the parent as published then: they stay joined
      // as long as a rebuilt parent keeps every key it had (a parent built in place keeps them).
      const lost = newRows && !plan.inPlace.has(to)
        ? ` + (select count(*) from ${inWarehouse(plan.product, to)} as o where not exists (select 1 from ${parent} as p where p.${quoteIdent(field)} = o.${quoteIdent(field)}))`
        : '';
      return { check: `relationships(${column} -> ${to}.${field})`, table: modelName, blocking: true, sql: `select (${orphans})${lost} as violations` };
    }
    if ('accepted_values' in test) {
      const { column, contract: enumName } = test.accepted_values;
      const values = acceptedValues(contract, enumName);
      return { check: `accepted_values(${column})`, table: modelName, blocking: true, sql: `select count(*) as violations from ${rows} as t where ${quoteIdent(column)} not in (${values.map(quoteString).join(', ')})` };
    }
    return { check: `expression(${test.expression})`, table: modelName, blocking: true, sql: `select count(*) as violations from ${rows} as t where not coalesce((${test.expression}), false)` };
  });
}

/** A model's tests, and the rules of its build strategy, over the table built in this run. */
export function modelChecks(contract: DataProductContract, model: Model, plan: BuildPlan = fullBuild(contract.name)): Check[] {
  return [...testChecks(contract, model.name, model.tests, plan), ...strategyChecks(model, buildTarget(model.name, plan))];
}

/** The checks the gate runs, by name, for a plan: what `finlake run --dry-run` lists. */
export function gateChecks(contract: DataProductContract, models: ProductModels, plan: BuildPlan = fullBuild(models.product), batches: readonly Pick<FileCheck, 'input'>[] = []): { table: string; check: string }[] {
  const out: { table: string; check: string }[] = [];
  for (const b of batches) {
    const table = `stg_${b.input.entity.name}`;
    out.push({ table, check: `reconcile: rows read = loaded + quarantined (${b.input.name})` });
    for (const c of numericColumns(b.input.entity)) out.push({ table, check: `reconcile: sum(${c.header}) staged = raw (${b.input.name})` });
    for (const r of warningRules(b.input.entity)) out.push({ table, check: warningCheck(r, b.input.name) });
  }
  for (const model of models.models) for (const c of modelChecks(contract, model, plan)) out.push({ table: c.table, check: c.check });
  for (const model of models.models) {
    const spec = model.incremental;
    if (plan.inPlace.has(model.name) && spec?.strategy === 'merge') out.push({ table: model.name, check: `merge keeps keys(${[spec.mergeKey, ...model.key].join(', ')})` });
  }
  for (const rec of models.reconciliations) out.push({ table: rec.table, check: `reconcile: ${rec.name}` });
  return out;
}

const numericColumns = (entity: FileCheck['input']['entity']) => entity.columns.filter((c) => c.type.kind === 'decimal' || c.type.kind === 'integer');

/**
 * Conservation per batch, before anything is staged: rows read = loaded + quarantined, and the
 * money the run stages (its staging rows, `run__stg_<entity>`) equals the money of the file's
 * records that were not quarantined.
 */
async function reconcileBatches(engine: Engine, batches: readonly FileCheck[]): Promise<GateResult[]> {
  const out: GateResult[] = [];
  for (const b of batches) {
    const table = `stg_${b.input.entity.name}`;
    const conserved = b.rowsRead === b.rowsValid + b.rowsQuarantined;
    out.push({ check: `reconcile: rows read = loaded + quarantined (${b.input.name})`, table, blocking: true, violations: conserved ? 0 : 1, passed: conserved, detail: `read ${b.rowsRead}, loaded ${b.rowsValid}, quarantined ${b.rowsQuarantined}` });
    const numeric = numericColumns(b.input.entity);
    if (numeric.length === 0) continue;
    // The typed values of every record read that was not quarantined, whatever the flags say.
    const batch = b.batch!;
    const notQuarantined = `${batch.rec!('c')} not in (select q.line_number from ${RUN_QUARANTINE} as q where q.batch_id = ${quoteString(b.batchId)})`;
    let raw: Record<string, unknown> | undefined;
    let staged: Record<string, unknown> | undefined;
    if (b.input.entity.loadMode === 'append') {
      // An append entity stages exactly the batch's valid checked rows (see createStagingViews): one scan gives both sides.
      const sums = numeric.flatMap((c) => [
        `sum(case when ${notQuarantined} then c.${quoteIdent(c.name)} end) as ${quoteIdent(`raw_${c.name}`)}`,
        `sum(case when ${isValid('c')} then c.${quoteIdent(c.name)} end) as ${quoteIdent(`staged_${c.name}`)}`,
      ]);
      const [row] = await engine.query(`select ${sums.join(', ')} from ${quoteIdent(batch.checkedTable)} as c`);
      raw = Object.fromEntries(numeric.map((c) => [c.name, row?.[`raw_${c.name}`]]));
      staged = Object.fromEntries(numeric.map((c) => [c.name, row?.[`staged_${c.name}`]]));
    } else {
      // An upsert's later batch may replace this one's keys: what it stages is read from the run's view.
      [raw] = await engine.query(`select ${numeric.map((c) => `sum(c.${quoteIdent(c.name)}) as ${quoteIdent(c.name)}`).join(', ')} from ${quoteIdent(batch.checkedTable)} as c where ${notQuarantined}`);
      [staged] = await engine.query(`select ${numeric.map((c) => `sum(${quoteIdent(c.name)}) as ${quoteIdent(c.name)}`).join(', ')} from ${runStaging(b.input.entity.name)} where batch_id = ?`, [b.batchId]);
    }
    for (const column of numeric) {
      const rawValue = normaliseNumber(raw?.[column.name] as string | null);
      const stagedValue = normaliseNumber(staged?.[column.name] as string | null);
      const passed = rawValue === stagedValue;
      out.push({ check: `reconcile: sum(${column.header}) staged = raw (${b.input.name})`, table, blocking: true, violations: passed ? 0 : 1, passed, detail: `raw ${rawValue}, staged ${stagedValue}` });
    }
  }
  return out;
}

const warningCheck = (rule: { name: string; reason?: string }, file: string) => `warning ${rule.reason ?? rule.name}: ${rule.name} (${file})`;

/** The contract's warning rules over each batch's loaded rows: reported, never blocking. */
async function ruleWarnings(engine: Engine, batches: readonly FileCheck[]): Promise<GateResult[]> {
  const out: GateResult[] = [];
  for (const b of batches) {
    for (const rule of warningRules(b.input.entity)) {
      const [row] = await engine.query<{ violations: number }>(`select count(*) as violations from ${validRows(b.batch!)} as t where not coalesce((${rule.condition}), false)`);
      const violations = Number(row?.violations ?? 0);
      out.push({ check: warningCheck(rule, b.input.name), table: `stg_${b.input.entity.name}`, blocking: false, violations, passed: violations === 0, detail: rule.description });
    }
  }
  return out;
}

/**
 * The quality gate, one result list: the run's batches reconciled (when given), then every
 * model test and reconciliation on the tables built in this run. Nothing is written.
 */
export async function runGate(engine: Engine, contract: DataProductContract, models: ProductModels, plan: BuildPlan = fullBuild(models.product), batches: readonly FileCheck[] = []): Promise<GateResult[]> {
  const results: GateResult[] = [...(await reconcileBatches(engine, batches)), ...(await ruleWarnings(engine, batches))];
  for (const model of models.models) {
    for (const check of modelChecks(contract, model, plan)) {
      const [row] = await engine.query<{ violations: number }>(check.sql);
      const violations = Number(row?.violations ?? 0);
      results.push({ check: check.check, table: check.table, blocking: check.blocking, violations, passed: violations === 0 });
    }
  }
  // A merged model replaces the published rows of the keys the new batches touch: each must keep
  // its key, or rows built before (facts pointing at it) would lose their match.
  for (const model of models.models) {
    const spec = model.incremental;
    if (!plan.inPlace.has(model.name) || spec?.strategy !== 'merge') continue;
    const same = sameColumns([spec.mergeKey, ...model.key], 't', 'r');
    const [row] = await engine.query<{ violations: number }>(
      `select count(*) as violations from ${inWarehouse(models.product, model.name)} as r where ${touchedRows(model, plan, 'r')} and not exists (select 1 from ${addedRows(model.name)} as t where ${same})`,
    );
    const violations = Number(row?.violations ?? 0);
    results.push({ check: `merge keeps keys(${[spec.mergeKey, ...model.key].join(', ')})`, table: model.name, blocking: true, violations, passed: violations === 0 });
  }
  for (const rec of models.reconciliations) {
    const [row] = await engine.query<{ expected: string | number | null; actual: string | number | null }>(
      `select (${reconcileSql(engine, rec.expected, models, plan)}) as expected, (${reconcileSql(engine, rec.actual, models, plan)}) as actual`,
    );
    const expected = normaliseNumber(row?.expected);
    const actual = normaliseNumber(row?.actual);
    const passed = expected === actual;
    results.push({ check: `reconcile: ${rec.name}`, table: rec.table, blocking: true, violations: passed ? 0 : 1, passed, detail: `expected ${expected}, actual ${actual}` });
  }
  return results;
}

/** `select count(*) | sum(…) from {{ source|ref('name') }}`: a measure that adds up over any split of the rows. */
const ADDITIVE = /^\s*select\s+(count\(\*\)|sum\((?:[^()]|\([^()]*\))*\))\s+from\s+\{\{\s*(source|ref)\(\s*'([a-z0-9_]+)'\s*\)\s*\}\}\s*$/i;

/**
 * A reconciliation side as SQL. A table the run appends to is read as it will be: its published
 * rows and the run's. An additive measure is then taken over each part and added, which spares
 * the scan a count over the whole union needs (a count of a table alone is free on DuckDB).
 */
function reconcileSql(engine: Engine, sql: string, models: ProductModels, plan: BuildPlan): string {
  const m = ADDITIVE.exec(sql);
  if (!m) return renderForBuild(engine, sql, plan);
  const [, measure, kind, name] = m;
  let parts = kind === 'source' ? plan.appendedSources.get(name!) : undefined;
  if (kind === 'ref' && plan.inPlace.has(name!) && models.models.find((x) => x.name === name)?.incremental?.strategy === 'append') {
    parts = [inWarehouse(models.product, name!), addedRows(name!)];
  }
  if (!parts) return renderForBuild(engine, sql, plan);
  return parts.map((table) => `coalesce((select ${measure} from ${table}), 0)`).join(' + ');
}

/** Compare decimals by value, not by text: 10.50 and 10.5 are the same amount; NULL sums of nothing are 0. */
export function normaliseNumber(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '0';
  let text = String(value);
  if (text.includes('.')) text = text.replace(/0+$/, '').replace(/\.$/, '');
  return text === '-0' ? '0' : text;
}
