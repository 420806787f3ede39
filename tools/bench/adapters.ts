/**
 * How the measuring child (step.ts) opens and resets each engine. Imported only by the child,
 * so the parent process never loads an engine.
 *
 * PostgreSQL runs on the database FINLAKE_BENCH_PG_URL names; `reset` drops the product's schemas and meta.
 * The server's memory is not part of the child's peak RSS: `serverPeakRss` reads the peak of the
 * server process that served the run, when that server runs on this machine.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { META_SCHEMA, productSchemas } from '@finlake/contracts';
import type { Engine } from '@finlake/engine';
import { DuckDbEngine } from '@finlake/engine-duckdb';
import { PostgresEngine } from '@finlake/engine-postgres';
import { duckdbPaths } from './engines';

export interface EngineContext {
  /** The size's work directory under .bench/work. */
  workDir: string;
  /** The data product the run builds: its schemas are the ones reset. */
  product: string;
  memoryLimit: string;
  threads?: number;
}

export interface EngineAdapter {
  /** Remove every trace of earlier runs so the next run starts from an empty warehouse (not timed). */
  reset(ctx: EngineContext): Promise<void>;
  /** Open the warehouse (timed: part of the run). */
  open(ctx: EngineContext): Promise<Engine>;
  /** Peak RSS in bytes of the server process serving `engine`, when it can be read; read before close. */
  serverPeakRss?(engine: Engine): Promise<number | null>;
}

/** VmHWM (peak resident set) of a process of this machine, in bytes; null when it cannot be read. */
export function processPeakRss(pid: number, read: (path: string) => string = (path) => readFileSync(path, 'utf8')): number | null {
  try {
    const kb = /^VmHWM:\s+(\d+)\s+kB$/m.exec(read(`/proc/${pid}/status`))?.[1];
    return kb === undefined ? null : Number(kb) * 1024;
  } catch {
    return null;
  }
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
    async reset({ product }) {
      const engine = await PostgresEngine.create({ url: process.env.FINLAKE_BENCH_PG_URL });
      try {
        const { staging, warehouse } = productSchemas(product);
        await engine.run([warehouse, staging, META_SCHEMA].map((schema) => `drop schema if exists ${schema} cascade`).join('; '));
      } finally {
        await engine.close();
      }
    },
    open: () => PostgresEngine.create({ url: process.env.FINLAKE_BENCH_PG_URL }),
    // The backend process serving the run's one connection does its work. Its RSS counts the
    // shared buffers it touched. A server on another machine has no /proc entry here: null.
    async serverPeakRss(engine) {
      const [row] = await engine.query<{ pid: number }>('select pg_backend_pid() as pid');
      return row ? processPeakRss(Number(row.pid)) : null;
    },
  },
};
