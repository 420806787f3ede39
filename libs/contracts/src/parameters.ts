import { UsageError } from '@finlake/errors';
import { RowReasonCodes } from './reason-codes';
import type { DataProductContract, EntityContract, ParameterContract } from './types';

/** `{{ param('name') }}` in a rule condition or a model's SQL: the parameter's value. */
const PARAM = /\{\{\s*param\(\s*['"]([a-z_][a-z0-9_]*)['"]\s*\)\s*\}\}/g;

/** The parameter naming the time zone whose calendar days are a product's business days. */
export const BUSINESS_TIME_ZONE = 'business_time_zone';

/** `business_time_zone` (default UTC): an IANA name; `days` says what its days are (e.g. "balance days"). */
export const businessTimeZoneParameter = (days: string): ParameterContract => ({
  name: BUSINESS_TIME_ZONE,
  description: `the IANA time zone whose calendar days are ${days} (a day is [start of D, start of D+1) there)`,
  default: 'UTC',
  pattern: '[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+){0,2}',
});

/** A last-day parameter: an ISO date YYYY-MM-DD, or empty (default) for the last day with data. */
export const throughDayParameter = (name: string, description: string): ParameterContract => ({
  name,
  description,
  default: '',
  pattern: '([0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]))?',
});

/** A product's parameter values: each override checked against its pattern, defaults for the rest. */
export function resolveParameters(contract: DataProductContract, overrides: Readonly<Record<string, string>> = {}): Record<string, string> {
  const declared = contract.parameters ?? [];
  const problems: string[] = [];
  for (const name of Object.keys(overrides)) {
    if (!declared.some((p) => p.name === name)) problems.push(`${name} is not a parameter of ${contract.name}${declared.length ? ` (parameters: ${declared.map((p) => p.name).join(', ')})` : ' (it has none)'}`);
  }
  const values: Record<string, string> = {};
  for (const p of declared) {
    const value = overrides[p.name] ?? p.default;
    if (!new RegExp(`^(?:${p.pattern})$`).test(value)) problems.push(`${p.name} = ${JSON.stringify(value)}: ${p.description}`);
    values[p.name] = value;
  }
  if (problems.length) throw new UsageError(`Invalid parameter(s) of ${contract.name}: ${problems.join('; ')}.`);
  return values;
}

/** `text` with every `{{ param('name') }}` replaced by the value as an SQL string literal (cast it where a number is meant). */
export function fillParameters(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(PARAM, (_whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new UsageError(`{{ param('${name}') }} names no parameter (declared: ${Object.keys(values).join(', ') || 'none'}).`);
    return `'${value.replace(/'/g, "''")}'`;
  });
}

/** The contract with its parameters filled into every rule and reference condition. */
export function contractWithParameters(contract: DataProductContract, values: Readonly<Record<string, string>>): DataProductContract {
  const fill = (text: string) => fillParameters(text, values);
  const entity = (e: EntityContract): EntityContract => ({
    ...e,
    rules: e.rules.map((r) => ({ ...r, condition: fill(r.condition) })),
    references: e.references.map((r) => ({
      ...r,
      ...(r.when !== undefined && { when: fill(r.when) }),
      ...(r.with !== undefined && { with: r.with.map((w) => ({ ...w, expression: fill(w.expression) })) }),
      ...(r.asOf !== undefined && { asOf: { ...r.asOf, date: fill(r.asOf.date) } }),
    })),
  });
  return { ...contract, entities: contract.entities.map(entity) };
}

/**
 * What a contract declares must hang together: every reason code its rules and references name is
 * built in or declared by the product, and every parameter a condition reads exists.
 */
export function contractProblems(contract: DataProductContract): string[] {
  const problems: string[] = [];
  const known = (code: string) => code in RowReasonCodes || (contract.reasonCodes !== undefined && code in contract.reasonCodes);
  const defaults = Object.fromEntries((contract.parameters ?? []).map((p) => [p.name, p.default]));
  const filled = (where: string, text: string) => {
    try {
      fillParameters(text, defaults);
    } catch (err) {
      problems.push(`${where}: ${(err as Error).message}`);
    }
  };
  for (const e of contract.entities) {
    for (const c of e.columns) if (c.type.kind === 'enum' && c.type.reason !== undefined && !known(c.type.reason)) problems.push(`${e.name} column ${c.name}: reason ${c.type.reason} is neither built in nor in reasonCodes`);
    for (const r of e.rules) {
      if (r.reason !== undefined && !known(r.reason)) problems.push(`${e.name} rule ${r.name}: reason ${r.reason} is neither built in nor in reasonCodes`);
      filled(`${e.name} rule ${r.name}`, r.condition);
    }
    for (const r of e.references) {
      if (r.reason !== undefined && !known(r.reason)) problems.push(`${e.name} reference ${r.column}: reason ${r.reason} is neither built in nor in reasonCodes`);
      for (const text of [r.when, r.asOf?.date, ...(r.with ?? []).map((w) => w.expression)]) if (text !== undefined) filled(`${e.name} reference ${r.column}`, text);
      if (!contract.entities.some((x) => x.name === r.entity)) problems.push(`${e.name} reference ${r.column}: no entity ${r.entity}`);
    }
    for (const rule of e.consistent ?? []) {
      const where = `${e.name} consistent ${rule.columns.join('+')} per ${rule.per.join('+')}`;
      if (!known(rule.reason)) problems.push(`${where}: reason ${rule.reason} is neither built in nor in reasonCodes`);
      if (rule.columns.length === 0 || rule.per.length === 0) problems.push(`${where}: name at least one column and one group column`);
      for (const name of [...rule.columns, ...rule.per]) if (!e.columns.some((c) => c.name === name)) problems.push(`${where}: no column ${name}`);
      for (const name of rule.columns) if (e.columns.some((c) => c.name === name && !c.required)) problems.push(`${where}: ${name} is optional (a consistent column must be required)`);
    }
    if (e.duplicateKeyReason !== undefined && !known(e.duplicateKeyReason)) problems.push(`${e.name}: duplicate_key_reason ${e.duplicateKeyReason} is neither built in nor in reasonCodes`);
    if (e.keepOnConflict && !known(e.keepOnConflict.reason)) problems.push(`${e.name}: keepOnConflict reason ${e.keepOnConflict.reason} is neither built in nor in reasonCodes`);
    if (e.keepOnConflict && e.duplicateKeyReason) problems.push(`${e.name}: keepOnConflict and duplicateKeyReason exclude each other (one keeps a row, the other none)`);
    for (const c of e.keepOnConflict?.orderBy ?? []) if (!e.columns.some((col) => col.name === c)) problems.push(`${e.name}: keepOnConflict orders by ${c}, not a column`);
    for (const r of e.running ?? []) {
      for (const c of [...r.per, ...r.order]) if (!e.columns.some((col) => col.name === c)) problems.push(`${e.name}: running rule ${r.name} names ${c}, not a column`);
      for (const check of r.checks) if (!known(check.reason)) problems.push(`${e.name}: running rule ${r.name}: reason ${check.reason} is neither built in nor in reasonCodes`);
      if (r.sums.length === 0 || r.checks.length === 0) problems.push(`${e.name}: running rule ${r.name} needs sums and checks`);
    }
  }
  return problems;
}
