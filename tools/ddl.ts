/**
 * The Redshift DDL of the warehouse, rendered into sql/ddl/*.sql (`npx tsx tools/ddl.ts`;
 * tools/ddl.test.ts fails when the committed files are stale).
 *
 * - staging: from the contract (`sqlType`), as the pipeline stages it;
 * - meta and warehouse: the column types the pipeline and the models really produce, read from
 *   an in-memory DuckDB after a run over the golden fixture, mapped to Redshift types;
 * - distribution and sort keys from @finlake/engine-redshift's layout table; primary keys and
 *   NOT NULL from the model specs (Redshift plans with them, it does not enforce keys);
 * - the stored procedures the pipeline state machine calls (04_procedures.sql): the pipeline's own
 *   key-map, build, gate and swap SQL, captured with the Redshift dialect, plus the COPY of the
 *   Glue job's Parquet into staging.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commerceContract as commerce } from '@finlake/products';
import { type ColumnType, type DataProductContract, type EntityContract } from '@finlake/contracts';
import { quoteIdent, redshiftDialect, type Engine, type RawCsvLoad, type Row, type SqlValue } from '@finlake/engine';
import { layoutClause, REDSHIFT_LAYOUT } from '@finlake/engine-redshift';
import { sqlType, type ProductModels } from '@finlake/models';
import { commerceModels } from '@finlake/products';
import { buildAside, renderForBuild, STAGING, swapIntoPlace, testChecks, updateKeyMaps } from '@finlake/pipeline';
import { GOLDEN, memoryEngine, run } from '@finlake/pipeline/testing';

export const ROOT = join(__dirname, '..');
export const DDL_DIR = join(ROOT, 'sql', 'ddl');
export const DDL_COMMAND = 'npx tsx tools/ddl.ts';

/** Redshift VARCHAR lengths count bytes: four per character covers any UTF-8 text. */
const UTF8_BYTES = 4;
const MAX = 65535;

/** VARCHAR byte lengths of columns that no contract column sizes. */
const VARCHAR_BYTES: Readonly<Record<string, number>> = {
  batch_id: 64, // SHA-256 in hex
  natural_key: 64 * UTF8_BYTES, // a contract id
  run_id: 64,
  product: 64,
  entity: 64,
  status: 32,
  reason_code: 64,
  column_name: 256,
  table_name: 256,
  check_name: 1024,
  file_name: 1024,
  duplicate_of_file: 1024,
  input_dir: 4096,
  message: MAX,
  detail: MAX,
  raw_value: MAX,
  raw_record: MAX,
  model: 256,
  fingerprint: 64,
};

/** Warehouse columns renamed from a contract column. */
const RENAMED: Readonly<Record<string, string>> = { channel_name: 'channel' };

function contractVarchar(type: ColumnType): number | undefined {
  if (type.kind === 'id' || type.kind === 'text') return type.maxLength * UTF8_BYTES;
  if (type.kind === 'enum') return Math.max(...type.values.map((v) => Buffer.byteLength(v))) * UTF8_BYTES;
  return undefined;
}

function varcharBytes(product: DataProductContract, table: string, column: string): number {
  const source = RENAMED[column] ?? column;
  for (const entity of product.entities) {
    const c = entity.columns.find((col) => col.name === source);
    const bytes = c && contractVarchar(c.type);
    if (bytes) return bytes;
  }
  const bytes = VARCHAR_BYTES[column];
  if (bytes === undefined) throw new Error(`No VARCHAR length for ${table}.${column}: add it to VARCHAR_BYTES in tools/ddl.ts`);
  return bytes;
}

/** A DuckDB column type as the Redshift type holding the same values exactly. */
export function redshiftType(duckdbType: string, varchar: () => number): string {
  const t = duckdbType.toUpperCase();
  const decimal = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(t);
  if (decimal) return `decimal(${decimal[1]}, ${decimal[2]})`;
  const simple: Record<string, string> = {
    SMALLINT: 'smallint',
    INTEGER: 'integer',
    BIGINT: 'bigint',
    BOOLEAN: 'boolean',
    DATE: 'date',
    TIMESTAMP: 'timestamp',
    'TIMESTAMP WITH TIME ZONE': 'timestamptz',
    DOUBLE: 'double precision',
  };
  if (simple[t]) return simple[t];
  if (t === 'VARCHAR') return `varchar(${varchar()})`;
  throw new Error(`No Redshift type for DuckDB ${duckdbType}`);
}

