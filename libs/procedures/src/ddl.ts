/**
 * The Redshift DDL of the warehouse (sql/ddl/): the shared meta schema (01_meta.sql), and per data
 * product its own schemas (sql/ddl/<product>/, see productSchemas):
 *
 * - staging: from the contract (`sqlType`), as the pipeline stages it;
 * - meta and warehouse: the column types the pipeline's schema and the models produce, read from
 *   an in-memory DuckDB where the pipeline created its schema from the contract and built every
 *   model over the empty staging tables (no data is read: the types follow from the contract types
 *   and the model SQL), mapped to Redshift types;
 * - distribution and sort keys as each table declares them, or the defaults of ./layouts; primary keys and
 *   NOT NULL from the model specs (Redshift plans with them, it does not enforce keys);
 * - the stored procedures (04_procedures.sql, see ./procedures).
 */
import { META_SCHEMA, productSchemas, type DataProductContract } from '@finlake/contracts';
import { DuckDbEngine } from '@finlake/engine-duckdb';
import type { ProductModels } from '@finlake/models';
import { buildAside, ensureSchema, swapIntoPlace, updateKeyMaps } from '@finlake/pipeline';
import { resolveProduct, type DataProduct } from '@finlake/products';
import { contractColumns, createTable, HEADER, modelVarchar, pipelineVarchar, redshiftType, VARCHAR_BYTES, type Column } from './columns';
import { entityLayout, keyMapLayout, metaLayout, modelLayout } from './layouts';
import { proceduresFile, renderProcedures } from './procedures';

/** The shared file of sql/ddl, applied first. */
export const META_DDL_FILE = '01_meta.sql';
/** The files of each product's folder sql/ddl/<product>/, in the order they are applied (after the meta file). */
export const DDL_FILES = ['02_staging.sql', '03_warehouse.sql', '04_procedures.sql'] as const;
export type DdlFile = (typeof DDL_FILES)[number];

function stagingDdl(product: DataProductContract, models: ProductModels): string {
  const schema = productSchemas(product.name).staging;
  const tables = product.entities.map((entity) => {
    const columns = contractColumns(entity);
    columns.push({ name: 'batch_id', type: `varchar(${VARCHAR_BYTES.batch_id})`, notNull: true }, { name: 'batch_seq', type: 'integer', notNull: true }, { name: 'rec', type: 'bigint', notNull: true });
    return createTable(schema, `stg_${entity.name}`, entityLayout(entity), columns, [], `${entity.description} Grain: ${entity.grain}.`);
  });
  const keyMaps = models.keyMaps.map((k) =>
    createTable(schema, k.name, keyMapLayout(k), [
      { name: 'natural_key', type: `varchar(${VARCHAR_BYTES.natural_key})`, notNull: true },
      { name: 'surrogate_key', type: 'integer', notNull: true },
    ], ['natural_key'], 'Append-only key map: surrogate keys are never renumbered.'),
  );
  return `${HEADER(`Staging of ${product.name}: typed rows of every loaded batch, and the key maps.`)}\ncreate schema if not exists ${schema};\n\n${[...tables, ...keyMaps].join('\n\n')}\n`;
}

type InfoColumn = { table_schema: string; table_name: string; column_name: string; data_type: string; is_nullable: string };

/**
 * The meta and warehouse columns as the pipeline creates them: its schema from the contract, then
 * every model built over the empty staging tables and swapped into place, on an in-memory DuckDB.
 */
