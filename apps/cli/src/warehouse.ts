import type { Engine } from '@finlake/engine';
import { DEFAULT_MEMORY_LIMIT, DuckDbEngine } from '@finlake/engine-duckdb';
import { PostgresEngine } from '@finlake/engine-postgres';
import { RedshiftEngine } from '@finlake/engine-redshift';
import type { GlobalOptions } from './main';

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
