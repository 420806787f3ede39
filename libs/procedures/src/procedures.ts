/**
 * The stored procedures the pipeline state machine calls (sql/ddl/04_procedures.sql), rendered for
 * one data product: the pipeline's own staging, key-map, build, gate and swap SQL, recorded with
 * the Redshift dialect, plus the COPY of the Glue job's Parquet into staging.
 */
import { productSchemas, type DataProductContract, type EntityContract } from '@finlake/contracts';
import { quoteIdent, type Engine } from '@finlake/engine';
import { layoutClause } from '@finlake/engine-redshift';
import type { Model, ProductModels } from '@finlake/models';
import { buildAside, fullBuild, inStaging, keyClashMessage, keyClashSql, pendingCopy, renderForBuild, runStaging, stagedRowsSql, swapIntoPlace, modelChecks, updateKeyMaps, writeStaging } from '@finlake/pipeline';
import { productLayout } from '@finlake/products';
import { contractColumns, HEADER, VARCHAR_BYTES, type Column } from './columns';
import { modelLayout } from './layouts';
import { BuildRecorder, RecordingEngine, recorded, type DeployedWarehouse } from './recording';

/**
 * SQL Redshift does not run: DuckDB-only functions, LATERAL, `::` casts, and functions that run on
 * the leader node only (generate_series, now, current_timestamp, ...) or date parts Redshift lacks (isodow).
 */
export const NOT_ON_REDSHIFT = /\b(strftime|try_cast|list_contains|regexp_full_match|asof|lateral|qualify|string_agg|generate_series|isodow|now|current_timestamp|current_time|localtime)\b|::/i;

/** Columns the Glue job writes after the contract columns, in Parquet order (apps/glue/finlake_job.py `PROCESSED_EXTRA`). */
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
export const VARIABLES = ['p_location', 'v_source', 'v_seq', 'v_first_seq', 'v_staged', 'v_clashes', 'v_example', 'v_violations', 'v_failed'] as const;

/** A Redshift string literal: quotes doubled, and backslashes too (Redshift literals treat them as escapes). */
const literal = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/** End a statement; a trailing `--` comment would swallow the semicolon, so it goes on its own line then. */
const statement = (sql: string) => {
  const text = sql.trim();
  return /--[^\n]*$/.test(text) ? `${text}\n;` : `${text};`;
};

/** A table of the product's staging schema (`name` unquoted). */
const stg = (product: string, entity: string, suffix = '') => inStaging(product, `stg_${entity}${suffix}`);
/** The schema of the product's procedures. */
const procs = (product: string) => productSchemas(product).procedures;

/**
 * Every batch sp_copy_processed staged, the Redshift counterpart of the local ledger's loaded
 * files: a batch listed here is never staged again, even after later batches replaced all its rows.
 */
export const loadedBatches = (product: string) => `${productSchemas(product).staging}.loaded_batches`;
const loadedBatchesDdl = (product: string) => `-- Every batch sp_copy_processed staged (locally the ledger records them): a batch listed here is never staged
-- again, even after later batches of an upsert entity replaced all its rows. Delete a batch here and from
-- ${productSchemas(product).staging}.stg_<entity> to load it again.
create table if not exists ${loadedBatches(product)} (
    entity varchar(${VARCHAR_BYTES.entity}) not null,
    batch_id varchar(${VARCHAR_BYTES.batch_id}) not null,
    batch_seq integer not null,
    file_name varchar(${VARCHAR_BYTES.file_name}) not null,
    rows_loaded bigint not null,
    staged_at timestamp not null,
    primary key (entity, batch_id)
)
diststyle all sortkey (entity, batch_id);`;

/** The scratch tables of one entity's copy: the Parquet as loaded, its new batches, the rows they stage. */
export function copyTables(product: string, entity: string): { load: string; pending: string; run: string } {
  const schema = productSchemas(product).staging;
  return { load: stg(product, entity, '__load'), pending: `${schema}.${pendingCopy(entity)}`, run: `${schema}.${runStaging(entity)}` };
}

/**
 * sp_copy_processed(location): per entity, COPY the Glue job's Parquet (s3://<location><entity>/)
 * into a load table, keep the batches not staged yet (one file per batch), number them after every
 * staged batch, and stage them by the pipeline's one staging rule (stagedRowsSql, keyClashSql,
 * writeStaging): upsert entities replace their keys (the latest batch wins), append entities
 * refuse a key an earlier batch loaded.
 */
