/**
 * The Redshift DDL of one data product's warehouse (sql/ddl/*.sql):
 *
 * - staging: from the contract (`sqlType`), as the pipeline stages it;
 * - meta and warehouse: the column types the pipeline's schema and the models produce, read from
 *   an in-memory DuckDB where the pipeline created its schema from the contract and built every
 *   model over the empty staging tables (no data is read: the types follow from the contract types
 *   and the model SQL), mapped to Redshift types;
 * - distribution and sort keys from @finlake/engine-redshift's layout table; primary keys and
 *   NOT NULL from the model specs (Redshift plans with them, it does not enforce keys);
 * - the stored procedures (04_procedures.sql, see ./procedures).
 */
import type { DataProductContract } from '@finlake/contracts';
import { DuckDbEngine } from '@finlake/engine-duckdb';
import type { ProductModels } from '@finlake/models';
import { buildAside, ensureSchema, swapIntoPlace, updateKeyMaps } from '@finlake/pipeline';
import type { DataProduct } from '@finlake/products';
import { contractColumns, createTable, HEADER, redshiftType, VARCHAR_BYTES, varcharBytes, type Column } from './columns';
import { proceduresFile, renderProcedures } from './procedures';

/** The files of sql/ddl, in the order they are applied. */
export const DDL_FILES = ['01_meta.sql', '02_staging.sql', '03_warehouse.sql', '04_procedures.sql'] as const;
export type DdlFile = (typeof DDL_FILES)[number];

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

type InfoColumn = { table_schema: string; table_name: string; column_name: string; data_type: string; is_nullable: string };

/**
 * The meta and warehouse columns as the pipeline creates them: its schema from the contract, then
 * every model built over the empty staging tables and swapped into place, on an in-memory DuckDB.
 */
async function derivedColumns(contract: DataProductContract, models: ProductModels): Promise<{ info: InfoColumn[]; keys: { table_name: string; column_name: string }[] }> {
  const engine = await DuckDbEngine.create({ path: ':memory:' });
  try {
    await ensureSchema(engine, contract, models);
    await updateKeyMaps(engine, models);
    await buildAside(engine, models);
    await swapIntoPlace(engine, models);
    const info = await engine.query<InfoColumn>(
      `select table_schema, table_name, column_name, data_type, is_nullable from information_schema.columns
       where table_schema in ('meta', 'warehouse') order by table_schema, table_name, ordinal_position`,
    );
    const keys = await engine.query<{ table_name: string; column_name: string }>(
      `select table_name, unnest(constraint_column_names) as column_name from duckdb_constraints() where schema_name = 'meta' and constraint_type = 'PRIMARY KEY'`,
    );
    return { info, keys };
  } finally {
    await engine.close();
  }
}

/** Every sql/ddl file of a data product: name → content. */
export async function renderDdl(product: Pick<DataProduct, 'contract' | 'models'>): Promise<Record<DdlFile, string>> {
  const contract = product.contract;
  const models = product.models();
  const { info, keys } = await derivedColumns(contract, models);
  const columnsOf = (schema: string, table: string, notNull: readonly string[] = []): Column[] =>
    info
      .filter((c) => c.table_schema === schema && c.table_name === table)
      .map((c) => ({ name: c.column_name, type: redshiftType(c.data_type, () => varcharBytes(contract, table, c.column_name)), notNull: c.is_nullable === 'NO' || notNull.includes(c.column_name) }));

  const metaTables = [...new Set(info.filter((c) => c.table_schema === 'meta').map((c) => c.table_name))];
  const meta = metaTables.map((t) => createTable('meta', t, columnsOf('meta', t), keys.filter((k) => k.table_name === t).map((k) => k.column_name)));

  const published = models.models.filter((m) => m.published);
  const warehouse = published.map((m) => {
    const notNull = m.tests.flatMap((t) => ('not_null' in t ? t.not_null : []));
    return createTable('warehouse', m.name, columnsOf('warehouse', m.name, [...notNull, ...m.key]), m.key, `${m.description.replace(/\s+/g, ' ')} Grain: ${m.grain}.`);
  });
  return {
    '01_meta.sql': `${HEADER('Meta: the ledger, quarantine, runs and quality-gate results.')}\ncreate schema if not exists meta;\n\n${meta.join('\n\n')}\n`,
    '02_staging.sql': stagingDdl(contract, models),
    '03_warehouse.sql': `${HEADER('Warehouse: the published star schema and marts (the pipeline builds each as <name>__new and swaps it in).')}\ncreate schema if not exists warehouse;\n\n${warehouse.join('\n\n')}\n`,
    '04_procedures.sql': proceduresFile(contract, await renderProcedures(contract, models)),
  };
}

/**
 * The sql/ddl files of every given product, path (relative to sql/ddl) → content: a single
 * product's files at the top, several products' each under `<product>/`.
 */
export async function renderAllDdl(products: readonly DataProduct[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const product of products) {
    const files = await renderDdl(product);
    for (const [name, text] of Object.entries(files)) out[products.length === 1 ? name : `${product.name}/${name}`] = text;
  }
  return out;
}
