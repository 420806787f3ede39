import type { Engine } from '@finlake/engine';
import { DuckDbEngine } from '@finlake/engine-duckdb';
import { PostgresEngine } from '@finlake/engine-postgres';
import type { GlobalOptions } from './main';

/** Open the warehouse the global options name (DuckDB file or PostgreSQL server). */
export async function openWarehouse(options: Pick<GlobalOptions, 'db' | 'engine' | 'pgUrl'>): Promise<Engine> {
  if (options.engine === 'postgres') return PostgresEngine.create({ url: options.pgUrl ?? process.env.FINLAKE_PG_URL });
  return DuckDbEngine.create({
    path: options.db,
    memoryLimit: process.env.FINLAKE_DUCKDB_MEMORY_LIMIT ?? '1500MB',
    tempDirectory: process.env.FINLAKE_DUCKDB_TEMP_DIR,
  });
}

/** Open the warehouse, run fn, always close (so locks are released). */
export async function withWarehouse<T>(options: Pick<GlobalOptions, 'db' | 'engine' | 'pgUrl'>, fn: (engine: Engine) => Promise<T>): Promise<T> {
  const engine = await openWarehouse(options);
  try {
    return await fn(engine);
  } finally {
    await engine.close();
  }
}
