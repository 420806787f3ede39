/**
 * The contract the Glue job applies, as JSON generated from the TypeScript contract
 * (`npx tsx tools/glue-contract.ts` writes apps/glue/<product>_contract.json for every registered
 * product; tools/glue-contract.test.ts fails when a committed file is stale). Python never re-types the contract by hand: the
 * columns, the reason codes, and every check constant (null markers, patterns, booleans, the
 * encoding test, the file-level messages) come from libs/contracts through this file.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
  UTF16_BOMS,
  type ColumnType,
  type DataProductContract,
  type EntityContract,
} from '@finlake/contracts';
import { allProducts, productLayout } from '@finlake/products';
import { sqlType } from '@finlake/models';

export const GLUE_DIR = join(__dirname, '..', 'apps', 'glue');
/** Where the Glue contract of a product is written. */
export const glueContractPath = (product: string) => join(GLUE_DIR, productLayout(product).glueContractFile);
export const GLUE_CONTRACT_COMMAND = 'npx tsx tools/glue-contract.ts';

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
    patterns: { id: ID_PATTERN, integer: INTEGER_PATTERN, decimal: DECIMAL_PATTERN, decimalScale: DECIMAL_SCALE_PATTERN, date: DATE_PATTERN, timestamp: TIMESTAMP_PATTERN },
    booleans: { values: BOOLEAN_VALUES, true: BOOLEAN_TRUE },
    encoding: { utf16Boms: UTF16_BOMS.map((bom) => Buffer.from(bom).toString('hex')), nulScanBytes: NUL_SCAN_BYTES },
    otherDelimiters: OTHER_DELIMITERS,
    fileMessages: FILE_MESSAGES,
  };
}

export function glueContract(product: DataProductContract): unknown {
  return {
    generatedBy: GLUE_CONTRACT_COMMAND,
    product: product.name,
    earliestDate: product.earliestDate,
    maxFutureDays: product.maxFutureDays,
    fileReasonCodes: Object.keys(FileReasonCodes),
    rowReasonCodes: Object.keys(RowReasonCodes),
    checks: glueChecks(),
    entities: product.entities.map((e) => ({
      name: e.name,
      grain: e.grain,
      key: e.key,
      loadMode: e.loadMode,
      partitionColumn: partitionColumn(e),
      references: e.references,
      rules: e.rules.map((r) => ({ name: r.name, condition: r.condition })),
      columns: e.columns.map((c) => ({ header: c.header, name: c.name, required: c.required, type: c.type, sparkType: sparkType(c.type) })),
    })),
  };
}

export const renderGlueContract = (product: DataProductContract) => `${JSON.stringify(glueContract(product), null, 2)}\n`;

if (require.main === module) {
  for (const { contract } of allProducts()) {
    writeFileSync(glueContractPath(contract.name), renderGlueContract(contract));
    process.stdout.write(`wrote apps/glue/${productLayout(contract.name).glueContractFile}\n`);
  }
}