async function derivedColumns(contract: DataProductContract, models: ProductModels): Promise<{ info: InfoColumn[]; keys: { table_name: string; column_name: string }[] }> {
  const warehouse = productSchemas(contract.name).warehouse;
  const engine = await DuckDbEngine.create({ path: ':memory:' });
  try {
    await ensureSchema(engine, contract, models);
    await updateKeyMaps(engine, models);
    await buildAside(engine, models);
    await swapIntoPlace(engine, models);
    const info = await engine.query<InfoColumn>(
      `select table_schema, table_name, column_name, data_type, is_nullable from information_schema.columns
       where table_schema in (?, ?) order by table_schema, table_name, ordinal_position`,
      [META_SCHEMA, warehouse],
    );
    const keys = await engine.query<{ table_name: string; column_name: string }>(
      `select table_name, unnest(constraint_column_names) as column_name from duckdb_constraints() where schema_name = ? and constraint_type = 'PRIMARY KEY'`,
      [META_SCHEMA],
    );
    return { info, keys };
  } finally {
    await engine.close();
  }
}

/** The DDL of a data product: the shared meta file and the files of its folder (name → content). */
export async function renderDdl(product: Pick<DataProduct, 'contract' | 'models'>): Promise<{ meta: string; files: Record<DdlFile, string> }> {
  // Deployed with the parameters' defaults.
  const resolved = resolveProduct(product);
  const contract = resolved.contract;
  const models = resolved.models();
  const schemas = productSchemas(contract.name);
  const { info, keys } = await derivedColumns(contract, models);
  const columnsOf = (schema: string, table: string, varchar: (column: string) => number, notNull: readonly string[] = []): Column[] =>
    info
      .filter((c) => c.table_schema === schema && c.table_name === table)
      .map((c) => ({ name: c.column_name, type: redshiftType(c.data_type, () => varchar(c.column_name)), notNull: c.is_nullable === 'NO' || notNull.includes(c.column_name) }));

  const metaTables = [...new Set(info.filter((c) => c.table_schema === META_SCHEMA).map((c) => c.table_name))];
  const meta = metaTables.map((t) => createTable(META_SCHEMA, t, metaLayout(t), columnsOf(META_SCHEMA, t, (c) => pipelineVarchar(t, c)), keys.filter((k) => k.table_name === t).map((k) => k.column_name)));

  const published = models.models.filter((m) => m.published);
  const warehouse = published.map((m) => {
    const notNull = m.tests.flatMap((t) => ('not_null' in t ? t.not_null : []));
    return createTable(schemas.warehouse, m.name, modelLayout(m), columnsOf(schemas.warehouse, m.name, (c) => modelVarchar(contract, models, m.name, c), [...notNull, ...m.key]), m.key, `${m.description.replace(/\s+/g, ' ')} Grain: ${m.grain}.`);
  });
  return {
    meta: `${HEADER('Meta: the ledger, quarantine, runs and quality-gate results of every data product.')}\ncreate schema if not exists ${META_SCHEMA};\n\n${meta.join('\n\n')}\n`,
    files: {
      '02_staging.sql': stagingDdl(contract, models),
      '03_warehouse.sql': `${HEADER(`Warehouse of ${contract.name}: the published star schema and marts (the pipeline builds each as <name>__new and swaps it in).`)}\ncreate schema if not exists ${schemas.warehouse};\n\n${warehouse.join('\n\n')}\n`,
      '04_procedures.sql': proceduresFile(contract, await renderProcedures(contract, models, (table) => info.filter((c) => c.table_schema === schemas.warehouse && c.table_name === table).map((c) => c.column_name))),
    },
  };
}

/**
 * The sql/ddl files of every given product, path (relative to sql/ddl) → content: the shared meta
 * file at the top, each product's files under `<product>/`.
 */
export async function renderAllDdl(products: readonly DataProduct[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const product of products) {
    const { meta, files } = await renderDdl(product);
    // The meta tables do not depend on the product: every product renders the same file.
    if (out[META_DDL_FILE] !== undefined && out[META_DDL_FILE] !== meta) throw new Error(`${product.name} renders a different ${META_DDL_FILE}`);
    out[META_DDL_FILE] = meta;
    for (const [name, text] of Object.entries(files)) out[`${product.name}/${name}`] = text;
  }
  return out;
}
