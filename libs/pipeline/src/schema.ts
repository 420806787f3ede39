import { META_SCHEMA, productSchemas, type DataProductContract, type EntityContract } from '@finlake/contracts';
import type { Engine } from '@finlake/engine';
import { quoteIdent } from '@finlake/engine';
import { UsageError } from '@finlake/errors';
import { sqlType, type ProductModels } from '@finlake/models';

/**
 * Schemas: meta (ledger, quarantine, runs, gate results; shared by every product), and per
 * product its staging (typed rows, key maps) and warehouse (published) schemas (productSchemas).
 */
export const META = META_SCHEMA;
export { productSchemas };

/** A relation of the product's staging schema (a staging table, a key map). */
export const inStaging = (product: string, name: string) => `${productSchemas(product).staging}.${quoteIdent(name)}`;
/** A published table of the product's warehouse schema. */
export const inWarehouse = (product: string, name: string) => `${productSchemas(product).warehouse}.${quoteIdent(name)}`;
/** An entity's staging table. */
export const stagingTable = (product: string, entity: string) => inStaging(product, `stg_${entity}`);

const META_DDL = `
create schema if not exists ${META};
create table if not exists ${META}.runs (
    run_id varchar primary key,
    product varchar not null,
    input_dir varchar,
    started_at timestamp not null,
    finished_at timestamp,
    status varchar not null,
    message varchar
);
create table if not exists ${META}.ledger (
    ledger_id integer primary key,
    run_id varchar not null,
    product varchar not null,
    entity varchar not null,
    batch_id varchar not null,
    file_name varchar not null,
    file_bytes bigint not null,
    status varchar not null,
    reason_code varchar,
    message varchar,
    duplicate_of_file varchar,
    rows_read bigint,
    rows_loaded bigint,
    rows_quarantined bigint,
    started_at timestamp not null,
    finished_at timestamp not null,
    duration_ms integer not null
);
create table if not exists ${META}.quarantine (
    run_id varchar not null,
    batch_id varchar not null,
    entity varchar not null,
    file_name varchar not null,
    line_number bigint not null,
    column_name varchar,
    reason_code varchar not null,
    raw_value varchar,
    raw_record varchar
);
create table if not exists ${META}.gate_results (
    run_id varchar not null,
    check_name varchar not null,
    table_name varchar not null,
    blocking boolean not null,
    violations bigint not null,
    passed boolean not null,
    detail varchar
);
create table if not exists ${META}.model_builds (
    product varchar not null,
    model varchar not null,
    fingerprint varchar not null
);
`;

/** A staging table's columns, in order: the entity's, then where each row came from. */
export const stagingColumns = (entity: EntityContract) => [...entity.columns.map((c) => quoteIdent(c.name)), 'batch_id', 'batch_seq', 'rec'].join(', ');

function stagingDdl(product: string, entity: EntityContract): string {
  const columns = entity.columns.map((c) => `${quoteIdent(c.name)} ${sqlType(c.type)}`);
  return `create table if not exists ${stagingTable(product, entity.name)} (${columns.join(', ')}, batch_id varchar not null, batch_seq integer not null, rec bigint not null)`;
}

/** Create whatever is missing; safe to run at the start of every command. */
export async function ensureSchema(engine: Engine, product: DataProductContract, models: ProductModels): Promise<void> {
  const schemas = productSchemas(product.name);
  await refuseSharedLayout(engine, product);
  await engine.run(`${META_DDL}\ncreate schema if not exists ${schemas.staging};\ncreate schema if not exists ${schemas.warehouse};`);
  for (const entity of product.entities) await engine.run(stagingDdl(product.name, entity));
  for (const keyMap of models.keyMaps) {
    // No index: keys are unique by construction (a key is added only when absent, numbered past the
    // largest) and the gate tests each dimension's keys; on DuckDB an index over 1.2M customers
    // cost 0.3 s of every run's checkpoint.
    await engine.run(`create table if not exists ${inStaging(product.name, keyMap.name)} (natural_key varchar not null, surrogate_key integer not null)`);
  }
}

/**
 * Warehouses written before products had schemas of their own kept every product in `staging`
 * and `warehouse`. Such a warehouse would look empty to this version while its ledger says every
 * file is loaded, so it is refused with the way out instead.
 */
async function refuseSharedLayout(engine: Engine, product: DataProductContract): Promise<void> {
  const names = product.entities.map((e) => `stg_${e.name}`);
  const [row] = await engine.query<{ n: number }>(
    `select count(*) as n from information_schema.tables where table_schema = 'staging' and table_name in (${names.map(() => '?').join(', ')})`,
    names,
  );
  if (Number(row?.n ?? 0) === 0) return;
  const { staging, warehouse } = productSchemas(product.name);
  throw new UsageError(
    `This warehouse keeps ${product.name} in the shared schemas "staging" and "warehouse" of an earlier finlake version; each product now has schemas of its own (${staging}, ${warehouse}). ` +
      'Rebuild it from the raw files: start a new warehouse (a new --db file, or drop the schemas staging, warehouse and meta) and run again over every raw file.',
  );
}