interface Column {
  name: string;
  type: string;
  notNull: boolean;
}

function createTable(schema: string, table: string, columns: Column[], primaryKey: readonly string[], comment?: string): string {
  const layout = REDSHIFT_LAYOUT[table];
  if (!layout) throw new Error(`No Redshift layout for ${schema}.${table}: add it to REDSHIFT_LAYOUT in libs/engine-redshift/src/layout.ts`);
  const names = new Set(columns.map((c) => c.name));
  const keyColumns = [...(typeof layout.dist === 'object' ? [layout.dist.key] : []), ...(layout.sort ?? []), ...primaryKey];
  const unknown = keyColumns.filter((c) => !names.has(c));
  if (unknown.length) throw new Error(`${schema}.${table} has no column ${unknown.join(', ')} (named by its layout or key)`);
  const lines = columns.map((c) => `    ${c.name} ${c.type}${c.notNull ? ' not null' : ''}`);
  if (primaryKey.length) lines.push(`    primary key (${primaryKey.join(', ')})`);
  return [`-- ${comment ? `${comment} ` : ''}Layout: ${layout.why}.`, `create table if not exists ${schema}.${table} (`, lines.join(',\n'), `)`, `${layoutClause(layout)};`].join('\n');
}

const HEADER = (what: string) => `-- ${what}\n-- Generated by \`${DDL_COMMAND}\` from libs/contracts, libs/models and libs/engine-redshift; do not edit.\n`;

/** The staging columns of an entity's contract columns (types from `sqlType`, VARCHAR sized in bytes). */
function contractColumns(product: DataProductContract, entity: EntityContract): Column[] {
  return entity.columns.map((c) => {
    const type = sqlType(c.type);
    return { name: c.name, type: type === 'varchar' ? `varchar(${varcharBytes(product, `stg_${entity.name}`, c.name)})` : type, notNull: c.required };
  });
}

function stagingDdl(product: DataProductContract, models: ProductModels): string {
  const tables = product.entities.map((entity) => {
    const columns = contractColumns(product, entity);
    columns.push({ name: 'batch_id', type: 'varchar(64)', notNull: true }, { name: 'batch_seq', type: 'integer', notNull: true }, { name: 'rec', type: 'bigint', notNull: true });
    return createTable('staging', `stg_${entity.name}`, columns, [], `${entity.description} Grain: ${entity.grain}.`);
  });
  const keyMaps = models.keyMaps.map((k) =>
    createTable('staging', k.name, [
      { name: 'natural_key', type: `varchar(${VARCHAR_BYTES.natural_key})`, notNull: true },
      { name: 'surrogate_key', type: 'integer', notNull: true },
    ], ['natural_key'], 'Append-only key map: surrogate keys are never renumbered.'),
  );
  return `${HEADER('Staging: typed rows of every loaded batch, and the key maps.')}\ncreate schema if not exists staging;\n\n${[...tables, ...keyMaps].join('\n\n')}\n`;
}

// ---------- Stored procedures (04_procedures.sql) ----------

/** Schema of the procedures; the state machine calls `<schema>.sp_*` (libs/orchestration `defaultSqlSteps`). */
export const PROCEDURE_SCHEMA = 'finlake';

/**
 * SQL Redshift does not run: DuckDB-only functions, LATERAL, `::` casts, and functions that run on
 * the leader node only (generate_series, now, current_timestamp, ...) or date parts Redshift lacks (isodow).
 */
export const NOT_ON_REDSHIFT = /\b(strftime|try_cast|list_contains|regexp_full_match|asof|lateral|qualify|string_agg|generate_series|isodow|now|current_timestamp|current_time|localtime)\b|::/i;

/** Columns the Glue job writes after the contract columns, in Parquet order (apps/glue/commerce_job.py `PROCESSED_EXTRA`). */
export const PROCESSED_EXTRA = ['batch_id', 'rec', 'file_name'] as const;

/**
 * The columns of a processed Parquet file, in file order: what the Glue job writes and what COPY
 * maps by position (the Hive partition folders `date=` and `batch=` are not in the files).
 */
