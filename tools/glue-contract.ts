/**
 * The contract the Glue job applies, as JSON generated from the TypeScript contract
 * (`npx tsx tools/glue-contract.ts` writes apps/glue/contracts/<product>.json for every registered
 * product and removes the files of products no longer registered; tools/glue-contract.test.ts
 * fails when a committed file is stale or missing). The job (apps/glue/finlake_job.py) is generic:
 * the product's name, its lake prefixes, the columns, the reason codes, and every check constant
 * (null markers, patterns, booleans, the encoding test, the file-level messages) come from
 * libs/products and libs/contracts through this file.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
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
import { allProducts, GLUE_CONTRACT_COMMAND, productLayout } from '@finlake/products';
import { sqlType } from '@finlake/models';

export const GLUE_DIR = join(__dirname, '..', 'apps', 'glue');
/** Where the Glue contract of a product is written. */
export const glueContractPath = (product: string) => join(GLUE_DIR, productLayout(product).glueContractFile);
/** The folder of the generated contracts (one file per registered product, nothing else). */
export const GLUE_CONTRACT_DIR = dirname(glueContractPath('product'));
export { GLUE_CONTRACT_COMMAND };

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
  const { rawPrefix, processedPrefix, quarantinePrefix } = productLayout(product.name);
  return {
    generatedBy: GLUE_CONTRACT_COMMAND,
    product: product.name,
    // Where the job reads (by default) and writes in the lake: the same layout the infra program deploys.
    layout: { rawPrefix, processedPrefix, quarantinePrefix },
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

/** The committed contract files that belong to no registered product. */
export const strayGlueContracts = (files: readonly string[]) => {
  const expected = new Set(allProducts().map((p) => glueContractPath(p.name)));
  return files.map((f) => join(GLUE_CONTRACT_DIR, f)).filter((f) => !expected.has(f));
};

if (require.main === module) {
  mkdirSync(GLUE_CONTRACT_DIR, { recursive: true });
  for (const { contract } of allProducts()) {
    writeFileSync(glueContractPath(contract.name), renderGlueContract(contract));
    process.stdout.write(`wrote apps/glue/${productLayout(contract.name).glueContractFile}\n`);
  }
  for (const stray of strayGlueContracts(readdirSync(GLUE_CONTRACT_DIR))) {
    rmSync(stray);
    process.stdout.write(`removed ${stray} (no such product)\n`);
  }
}
