import { existsSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { Engine } from '@finlake/engine';
import { DEFAULT_MEMORY_LIMIT, DuckDbEngine } from '@finlake/engine-duckdb';
import { PostgresEngine } from '@finlake/engine-postgres';
import { RedshiftEngine } from '@finlake/engine-redshift';
import { UsageError } from '@finlake/errors';
import { productNames } from '@finlake/products';
import type { GlobalOptions } from './main';

import { DEFAULT_DB } from './defaults';

export { DEFAULT_DB };

type WarehouseOptions = Pick<GlobalOptions, 'db' | 'engine' | 'pgUrl' | 'redshiftCluster' | 'redshiftWorkgroup' | 'redshiftDatabase' | 'redshiftSecretArn'>;

/** Open the warehouse the global options name (DuckDB file, PostgreSQL server or Amazon Redshift). */
export async function openWarehouse(options: WarehouseOptions): Promise<Engine> {
  if (options.engine === 'postgres') return PostgresEngine.create({ url: options.pgUrl ?? process.env.FINLAKE_PG_URL });
  if (options.engine === 'redshift') {
    // Flags first, then FINLAKE_REDSHIFT_* and AWS_REGION; AWS credentials from the default chain.
    return RedshiftEngine.create({ cluster: options.redshiftCluster, workgroup: options.redshiftWorkgroup, database: options.redshiftDatabase, secretArn: options.redshiftSecretArn });
  }
  return DuckDbEngine.create({
    path: options.db,
    memoryLimit: process.env.FINLAKE_DUCKDB_MEMORY_LIMIT ?? DEFAULT_MEMORY_LIMIT,
    tempDirectory: process.env.FINLAKE_DUCKDB_TEMP_DIR,
  });
}

/** Open the warehouse, run fn, always close (so locks are released). */
export async function withWarehouse<T>(options: WarehouseOptions, fn: (engine: Engine) => Promise<T>): Promise<T> {
  const engine = await openWarehouse(options);
  try {
    return await fn(engine);
  } finally {
    await engine.close();
  }
}

/**
 * As withWarehouse, for the commands that only read (status, quarantine, report): a DuckDB file
 * that does not exist is a usage error, never a new empty warehouse.
 */
export async function withExistingWarehouse<T>(options: WarehouseOptions, command: string, fn: (engine: Engine) => Promise<T>): Promise<T> {
  if (options.engine === 'duckdb' && options.db !== ':memory:' && !existsSync(options.db)) {
    const p = productNames()[0]!;
    throw new UsageError(`No warehouse at ${options.db}: \`${command}\` reads a warehouse and never creates one. Give --db the file of an existing warehouse, or start one with \`${cliCommand(options, `run ${p} --input data/raw/${p}`)}\`.`);
  }
  return withWarehouse(options, fn);
}

/** A word of a command line as a POSIX shell reads it back. */
export const shellWord = (word: string) => (/^[\w./:@%+=,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);

/** A connection URL without its password, for printing. */
function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.password) return url;
    parsed.password = '';
    return parsed.toString();
  } catch {
    return '<url>';
  }
}

/**
 * The finlake command line for a follow-up hint, with the warehouse options in use, so that the
 * hint acts on the same warehouse (a PostgreSQL password is left out).
 */
export function cliCommand(options: WarehouseOptions, command: string): string {
  const flags: string[] = [];
  if (options.engine === 'duckdb' && options.db !== DEFAULT_DB) flags.push('--db', options.db);
  if (options.engine === 'postgres') {
    flags.push('--engine', 'postgres');
    if (options.pgUrl) flags.push('--pg-url', withoutPassword(options.pgUrl));
  }
  if (options.engine === 'redshift') {
    flags.push('--engine', 'redshift');
    if (options.redshiftCluster) flags.push('--redshift-cluster', options.redshiftCluster);
    if (options.redshiftWorkgroup) flags.push('--redshift-workgroup', options.redshiftWorkgroup);
    if (options.redshiftDatabase) flags.push('--redshift-database', options.redshiftDatabase);
  }
  return ['finlake', ...flags.map(shellWord), command].join(' ');
}

/** A name that is safe in a file name. */
const fileWord = (text: string) => text.replace(/[^\w.-]+/g, '_');

/**
 * Where a product's report goes unless --out says otherwise: named after the warehouse, so two
 * warehouses never overwrite each other's report. The default DuckDB warehouse writes
 * reports/<product>.html; another DuckDB file writes <file name without extension>-<product>.html
 * beside the file; PostgreSQL and Redshift write reports/<engine>-<server>-<database>-<product>.html.
 */
export function defaultReportPath(options: WarehouseOptions, product: string): string {
  if (options.engine === 'duckdb') {
    if (options.db === DEFAULT_DB) return join('reports', `${product}.html`);
    return join(dirname(options.db), `${basename(options.db, extname(options.db))}-${product}.html`);
  }
  if (options.engine === 'postgres') {
    let server = process.env.PGHOST ?? 'localhost';
    let database = process.env.PGDATABASE ?? process.env.PGUSER ?? 'postgres';
    const url = options.pgUrl ?? process.env.FINLAKE_PG_URL;
    if (url) {
      try {
        const parsed = new URL(url);
        server = parsed.host || server;
        database = decodeURIComponent(parsed.pathname.slice(1)) || database;
      } catch {
        // An unparsable URL fails at connect; the name only needs to be stable.
      }
    }
    return join('reports', fileWord(`postgres-${server}-${database}-${product}`) + '.html');
  }
  const target = options.redshiftWorkgroup ?? process.env.FINLAKE_REDSHIFT_WORKGROUP ?? options.redshiftCluster ?? process.env.FINLAKE_REDSHIFT_CLUSTER ?? 'redshift';
  const database = options.redshiftDatabase ?? process.env.FINLAKE_REDSHIFT_DATABASE ?? 'dev';
  return join('reports', fileWord(`redshift-${target}-${database}-${product}`) + '.html');
}
