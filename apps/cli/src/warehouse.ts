import { DuckDbEngine } from '@finlake/engine-duckdb';
import type { Engine } from '@finlake/engine';

/** Open the warehouse, run fn, always close (so the file lock is released). */
export async function withWarehouse<T>(db: string, fn: (engine: Engine) => Promise<T>): Promise<T> {
  const engine = await DuckDbEngine.create({
    path: db,
    memoryLimit: process.env.FINLAKE_DUCKDB_MEMORY_LIMIT ?? '1500MB',
    tempDirectory: process.env.FINLAKE_DUCKDB_TEMP_DIR,
  });
  try {
    return await fn(engine);
  } finally {
    await engine.close();
  }
}
