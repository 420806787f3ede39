import { existsSync } from 'node:fs';
import type { Engine } from '@finlake/engine';
import { DEFAULT_MEMORY_LIMIT, DuckDbEngine } from '@finlake/engine-duckdb';
import { PostgresEngine } from '@finlake/engine-postgres';
import { RedshiftEngine } from '@finlake/engine-redshift';
import { UsageError } from '@finlake/errors';
import { productNames } from '@finlake/products';
import type { GlobalOptions } from './main';

/** The DuckDB warehouse when --db is not given. */
export const DEFAULT_DB = '.finlake/finlake.duckdb';

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
