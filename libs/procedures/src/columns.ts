import { productSchemas, type ColumnType, type DataProductContract, type EntityContract, type TableLayout } from '@finlake/contracts';
import { layoutClause } from '@finlake/engine-redshift';
import { refsOf, sqlType, type ProductModels } from '@finlake/models';

/** The command that writes sql/ddl (a thin writer over this lib); named in every generated file. */
export const DDL_COMMAND = 'npx tsx tools/ddl.ts';

/** Redshift VARCHAR lengths count bytes: four per character covers any UTF-8 text. */
const UTF8_BYTES = 4;
const MAX = 65535;

/**
 * VARCHAR byte lengths of the pipeline's own columns (the meta tables, batch columns, key maps,
 * strategy columns): the same for every product. A product's columns are sized from its contract.
 */
export const VARCHAR_BYTES: Readonly<Record<string, number>> = {
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
  hash_diff: 32, // an SCD2 version's md5 in hex
};

/** The bytes a contract column's values take (undefined for types that are not text). */
export function contractVarchar(type: ColumnType): number | undefined {
  if (type.kind === 'id' || type.kind === 'text') return type.maxLength * UTF8_BYTES;
  if (type.kind === 'enum') return Math.max(...type.values.map((v) => Buffer.byteLength(v))) * UTF8_BYTES;
  // 'YYYY-MM', ASCII.
  if (type.kind === 'month') return 7;
  return undefined;
}

/** The longest text any contract column named `name` holds (`entity.column` names one entity's). */
function contractColumnBytes(product: DataProductContract, name: string): number | undefined {
  const [entity, column] = name.includes('.') ? name.split('.') : [undefined, name];
  const sizes = product.entities
    .filter((e) => entity === undefined || e.name === entity)
    .flatMap((e) => e.columns.filter((c) => c.name === column).map((c) => contractVarchar(c.type)))
    .filter((b): b is number => b !== undefined);
  return sizes.length ? Math.max(...sizes) : undefined;
}

/**
 * The VARCHAR bytes of a text column of the published model `table`, in this order: the model's
 * yml (`columns: { <column>: { varchar: <bytes> } }`, or `{ source: <contract column> }` for a
 * renamed column), the contract column of the same name, the same-named column of a model it
 * refs (resolved the same way), an SCD2 `current_<c>` column as `<c>`, the pipeline's own columns
 * (VARCHAR_BYTES). Anything else is an error naming the yml to declare it in.
 */
export function modelVarchar(product: DataProductContract, models: ProductModels, table: string, column: string): number {
  const bytes = resolveVarchar(product, models, table, column, []);
  if (bytes !== undefined) return bytes;
  const pipeline = VARCHAR_BYTES[column];
  if (pipeline !== undefined) return pipeline;
  throw new Error(
    `No VARCHAR length for ${productSchemas(product.name).warehouse}.${table}.${column}: no contract column of ${product.name} and no column of a model it refs has that name. ` +
      `Declare it in ${table}.yml: columns: { ${column}: { source: <contract column> } } or columns: { ${column}: { varchar: <bytes> } }`,
  );
}

/** The model's own declaration, its contract column or a referenced model's column; undefined when none sizes it. */
function resolveVarchar(product: DataProductContract, models: ProductModels, table: string, column: string, seen: readonly string[]): number | undefined {
  const model = models.models.find((m) => m.name === table);
  const declared = model?.columns?.[column];
  if (declared?.varchar !== undefined) return declared.varchar;
  if (declared?.source !== undefined) {
    const bytes = contractColumnBytes(product, declared.source);
    if (bytes === undefined) throw new Error(`${table}.yml: column ${column} has source ${declared.source}, which is no text column of the ${product.name} contract`);
    return bytes;
  }
  const fromContract = contractColumnBytes(product, column);
  if (fromContract !== undefined || !model || seen.includes(table)) return fromContract;
  for (const ref of refsOf(model.sql)) {
    const bytes = resolveVarchar(product, models, ref, column, [...seen, table]);
    if (bytes !== undefined) return bytes;
  }
  const spec = model.strategy;
  const base = column.slice('current_'.length);
  if (spec?.kind === 'scd2' && column.startsWith('current_') && spec.current.includes(base)) return resolveVarchar(product, models, table, base, seen);
  return undefined;
}

/** The VARCHAR bytes of a pipeline column (meta tables and the columns the pipeline adds). */
export function pipelineVarchar(table: string, column: string): number {
  const bytes = VARCHAR_BYTES[column];
  if (bytes === undefined) throw new Error(`No VARCHAR length for ${table}.${column}: add it to VARCHAR_BYTES in libs/procedures/src/columns.ts`);
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
  // Redshift has no array type: an array of numbers is SUPER (built with json_parse, the int_array macro).
  if (t === 'INTEGER[]' || t === 'BIGINT[]') return 'super';
  if (t === 'VARCHAR') return `varchar(${varchar()})`;
  throw new Error(`No Redshift type for DuckDB ${duckdbType}`);
}

export interface Column {
  name: string;
  type: string;
  notNull: boolean;
}

export function createTable(schema: string, table: string, layout: TableLayout, columns: Column[], primaryKey: readonly string[], comment?: string): string {
  const names = new Set(columns.map((c) => c.name));
  const keyColumns = [...(typeof layout.dist === 'object' ? [layout.dist.key] : []), ...(layout.sort ?? []), ...primaryKey];
  const unknown = keyColumns.filter((c) => !names.has(c));
  if (unknown.length) throw new Error(`${schema}.${table} has no column ${unknown.join(', ')} (named by its layout or key)`);
  const lines = columns.map((c) => `    ${c.name} ${c.type}${c.notNull ? ' not null' : ''}`);
  if (primaryKey.length) lines.push(`    primary key (${primaryKey.join(', ')})`);
  return [`-- ${comment ? `${comment} ` : ''}Layout: ${layout.why}.`, `create table if not exists ${schema}.${table} (`, lines.join(',\n'), `)`, `${layoutClause(layout)};`].join('\n');
}

export const HEADER = (what: string) => `-- ${what}\n-- Generated by \`${DDL_COMMAND}\` from libs/contracts, libs/models and libs/procedures; do not edit.\n`;

/** The staging columns of an entity's contract columns (types from `sqlType`, VARCHAR sized in bytes). */
export function contractColumns(entity: EntityContract): Column[] {
  return entity.columns.map((c) => {
    const type = sqlType(c.type);
    const bytes = contractVarchar(c.type);
    if (type === 'varchar' && bytes === undefined) throw new Error(`No VARCHAR length for stg_${entity.name}.${c.name} (type ${c.type.kind})`);
    return { name: c.name, type: type === 'varchar' ? `varchar(${bytes})` : type, notNull: c.required };
  });
}