export function processedColumns(entity: EntityContract): string[] {
  return [...entity.columns.map((c) => c.name), ...PROCESSED_EXTRA];
}

export interface Procedure {
  name: string;
  /** What it does, for the comment above it. */
  purpose: string;
  sql: string;
}

/** PL/pgSQL variables; prefixed so they never capture a column or alias of the embedded model SQL. */
const VARIABLES = ['p_location', 'v_source', 'v_seq', 'v_first_seq', 'v_staged', 'v_clashes', 'v_example', 'v_violations', 'v_failed'] as const;

/** A Redshift string literal: quotes doubled, and backslashes too (Redshift literals treat them as escapes). */
const literal = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/** End a statement; a trailing `--` comment would swallow the semicolon, so it goes on its own line then. */
const statement = (sql: string) => {
  const text = sql.trim();
  return /--[^\n]*$/.test(text) ? `${text}\n;` : `${text};`;
};

/**
 * An engine that runs nothing: it records the statements a pipeline step sends, rendered with the
 * Redshift dialect. The key-map, build and swap steps only call `run`, so the procedures contain
 * exactly the SQL the pipeline runs on the local engines.
 */
class RecordingEngine implements Engine {
  readonly dialect = redshiftDialect;
  readonly statements: string[] = [];
  async run(sql: string, params?: readonly SqlValue[]): Promise<void> {
    if (params?.length) throw new Error(`A recorded statement has bound parameters, which a procedure cannot carry: ${sql}`);
    this.statements.push(sql);
  }
  private refuse(what: string): never {
    throw new Error(`RecordingEngine records run() only; the step called ${what}()`);
  }
  async query<T extends Row = Row>(): Promise<T[]> {
    return this.refuse('query');
  }
  async loadRawCsv(): Promise<RawCsvLoad> {
    return this.refuse('loadRawCsv');
  }
  async lock(): Promise<void> {
    this.refuse('lock');
  }
  async begin(): Promise<void> {
    this.refuse('begin');
  }
  async commit(): Promise<void> {
    this.refuse('commit');
  }
  async rollback(): Promise<void> {
    this.refuse('rollback');
  }
  async checkpoint(): Promise<void> {
    this.refuse('checkpoint');
  }
  async close(): Promise<void> {}
}

async function recorded(step: (engine: Engine) => Promise<void>): Promise<string[]> {
  const engine = new RecordingEngine();
  await step(engine);
  return engine.statements;
}

const stg = (entity: string, suffix = '') => `${STAGING}.${quoteIdent(`stg_${entity}${suffix}`)}`;

/**
 * Every batch sp_copy_processed staged, the Redshift counterpart of the local ledger's loaded
 * files: a batch listed here is never staged again, even after later batches replaced all its rows.
 */
export const LOADED_BATCHES = `${STAGING}.loaded_batches`;
const loadedBatchesDdl = `-- Every batch sp_copy_processed staged (locally the ledger records them): a batch listed here is never staged
-- again, even after later batches of an upsert entity replaced all its rows. Delete a batch here and from
-- staging.stg_<entity> to load it again.
create table if not exists ${LOADED_BATCHES} (
    entity varchar(${VARCHAR_BYTES.entity}) not null,
    batch_id varchar(${VARCHAR_BYTES.batch_id}) not null,
    batch_seq integer not null,
    file_name varchar(${VARCHAR_BYTES.file_name}) not null,
    rows_loaded bigint not null,
    staged_at timestamp not null,
    primary key (entity, batch_id)
)
diststyle all sortkey (entity, batch_id);`;

/**
 * sp_copy_processed(location): per entity, COPY the Glue job's Parquet (s3://<location><entity>/)
 * into a load table, keep the batches not staged yet (one file per batch), number them after every
 * staged batch, and insert them into staging as the local pipeline's `stage` does: upsert entities
 * replace their keys (the latest batch wins), append entities refuse a key an earlier batch loaded.
 */