async function copyProcedure(product: DataProductContract): Promise<Procedure> {
  const blocks: string[] = [];
  for (const entity of product.entities) {
    const { load, pending, run } = copyTables(product.name, entity.name);
    const target = stg(product.name, entity.name);
    const names = entity.columns.map((c) => c.name);
    const loadColumns: Column[] = [
      ...contractColumns(entity).map((c) => ({ ...c, notNull: false })),
      { name: 'batch_id', type: `varchar(${VARCHAR_BYTES.batch_id})`, notNull: false },
      { name: 'rec', type: 'bigint', notNull: false },
      { name: 'file_name', type: `varchar(${VARCHAR_BYTES.file_name})`, notNull: false },
    ];
    if (loadColumns.map((c) => c.name).join() !== processedColumns(entity).join()) throw new Error(`The load table of ${entity.name} does not follow the processed Parquet columns`);
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
    where batch_id not in (select batch_id from ${loadedBatches(product.name)} where entity = ${literal(entity.name)})
    group by batch_id
) as b on b.batch_id = l.batch_id and b.first_file = l.file_name`,
      ),
      statement(`drop table ${load}`),
    ];
    if (entity.loadMode === 'append') {
      const message = keyClashMessage(entity.name, '%', '%');
      lines.push(
        '-- Facts are never overwritten: a key an earlier batch loaded (KEY_ALREADY_LOADED) stops the load.',
        statement(`select into v_clashes, v_example c.n, c.example from (\n${keyClashSql(entity, pending, target, 'varchar(1024)')}\n) as c`),
        `if v_clashes > 0 then\n    raise exception ${literal(message)}, v_clashes, v_example;\nend if;`,
      );
    }
    // The rows the new batches stage (the latest batch of each key for an upsert), then the pipeline's staging write.
    const staged = await recorded((engine: Engine) => writeStaging(engine, entity, run, target));
    lines.push(
      entity.loadMode === 'upsert'
        ? '-- The staging rule: a later batch replaces the attributes of a key; among new batches the latest one of each key wins.'
        : '-- The staging rule: facts are appended.',
      statement(`drop table if exists ${run}`),
      statement(`create table ${run} (like ${target})`),
      statement(`insert into ${run}\n${stagedRowsSql(entity, pending, 'v_seq + batch_n')}`),
      ...staged.map(statement),
      statement(`drop table ${run}`),
      statement(
        `insert into ${loadedBatches(product.name)} (entity, batch_id, batch_seq, file_name, rows_loaded, staged_at)\nselect ${literal(entity.name)}, batch_id, v_seq + batch_n, min(file_name), count(*), getdate() from ${pending} group by batch_id, batch_n`,
      ),
      statement(`select into v_seq v_seq + coalesce(max(batch_n), 0) from ${pending}`),
    );
    blocks.push(lines.join('\n'));
  }
  const sql = `create or replace procedure ${procs(product.name)}.sp_copy_processed(p_location varchar(1024))
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
${statement(`select into v_seq coalesce(max(batch_seq), 0) from ${loadedBatches(product.name)}`)}
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
function withLayout(sql: string, product: string, model: Model): string {
  const aside = `${productSchemas(product).warehouse}.${quoteIdent(`${model.name}__new`)}`;
  const ctas = `create table ${aside} as`;
  if (!model.published || !sql.startsWith(ctas)) return sql;
  return `create table ${aside} ${layoutClause(modelLayout(model))} as${sql.slice(ctas.length)}`;
}

/**
 * The warehouse a build finds once the product's DDL is deployed: every published model's table,
 * with the columns `columnsOf` gives (03_warehouse.sql's). Strategy models read it (their history,
 * their snapshot dates).
 */
function deployedWarehouse(models: ProductModels, columnsOf: (table: string) => readonly string[]): DeployedWarehouse {
  const warehouse = productSchemas(models.product).warehouse;
  const published = new Set(models.models.filter((m) => m.published).map((m) => m.name));
  const isPublished = (schema: string, table: string) => schema === warehouse && published.has(table);
  return {
    exists: isPublished,
    columns: (schema, table) => {
      if (!isPublished(schema, table)) throw new Error(`${schema}.${table} is not a published table of ${models.product}`);
      return columnsOf(table);
    },
  };
}

/**
 * sp_build_models(): extend the key maps and build every model aside (`<name>__new`), with the
 * pipeline's own statements; a strategy model's build is recorded with its rules as checks that
 * raise (BuildRecorder).
 */
async function buildProcedure(models: ProductModels, columnsOf: (table: string) => readonly string[]): Promise<Procedure> {
  const keyMaps = await recorded((engine) => updateKeyMaps(engine, models));
  const warehouse = deployedWarehouse(models, columnsOf);
  const built: string[] = [];
  for (const model of models.models) {
    const engine = model.strategy ? new BuildRecorder(model.name, warehouse, literal) : new RecordingEngine();
    await buildAside(engine, { ...models, models: [model] });
    built.push(`-- ${model.name}${model.strategy ? ` (strategy: ${model.strategy.kind})` : ''}\n${engine.statements.map((sql) => statement(withLayout(sql, models.product, model))).join('\n')}`);
  }
  const declare = models.models.some((m) => m.strategy) ? 'declare\n    v_violations bigint;\n' : '';
  const sql = `create or replace procedure ${procs(models.product)}.sp_build_models()
as $$
${declare}begin
-- Key maps: every new natural key gets the next surrogate key; existing keys never change.
${keyMaps.map(statement).join('\n')}

${built.join('\n\n')}
end;
$$ language plpgsql;`;
  return { name: 'sp_build_models', purpose: `Extend the key maps and build every model aside as ${productSchemas(models.product).warehouse}.<name>__new, in build order.`, sql };
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
    for (const check of modelChecks(product, model)) {
      const label = `${check.table}: ${check.check}`;
      checks.push([`-- ${label}`, statement(`select into v_violations c.violations from (\n${check.sql}\n) as c`), ...record(label, check.blocking)].join('\n'));
    }
  }
  for (const rec of models.reconciliations) {
    const label = `${rec.table}: reconcile: ${rec.name}`;
    const expected = renderForBuild(render, rec.expected, fullBuild(product.name));
    const actual = renderForBuild(render, rec.actual, fullBuild(product.name));
    // Compared as numbers (10.50 = 10.5); a sum over no rows counts as 0, as in the local gate.
    checks.push([`-- ${label}`, statement(`select into v_violations case when coalesce((${expected}), 0) = coalesce((${actual}), 0) then 0 else 1 end`), ...record(label, true)].join('\n'));
  }
  const sql = `create or replace procedure ${procs(product.name)}.sp_quality_gate()
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
  const sql = `create or replace procedure ${procs(models.product)}.sp_publish()
as $$
begin
-- One transaction (the CALL's): readers see the previous tables until it commits. No TRUNCATE (it would commit).
${swap.map(statement).join('\n')}
end;
$$ language plpgsql;`;
  return { name: 'sp_publish', purpose: 'Swap every built table into place: drop the live table, rename <name>__new.', sql };
}

/** sp_run_pipeline(location): the four steps in one CALL, so one transaction: a failed gate rolls the staging back too. */
function runProcedure(product: string): Procedure {
  const schema = procs(product);
  const sql = `create or replace procedure ${schema}.sp_run_pipeline(p_location varchar(1024))
as $$
begin
call ${schema}.sp_copy_processed(p_location);
call ${schema}.sp_build_models();
call ${schema}.sp_quality_gate();
call ${schema}.sp_publish();
end;
$$ language plpgsql;`;
  return { name: 'sp_run_pipeline', purpose: 'All four steps in one CALL and one transaction (as atomic as the local pipeline): a blocked gate also undoes the staging.', sql };
}

/**
 * Every procedure, in call order; refuses SQL Redshift does not run. `columnsOf` gives a published
 * model's columns as 03_warehouse.sql creates them (renderDdl passes them); only a strategy model
 * that reads its published table's columns (a snapshot) needs them.
 */
export async function renderProcedures(
  product: DataProductContract,
  models: ProductModels,
  columnsOf: (table: string) => readonly string[] = (table) => {
    throw new Error(`The columns of ${table} are needed to render its build: render with renderDdl, which knows them`);
  },
): Promise<Procedure[]> {
  const all = [await copyProcedure(product), await buildProcedure(models, columnsOf), await gateProcedure(product, models), await publishProcedure(models), runProcedure(product.name)];
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
  if (captured.length) throw new Error(`Model SQL uses ${captured.join(', ')}, a variable name of the procedures: rename it (or the variable in libs/procedures)`);
  return all;
}


/** 04_procedures.sql: the table of staged batches and every procedure, with how the state machine calls them. */
export function proceduresFile(product: DataProductContract, procedures: readonly Procedure[]): string {
  const location = `<processed bucket>/${productLayout(product.name).processedPrefix}`;
  const schema = procs(product.name);
  const usage = [`call ${schema}.sp_copy_processed('${location}');`, `call ${schema}.sp_build_models();`, `call ${schema}.sp_quality_gate();`, `call ${schema}.sp_publish();`];
  const header = `${HEADER('Stored procedures the pipeline state machine calls (libs/orchestration defaultSqlSteps), one Data API statement each:')}${usage.map((u) => `--   ${u}\n`).join('')}-- or the four in one transaction: call ${schema}.sp_run_pipeline('${location}');\n`;
  return `${header}\ncreate schema if not exists ${schema};\n\n${loadedBatchesDdl(product.name)}\n\n${procedures.map((p) => `-- ${p.name}: ${p.purpose}\n${p.sql}`).join('\n\n')}\n`;
}
