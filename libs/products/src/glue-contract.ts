/**
 * The contract the Glue job applies, as JSON rendered from a product's TypeScript contract:
 * tools/glue-contract.ts writes it to apps/glue/contracts/<product>.json for every registered
 * product. The job (apps/glue/finlake_job.py) is generic: the product's name, its lake prefixes,
 * the columns, the reason codes, and every check constant (null markers, patterns, booleans, the
 * encoding test, the file-level messages) come from libs/products and libs/contracts through it.
 */
import {
  BOOLEAN_TRUE,
  BOOLEAN_VALUES,
  DATE_PATTERN,
  DECIMAL_PATTERN,
  DECIMAL_SCALE_PATTERN,
  FILE_MESSAGES,
  FileReasonCodes,
  ID_PATTERN,
  INTEGER_PATTERN,
  NUL_SCAN_BYTES,
  NULL_MARKERS,
  OTHER_DELIMITERS,
  RowReasonCodes,
  TIMESTAMP_PATTERN,
  MONTH_PATTERN,
  contractWithParameters,
  resolveParameters,
  UTF16_BOMS,
  type ColumnType,
  type DataProductContract,
  type EntityContract,
} from '@finlake/contracts';
import { sqlType } from '@finlake/models';
import { GLUE_CONTRACT_COMMAND, productLayout } from './types';

/** The Spark SQL type a contract column is written to Parquet as (same values as the staging type). */
export function sparkType(type: ColumnType): string {
  const sql = sqlType(type);
  const simple: Record<string, string> = { varchar: 'string', integer: 'int', date: 'date', timestamp: 'timestamp', boolean: 'boolean' };
  return simple[sql] ?? sql.replace(/\s+/g, '');
}

/** The date the processed Parquet is partitioned by: the entity's first date or timestamp column (UTC day). */
export function partitionColumn(entity: EntityContract): string | null {
  return entity.columns.find((c) => c.type.kind === 'date' || c.type.kind === 'timestamp')?.name ?? null;
}

/** The check constants of libs/contracts/src/rules.ts, as the Python job reads them (patterns match whole values). */
export function glueChecks() {
  return {
    nullMarkers: NULL_MARKERS,
    patterns: { id: ID_PATTERN, integer: INTEGER_PATTERN, decimal: DECIMAL_PATTERN, decimalScale: DECIMAL_SCALE_PATTERN, date: DATE_PATTERN, timestamp: TIMESTAMP_PATTERN, month: MONTH_PATTERN },
    booleans: { values: BOOLEAN_VALUES, true: BOOLEAN_TRUE },
    encoding: { utf16Boms: UTF16_BOMS.map((bom) => Buffer.from(bom).toString('hex')), nulScanBytes: NUL_SCAN_BYTES },
    otherDelimiters: OTHER_DELIMITERS,
    fileMessages: FILE_MESSAGES,
  };
}

/** The contract the Glue job applies, with the parameters' defaults filled into its rules (the job runs them as Spark SQL). */
export function glueContract(raw: DataProductContract): unknown {
  const product = contractWithParameters(raw, resolveParameters(raw));
  const { rawPrefix, processedPrefix, quarantinePrefix } = productLayout(product.name);
  return {
    generatedBy: GLUE_CONTRACT_COMMAND,
    product: product.name,
    // Where the job reads (by default) and writes in the lake: the same layout the infra program deploys.
    layout: { rawPrefix, processedPrefix, quarantinePrefix },
    earliestDate: product.earliestDate,
    maxFutureDays: product.maxFutureDays,
    fileReasonCodes: Object.keys(FileReasonCodes),
    rowReasonCodes: [...Object.keys(RowReasonCodes), ...Object.keys(product.reasonCodes ?? {})],
    checks: glueChecks(),
    entities: product.entities.map((e) => ({
      name: e.name,
      grain: e.grain,
      key: e.key,
      loadMode: e.loadMode,
      partitionColumn: partitionColumn(e),
      references: e.references,
      rules: e.rules.map((r) => ({ name: r.name, condition: r.condition, ...(r.reason && { reason: r.reason }), ...(r.severity && { severity: r.severity }) })),
      ...(e.duplicateKeyReason && { duplicateKeyReason: e.duplicateKeyReason }),
      ...(e.keepOnConflict && { keepOnConflict: e.keepOnConflict }),
      columns: e.columns.map((c) => ({ header: c.header, name: c.name, required: c.required, type: c.type, sparkType: sparkType(c.type), ...(c.default !== undefined && { default: c.default }) })),
    })),
  };
}

export const renderGlueContract = (product: DataProductContract) => `${JSON.stringify(glueContract(product), null, 2)}\n`;