function copyProcedure(product: DataProductContract): Procedure {
  const blocks = product.entities.map((entity) => {
    const load = stg(entity.name, '__load');
    const pending = stg(entity.name, '__pending');
    const target = stg(entity.name);
    const names = entity.columns.map((c) => c.name);
    const loadColumns: Column[] = [
      ...contractColumns(product, entity).map((c) => ({ ...c, notNull: false })),
      { name: 'batch_id', type: 'varchar(64)', notNull: false },
      { name: 'rec', type: 'bigint', notNull: false },
      { name: 'file_name', type: `varchar(${VARCHAR_BYTES.file_name})`, notNull: false },
    ];
    if (loadColumns.map((c) => c.name).join() !== processedColumns(entity).join()) throw new Error(`The load table of ${entity.name} does not follow the processed Parquet columns`);
    const sameKey = (a: string, b: string) => entity.key.map((k) => `${a}.${quoteIdent(k)} = ${b}.${quoteIdent(k)}`).join(' and ');
    const keyText = (alias: string) => entity.key.map((k) => `cast(${alias}.${quoteIdent(k)} as varchar(1024))`).join(` || ' / ' || `);
    const copy = `copy ${load} (${processedColumns(entity).join(', ')}) from `;
    const lines = [
      `-- ${entity.name}: ${entity.loadMode} on ${entity.key.join(', ')}.`,
      statement(`drop table if exists ${load}`),
      statement(`create table ${load} (\n${loadColumns.map((c) => `    ${c.name} ${c.type}`).join(',\n')}\n)`),
      // COPY maps Parquet columns by position: the load table has exactly the file's columns, in order.
      statement(`execute ${literal(copy)} || quote_literal(v_source || ${literal(`${entity.name}/`)}) || ' iam_role default format as parquet'`),
      '-- Batches not staged yet, in file order; a batch found under two file names loads from the first.',
      statement(`drop table if exists ${pending}`),
      statement(
        `create table ${pending} as
select ${names.map((n) => `l.${quoteIdent(n)}`).join(', ')}, l.batch_id, l.rec, b.batch_n, l.file_name
from ${load} as l
inner join (
    select batch_id, min(file_name) as first_file, row_number() over (order by min(file_name), batch_id) as batch_n
    from ${load}
    where batch_id not in (select batch_id from ${LOADED_BATCHES} where entity = ${literal(entity.name)})
    group by batch_id
) as b on b.batch_id = l.batch_id and b.first_file = l.file_name`,
      ),
      statement(`drop table ${load}`),
    ];
    const columnList = `${names.map(quoteIdent).join(', ')}, batch_id, batch_seq, rec`;
    if (entity.loadMode === 'upsert') {
      lines.push(
        '-- A later batch replaces the attributes of a key: drop the staged rows of every incoming key, keep the latest batch of each.',
        statement(`delete from ${target} using ${pending} as p where ${sameKey(quoteIdent(`stg_${entity.name}`), 'p')}`),
        statement(
          `insert into ${target} (${columnList})
select ${names.map(quoteIdent).join(', ')}, batch_id, v_seq + batch_n, rec
from (
    select p.*, row_number() over (partition by ${entity.key.map((k) => `p.${quoteIdent(k)}`).join(', ')} order by p.batch_n desc) as recency
    from ${pending} as p
) as r
where r.recency = 1`,
        ),
      );
    } else {
      lines.push(
        '-- Facts are never overwritten: a key an earlier batch loaded (KEY_ALREADY_LOADED) stops the load.',
        statement(
          `select into v_clashes, v_example count(*), min(k.key_text) from (
    select ${keyText('p')} as key_text from ${pending} as p inner join ${target} as s on ${sameKey('s', 'p')}
    union all
    select ${keyText('p')} as key_text from ${pending} as p group by ${entity.key.map((k) => `p.${quoteIdent(k)}`).join(', ')} having count(*) > 1
) as k`,
        ),
        `if v_clashes > 0 then
    raise exception 'sp_copy_processed: % key(s) of ${entity.name} were already loaded by an earlier batch (KEY_ALREADY_LOADED), e.g. %; nothing was staged. Remove the file from the raw zone and its batch from the processed zone, then run again.', v_clashes, v_example;
end if;`,
        statement(`insert into ${target} (${columnList})\nselect ${names.map(quoteIdent).join(', ')}, batch_id, v_seq + batch_n, rec from ${pending}`),
      );
    }
    lines.push(
      statement(
        `insert into ${LOADED_BATCHES} (entity, batch_id, batch_seq, file_name, rows_loaded, staged_at)\nselect ${literal(entity.name)}, batch_id, v_seq + batch_n, min(file_name), count(*), getdate() from ${pending} group by batch_id, batch_n`,
      ),
    );
    lines.push(statement(`select into v_seq v_seq + coalesce(max(batch_n), 0) from ${pending}`));
    return lines.join('\n');
  });
  const sql = `create or replace procedure ${PROCEDURE_SCHEMA}.sp_copy_processed(p_location varchar(1024))
as $$
declare
    v_source varchar(1024);
    v_seq integer;
    v_first_seq integer;
    v_staged integer;
    v_clashes bigint;
    v_example varchar(4096);
begin
-- p_location: the processed zone of one data product, '<bucket>/<prefix>/' or 's3://<bucket>/<prefix>/'.
v_source := p_location;
if left(v_source, 5) <> 's3://' then
    v_source := 's3://' || v_source;
end if;
if right(v_source, 1) <> '/' then
    v_source := v_source || '/';
end if;
if not (v_source ~ '^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/.+/$') then
    raise exception 'sp_copy_processed: "%" is not the processed bucket and product prefix, e.g. finlake-dev-processed-123456789012/${product.name}/', p_location;
end if;
-- Batches are numbered after every staged batch, in load order (locally the ledger id numbers them).
${statement(`select into v_seq coalesce(max(batch_seq), 0) from ${LOADED_BATCHES}`)}
v_first_seq := v_seq;

${blocks.join('\n\n')}

v_staged := v_seq - v_first_seq;
raise info 'sp_copy_processed: % new batch(es) staged from %', v_staged, v_source;
end;
$$ language plpgsql;`;
  return { name: 'sp_copy_processed', purpose: `COPY the Glue job's Parquet of every ${product.name} entity into staging (only batches not staged yet).`, sql };
}

