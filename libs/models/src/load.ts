import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { tableLayout } from '@finlake/contracts';
import { strategySpec, strategyTests } from './strategy';
import type { ColumnSpec, IncrementalSpec, Model, ModelTest } from './types';

interface ModelSpec {
  description?: string;
  grain?: string;
  key?: string | string[];
  tests?: ModelTest[];
  incremental?: { source?: string | string[]; strategy?: string; batch_column?: string; merge_key?: string; partition_by?: string; rebuild_on?: string[] };
  /** A generic build strategy (scd2, cumulative, snapshot, bridge): see strategy.ts. */
  strategy?: unknown;
  /** Redshift distribution and sort keys of the published table: see TableLayout. */
  redshift?: unknown;
  /** Per column: `source` (the contract column it holds) or `varchar` (bytes). */
  columns?: unknown;
}

/** Read `<name>.sql` and its sibling `<name>.yml` (description, grain, tests). */
export function loadModel(dir: string, name: string): Model {
  const sql = readFileSync(join(dir, `${name}.sql`), 'utf8');
  const spec = (parse(readFileSync(join(dir, `${name}.yml`), 'utf8')) ?? {}) as ModelSpec;
  if (!spec.description || !spec.grain || !spec.key) throw new Error(`Model ${name}: ${name}.yml needs a description, a grain and a key`);
  if (spec.strategy !== undefined && spec.incremental) throw new Error(`Model ${name}: ${name}.yml has both strategy and incremental; a strategy model is built by its strategy alone`);
  const strategy = spec.strategy === undefined ? undefined : strategySpec(name, spec.strategy);
  const key = Array.isArray(spec.key) ? spec.key : [spec.key];
  const incremental = spec.incremental ? incrementalSpec(name, spec.incremental, key) : undefined;
  const tests = [...(spec.tests ?? []), ...incrementalTests(incremental, spec.tests ?? [])];
  return {
    name,
    sql,
    description: spec.description.trim(),
    grain: spec.grain,
    key,
    // A strategy's grain tests come first, unless the yml already lists them.
    tests: strategy ? [...strategyTests(strategy).filter((t) => !tests.some((own) => JSON.stringify(own) === JSON.stringify(t))), ...tests] : tests,
    published: !name.startsWith('int_'),
    ...(incremental ? { incremental } : {}),
    ...(strategy ? { strategy } : {}),
    ...(spec.redshift === undefined ? {} : { redshift: tableLayout(`Model ${name}: ${name}.yml`, spec.redshift) }),
    ...(spec.columns === undefined ? {} : { columns: columnSpecs(name, spec.columns) }),
  };
}

/** A partition column is never NULL: a NULL partition would never be rebuilt. */
function incrementalTests(spec: IncrementalSpec | undefined, own: readonly ModelTest[]): ModelTest[] {
  if (spec?.strategy !== 'partition') return [];
  const covered = own.some((t) => 'not_null' in t && t.not_null.includes(spec.partitionBy));
  return covered ? [] : [{ not_null: [spec.partitionBy] }];
}

function columnSpecs(name: string, raw: unknown): Record<string, ColumnSpec> {
  const fail = (problem: string) => new Error(`Model ${name}: ${name}.yml columns ${problem}`);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw fail('is a map of column name to { source } or { varchar }');
  return Object.fromEntries(
    Object.entries(raw as Record<string, unknown>).map(([column, value]) => {
      const { source, varchar, ...rest } = (value ?? {}) as Record<string, unknown>;
      if (Object.keys(rest).length) throw fail(`${column}: unknown field(s) ${Object.keys(rest).join(', ')} (source, varchar)`);
      if ((source === undefined) === (varchar === undefined)) throw fail(`${column}: give either source (the contract column it holds) or varchar (its length in bytes)`);
      if (source !== undefined && (typeof source !== 'string' || !/^([a-z0-9_]+\.)?[a-z0-9_]+$/.test(source))) throw fail(`${column}: source is a contract column, column or entity.column`);
      if (varchar !== undefined && !(Number.isInteger(varchar) && (varchar as number) > 0 && (varchar as number) <= 65535)) throw fail(`${column}: varchar is a length in bytes, 1 to 65535`);
      return [column, source !== undefined ? { source: source as string } : { varchar: varchar as number }];
    }),
  );
}

function incrementalSpec(name: string, spec: NonNullable<ModelSpec['incremental']>, key: readonly string[]): IncrementalSpec {
  const strategy = spec.strategy ?? 'append';
  const sources = spec.source === undefined ? [] : Array.isArray(spec.source) ? spec.source : [spec.source];
  if (sources.length === 0) throw new Error(`Model ${name}: incremental needs a source`);
  const rebuildOn = spec.rebuild_on ?? [];
  if (strategy === 'partition') {
    if (!spec.partition_by) throw new Error(`Model ${name}: a partition model needs a partition_by column`);
    // In the key, a partition's rows are unique apart from the others' (the gate checks the rebuilt ones).
    if (!key.includes(spec.partition_by)) throw new Error(`Model ${name}: partition_by ${spec.partition_by} must be a column of the key (${key.join(', ')})`);
    return { sources, rebuildOn, strategy, partitionBy: spec.partition_by };
  }
  if (sources.length > 1) throw new Error(`Model ${name}: a ${strategy} model has one source (only a partition model reads several)`);
  const source = sources[0]!;
  if (strategy === 'append') {
    if (!spec.batch_column) throw new Error(`Model ${name}: an append model needs a batch_column`);
    if (!name.startsWith('fact_')) throw new Error(`Model ${name}: only fact models can be appended to (rows at the grain of their source)`);
    return { source, rebuildOn, strategy, batchColumn: spec.batch_column };
  }
  if (strategy === 'merge') {
    if (!spec.merge_key) throw new Error(`Model ${name}: a merge model needs a merge_key`);
    return { source, rebuildOn, strategy, mergeKey: spec.merge_key };
  }
  if (strategy === 'sum') return { source, rebuildOn, strategy };
  throw new Error(`Model ${name}: incremental strategy "${strategy}" is not append, merge, sum or partition`);
}

/** The names a model's SQL refers to with {{ ref('name') }}. */
export function refsOf(sql: string): string[] {
  return [...sql.matchAll(/\{\{\s*ref\(\s*'([a-z0-9_]+)'\s*\)\s*\}\}/g)].map((m) => m[1]!);
}
