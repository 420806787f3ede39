/**
 * How the measuring child (step.ts) opens and resets each engine. Imported only by the child,
 * so the parent process never loads an engine.
 *
 * PostgreSQL runs on the database FINLAKE_BENCH_PG_URL names; `reset` drops finlake's schemas.
 * The server's memory is not part of the child's peak RSS: measure it on the server.
 */
import { mkdirSync, rmSync } from 'node:fs';
import type { Engine } from '@finlake/engine';
import { DuckDbEngine } from '@finlake/engine-duckdb';
import { PostgresEngine } from '@finlake/engine-postgres';
import { duckdbPaths } from './engines';

export interface EngineContext {
  /** The size's work directory under .bench/work. */
  workDir: string;
  memoryLimit: string;
  threads?: number;
}

export interface EngineAdapter {
  /** Remove every trace of earlier runs so the next run starts from an empty warehouse (not timed). */
  reset(ctx: EngineContext): Promise<void>;
  /** Open the warehouse (timed: part of the run). */
  open(ctx: EngineContext): Promise<Engine>;
}

export const ADAPTERS: Record<string, EngineAdapter | undefined> = {
  duckdb: {
    async reset({ workDir }) {
      const { db, spill } = duckdbPaths(workDir);
      for (const path of [db, `${db}.wal`, spill]) rmSync(path, { recursive: true, force: true });
    },
    async open({ workDir, memoryLimit, threads }) {
      const { db, spill } = duckdbPaths(workDir);
      mkdirSync(spill, { recursive: true });
      return DuckDbEngine.create({ path: db, memoryLimit, tempDirectory: spill, threads });
    },
  },
  postgres: {
    async reset() {
      const engine = await PostgresEngine.create({ url: process.env.FINLAKE_BENCH_PG_URL });
      try {
        await engine.run('drop schema if exists warehouse cascade; drop schema if exists staging cascade; drop schema if exists meta cascade');
      } finally {
        await engine.close();
      }
    },
    open: () => PostgresEngine.create({ url: process.env.FINLAKE_BENCH_PG_URL }),
  },
};