/**
 * A published table keeps its distribution and sort keys through the swap: the build's CTAS of
 * `<name>__new` carries the table's layout (Redshift: CREATE TABLE t <layout> AS SELECT).
 */
function withLayout(sql: string, model: string): string {
  const layout = REDSHIFT_LAYOUT[model];
  const ctas = `create table warehouse.${quoteIdent(`${model}__new`)} as`;
  if (!layout || !sql.startsWith(ctas)) return sql;
  return `create table warehouse.${quoteIdent(`${model}__new`)} ${layoutClause(layout)} as${sql.slice(ctas.length)}`;
}

/** sp_build_models(): extend the key maps and build every model aside (`<name>__new`), with the pipeline's own statements. */
async function buildProcedure(models: ProductModels): Promise<Procedure> {
  const keyMaps = await recorded((engine) => updateKeyMaps(engine, models));
  const built: string[] = [];
  for (const model of models.models) {
    const statements = await recorded((engine) => buildAside(engine, { ...models, models: [model] }));
    built.push(`-- ${model.name}\n${statements.map((sql) => statement(withLayout(sql, model.name))).join('\n')}`);
  }
  const sql = `create or replace procedure ${PROCEDURE_SCHEMA}.sp_build_models()
as $$
begin
-- Key maps: every new natural key gets the next surrogate key; existing keys never change.
${keyMaps.map(statement).join('\n')}

${built.join('\n\n')}
end;
$$ language plpgsql;`;
  return { name: 'sp_build_models', purpose: 'Extend the key maps and build every model aside as warehouse.<name>__new, in build order.', sql };
}

