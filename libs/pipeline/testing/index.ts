/** Test helpers for pipeline tests on real engines (exported as @finlake/pipeline/testing). */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDbEngine } from '@finlake/engine-duckdb';
import { postgresTestEngine } from '@finlake/engine-postgres/testing';
import { quoteIdent, type Engine } from '@finlake/engine';
import { COMMERCE_GOLDEN } from '@finlake/products/testing';
import { runPipeline, type RunOptions, type RunResult } from '../src/run';
import { publishedTables } from '../src/queries';
import { tableColumns } from '../src/strategies/common';
import { inWarehouse, productSchemas } from '../src/schema';

/** The hand-computed commerce fixture (it lives in the product's folder). */
export const GOLDEN = COMMERCE_GOLDEN;

/** The clock tests run at (the contract rejects dates after it). */
export const TEST_NOW = new Date('2025-06-30T12:00:00Z');

const created: string[] = [];

/** Remove the temporary directories made by tempDir/inputDir (jest runs this after each test file). */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function tempDir(prefix = 'finlake-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** Copy a fixture directory to a fresh temp dir, optionally replacing or adding files. */
export function inputDir(from: string, files: Record<string, string | Buffer | null> = {}): string {
  const dir = tempDir('finlake-input-');
  cpSync(from, dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    if (content === null) rmSync(join(dir, name), { force: true });
    else writeFileSync(join(dir, name), content);
  }
  return dir;
}

export const readFixture = (name: string, dir = GOLDEN) => readFileSync(join(dir, name), 'utf8');

export async function memoryEngine(): Promise<Engine> {
  return DuckDbEngine.create({ path: ':memory:' });
}

export interface TestEngine {
  name: 'duckdb' | 'postgres';
  /** A fresh, empty warehouse on this engine. */
  create(): Promise<Engine>;
}

/** Every engine the engine-independent suites run on (parametrised, not copied). */
export const TEST_ENGINES: TestEngine[] = [
  { name: 'duckdb', create: memoryEngine },
  { name: 'postgres', create: postgresTestEngine },
];

export function run(engine: Engine, inputDir: string, options: Partial<RunOptions> = {}): Promise<RunResult> {
  return runPipeline(engine, { product: 'commerce', inputDir, now: TEST_NOW, ...options });
}

/**
 * Row count and a content checksum of every published table: equal fingerprints mean equal data.
 * With ignoreBatch, batch_id columns (content hashes of the input files) are left out.
 */
export async function fingerprint(engine: Engine, options: { ignoreBatch?: boolean; product?: string } = {}): Promise<Record<string, { rows: number; checksum: string }>> {
  const out: Record<string, { rows: number; checksum: string }> = {};
  const product = options.product ?? 'commerce';
  for (const table of await publishedTables(engine, product)) {
    const columns = await tableColumns(engine, { schema: productSchemas(product).warehouse, table });
    const kept = columns.filter((c) => !(options.ignoreBatch && c === 'batch_id'));
    const [row] = await engine.query<{ rows: number; checksum: string }>(
      `select count(*) as rows, md5(coalesce(string_agg(r, chr(10) order by r), '')) as checksum
       from (select cast(row(${kept.map(quoteIdent).join(', ')}) as varchar) as r from ${inWarehouse(product, table)}) as t`,
    );
    out[table] = { rows: Number(row!.rows), checksum: String(row!.checksum) };
  }
  return out;
}

export async function scalar(engine: Engine, sql: string, params: (string | number)[] = []): Promise<string | number | boolean | null> {
  const [row] = await engine.query(sql, params);
  return row ? (Object.values(row)[0] ?? null) : null;
}

/** Product names that try to break out of HTML, attributes and spreadsheets. */
export const HOSTILE_NAMES = {
  P1: '=HYPERLINK("http://evil.example","x")',
  P2: '<script>alert(1)</script> | pipe',
  P3: 'Rain "Jacket" <img src=x onerror=alert(2)> & \'co\'',
};

const csvField = (text: string) => `"${text.replace(/"/g, '""')}"`;

/**
 * The golden fixture with hostile product names and a few bad rows (so the quality section has
 * quarantined rows to chart). Run it with maxQuarantineRate 0.5: the files are tiny.
 */
export function hostileInput(): string {
  const products = `ProductID,ProductName,Category\n${Object.entries(HOSTILE_NAMES).map(([id, name]) => `${id},${csvField(name)},Bags`).join('\n')}\n`;
  const transactions =
    readFixture('transactions.csv') +
    'X1,2024-01-05T10:00:00Z,P1,"=HYPERLINK(""http://evil.example"",""x"")",Online Store,1,50.00,0.00,3.60,0.00,0.00,1.00,USD,false\n' +
    'X2,2024-01-06T10:00:00Z,P2,C1,Online Store,N/A,12.99,0.00,0.00,0.00,0.00,0.00,USD,false\n' +
    'X3,2024-01-07T10:00:00Z,P2,C1,Online Store,1,$12.99,0.00,0.00,0.00,0.00,0.00,USD,false\n';
  const cogs = `${readFixture('cogs.csv')}P2,2024-13-01,3.5000,USD\n`;
  return inputDir(GOLDEN, { 'products.csv': products, 'transactions.csv': transactions, 'cogs.csv': cogs });
}