/** sp_quality_gate(): every model test and reconciliation on the tables built aside; a blocking failure raises, naming the checks. */
async function gateProcedure(product: DataProductContract, models: ProductModels): Promise<Procedure> {
  const render = new RecordingEngine();
  const checks: string[] = [];
  // RAISE takes variables only, so the label goes into the format (a literal % doubled).
  const record = (label: string, blocking: boolean) => [
    `raise info ${literal(`${label.replace(/%/g, '%%')}: % violation(s)`)}, v_violations;`,
    ...(blocking ? [`if v_violations > 0 then\n    v_failed := v_failed || ${literal(`${label} (`)} || cast(v_violations as varchar(20)) || '); ';\nend if;`] : []),
  ];
  for (const model of models.models) {
    for (const check of testChecks(product, model.name, model.tests)) {
      const label = `${check.table}: ${check.check}`;
      checks.push([`-- ${label}`, statement(`select into v_violations c.violations from (\n${check.sql}\n) as c`), ...record(label, check.blocking)].join('\n'));
    }
  }
  for (const rec of models.reconciliations) {
    const label = `${rec.table}: reconcile: ${rec.name}`;
    const expected = renderForBuild(render, rec.expected);
    const actual = renderForBuild(render, rec.actual);
    // Compared as numbers (10.50 = 10.5); a sum over no rows counts as 0, as in the local gate.
    checks.push([`-- ${label}`, statement(`select into v_violations case when coalesce((${expected}), 0) = coalesce((${actual}), 0) then 0 else 1 end`), ...record(label, true)].join('\n'));
  }
  const sql = `create or replace procedure ${PROCEDURE_SCHEMA}.sp_quality_gate()
as $$
declare
    v_violations bigint;
    v_failed varchar(65535) := '';
begin
${checks.join('\n\n')}

if v_failed <> '' then
    raise exception 'sp_quality_gate: blocking check(s) failed, nothing is published: %', v_failed;
end if;
end;
$$ language plpgsql;`;
  return { name: 'sp_quality_gate', purpose: 'Run every model test and reconciliation on the tables built aside; raise, naming every failed blocking check.', sql };
}

/** sp_publish(): swap the built tables into place in one transaction (drop live, rename `__new`); intermediate tables are dropped. */
async function publishProcedure(models: ProductModels): Promise<Procedure> {
  const swap = await recorded((engine) => swapIntoPlace(engine, models));
  const sql = `create or replace procedure ${PROCEDURE_SCHEMA}.sp_publish()
as $$
begin
-- One transaction (the CALL's): readers see the previous tables until it commits. No TRUNCATE (it would commit).
${swap.map(statement).join('\n')}
end;
$$ language plpgsql;`;
  return { name: 'sp_publish', purpose: 'Swap every built table into place: drop the live table, rename <name>__new.', sql };
}

/** sp_run_pipeline(location): the four steps in one CALL, so one transaction: a failed gate rolls the staging back too. */
function runProcedure(): Procedure {
  const sql = `create or replace procedure ${PROCEDURE_SCHEMA}.sp_run_pipeline(p_location varchar(1024))
as $$
begin
call ${PROCEDURE_SCHEMA}.sp_copy_processed(p_location);
call ${PROCEDURE_SCHEMA}.sp_build_models();
call ${PROCEDURE_SCHEMA}.sp_quality_gate();
call ${PROCEDURE_SCHEMA}.sp_publish();
end;
$$ language plpgsql;`;
  return { name: 'sp_run_pipeline', purpose: 'All four steps in one CALL and one transaction (as atomic as the local pipeline): a blocked gate also undoes the staging.', sql };
}

/** Every procedure, in call order; refuses SQL Redshift does not run. */
export async function renderProcedures(product: DataProductContract = commerce, models: ProductModels = commerceModels()): Promise<Procedure[]> {
  const all = [copyProcedure(product), await buildProcedure(models), await gateProcedure(product, models), await publishProcedure(models), runProcedure()];
  for (const p of all) {
    const code = p.sql.replace(/--[^\n]*/g, '');
    const bad = NOT_ON_REDSHIFT.exec(code);
    if (bad) throw new Error(`${p.name} contains "${bad[0]}", which Redshift does not run`);
    if (/\btruncate\b/i.test(code)) throw new Error(`${p.name} contains TRUNCATE, which commits on Redshift`);
    const body = p.sql.slice(p.sql.indexOf('$$') + 2, p.sql.lastIndexOf('$$'));
    if (body.includes('$$')) throw new Error(`${p.name}: the embedded SQL contains $$, which ends the procedure body`);
  }
  // Embedded model and check SQL must not use a name a PL/pgSQL variable would capture.
  const embedded = [...models.models.map((m) => m.sql), ...models.reconciliations.flatMap((r) => [r.expected, r.actual])].join('\n');
  const captured = VARIABLES.filter((v) => new RegExp(`\\b${v}\\b`, 'i').test(embedded));
  if (captured.length) throw new Error(`Model SQL uses ${captured.join(', ')}, a variable name of the procedures: rename it in tools/ddl.ts`);
  return all;
}

function proceduresFile(product: DataProductContract, procedures: readonly Procedure[]): string {
  const usage = [
    `call ${PROCEDURE_SCHEMA}.sp_copy_processed('<processed bucket>/${product.name}/');`,
    `call ${PROCEDURE_SCHEMA}.sp_build_models();`,
    `call ${PROCEDURE_SCHEMA}.sp_quality_gate();`,
    `call ${PROCEDURE_SCHEMA}.sp_publish();`,
  ];
  const header = `${HEADER('Stored procedures the pipeline state machine calls (libs/orchestration defaultSqlSteps), one Data API statement each:')}${usage.map((u) => `--   ${u}\n`).join('')}-- or the four in one transaction: call ${PROCEDURE_SCHEMA}.sp_run_pipeline('<processed bucket>/${product.name}/');\n`;
  return `${header}\ncreate schema if not exists ${PROCEDURE_SCHEMA};\n\n${loadedBatchesDdl}\n\n${procedures.map((p) => `-- ${p.name}: ${p.purpose}\n${p.sql}`).join('\n\n')}\n`;
}

type InfoColumn = { table_schema: string; table_name: string; column_name: string; data_type: string; is_nullable: string };

/** Render every sql/ddl file: name → content. */
export async function renderDdl(product: DataProductContract = commerce, models: ProductModels = commerceModels()): Promise<Record<string, string>> {
  const engine = await memoryEngine();
  try {
    const result = await run(engine, GOLDEN);
    if (result.status !== 'published') throw new Error(`The golden run did not publish (${result.status}): ${result.message}`);
    const info = await engine.query<InfoColumn>(
      `select table_schema, table_name, column_name, data_type, is_nullable from information_schema.columns
       where table_schema in ('meta', 'warehouse') order by table_schema, table_name, ordinal_position`,
    );
    const keys = await engine.query<{ table_name: string; column_name: string }>(
      `select table_name, unnest(constraint_column_names) as column_name from duckdb_constraints() where schema_name = 'meta' and constraint_type = 'PRIMARY KEY'`,
    );
    const columnsOf = (schema: string, table: string, notNull: readonly string[] = []): Column[] =>
      info
        .filter((c) => c.table_schema === schema && c.table_name === table)
        .map((c) => ({ name: c.column_name, type: redshiftType(c.data_type, () => varcharBytes(product, table, c.column_name)), notNull: c.is_nullable === 'NO' || notNull.includes(c.column_name) }));

    const metaTables = [...new Set(info.filter((c) => c.table_schema === 'meta').map((c) => c.table_name))];
    const meta = metaTables.map((t) => createTable('meta', t, columnsOf('meta', t), keys.filter((k) => k.table_name === t).map((k) => k.column_name)));

    const published = models.models.filter((m) => m.published);
    const warehouse = published.map((m) => {
      const notNull = m.tests.flatMap((t) => ('not_null' in t ? t.not_null : []));
      return createTable('warehouse', m.name, columnsOf('warehouse', m.name, [...notNull, ...m.key]), m.key, `${m.description.replace(/\s+/g, ' ')} Grain: ${m.grain}.`);
    });
    return {
      '01_meta.sql': `${HEADER('Meta: the ledger, quarantine, runs and quality-gate results.')}\ncreate schema if not exists meta;\n\n${meta.join('\n\n')}\n`,
      '02_staging.sql': stagingDdl(product, models),
      '03_warehouse.sql': `${HEADER('Warehouse: the published star schema and marts (the pipeline builds each as <name>__new and swaps it in).')}\ncreate schema if not exists warehouse;\n\n${warehouse.join('\n\n')}\n`,
      '04_procedures.sql': proceduresFile(product, await renderProcedures(product, models)),
    };
  } finally {
    await engine.close();
  }
}

if (require.main === module) {
  renderDdl().then(
    (files) => {
      for (const [name, text] of Object.entries(files)) {
        writeFileSync(join(DDL_DIR, name), text);
        process.stdout.write(`wrote sql/ddl/${name}\n`);
      }
    },
    (err: Error) => {
      process.stderr.write(`${err.stack ?? err.message}\n`);
      process.exitCode = 1;
    },
  );
}
