import { mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { duckdbDialect, quoteString, sqlSummary, type CsvQueryLoad, type Engine, type RawCsvLoad, type RawReject, type Row, type SqlValue } from '@finlake/engine';
import { readCsvQuery, readCsvRecords, readRawCsv } from '@finlake/engine-csv';
import { DatabaseBusyError, EngineError, UsageError } from '@finlake/errors';

/**
 * The default memory_limit. DuckDB's buffer pool stays under it and spills the rest; the process
 * needs about 0.6 GB more (Node, the CSV reader, operator state outside the pool), so 750MB keeps
 * a 10M-row build under 1.5 GB resident (docs/benchmarks.md).
 */
export const DEFAULT_MEMORY_LIMIT = '750MB';

export interface DuckDbOptions {
  /** Database file, or ':memory:'. */
  path: string;
  /** DuckDB memory_limit, e.g. '750MB'. Keeps peak memory bounded on big loads. */
  memoryLimit?: string;
  /** Where DuckDB spills when it reaches the memory limit. */
  tempDirectory?: string;
  threads?: number;
}

/** Turn a DuckDB value into a plain JS value: integers that fit become numbers, everything else exact text. */
function toJs(value: DuckDBValue): SqlValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  return String(value);
}

export class DuckDbEngine implements Engine {
  readonly dialect = duckdbDialect;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  static async create(options: DuckDbOptions): Promise<DuckDbEngine> {
    if (options.path !== ':memory:') checkDatabasePath(options.path);
    let instance: DuckDBInstance;
    try {
      instance = await openInstance(options.path);
    } catch (err) {
      const message = (err as Error).message;
      if (/not a valid DuckDB database file/i.test(message)) {
        throw new UsageError(`${options.path} is not a DuckDB database file (${statSync(options.path).size === 0 ? 'it is empty' : 'another kind of file'}); nothing was changed. Give --db the warehouse's database file, or a path where none exists yet to start a new warehouse.`);
      }
      if (/lock/i.test(message)) {
        const pid = /PID (\d+)/.exec(message)?.[1];
        throw new DatabaseBusyError(
          `The database ${options.path} is in use by another finlake process${pid ? ` (pid ${pid})` : ''}; nothing was changed. Wait for it to finish and run again.`,
        );
      }
      throw new EngineError(`open database ${options.path}`, message);
    }
    const connection = await instance.connect();
    const engine = new DuckDbEngine(instance, connection);
    // UTC everywhere: timestamps with offsets are stored as UTC and months are UTC months.
    await engine.run(`set TimeZone = 'UTC'`);
    // One checkpoint after publish instead of automatic ones in the middle of a build.
    await engine.run(`set checkpoint_threshold = '1GB'`);
    // The pipeline writes whole tables whose row order means nothing (staging rows carry their
    // record number). Without order to keep, DuckDB writes each thread's row groups straight to the
    // file: at 10M rows the checkpoint after publish fell from 7.4 s to 0.2 s and peak memory by
    // 0.17 GB. Reading a file turns it back on for the scan: record numbers need the order.
    await engine.run('set preserve_insertion_order = false');
    if (options.memoryLimit) await engine.run(`set memory_limit = ${quoteString(options.memoryLimit)}`);
    if (options.tempDirectory) await engine.run(`set temp_directory = ${quoteString(options.tempDirectory)}`);
    if (options.threads) await engine.run(`set threads = ${Math.max(1, Math.floor(options.threads))}`);
    return engine;
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<void> {
    const started = performance.now();
    try {
      if (params.length === 0) await this.connection.run(sql);
      else await this.connection.run(sql, params as DuckDBValue[]);
    } catch (err) {
      throw new EngineError(`run SQL (${sqlSummary(sql)})`, (err as Error).message);
    } finally {
      traceSql(sql, started);
    }
  }

  async query<T extends Row = Row>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    const started = performance.now();
    try {
      const reader = await this.connection.runAndReadAll(sql, params as DuckDBValue[]);
      const columns = reader.columnNames();
      return reader.getRows().map((values) => {
        const row: Row = {};
        columns.forEach((name, i) => (row[name] = toJs(values[i])));
        return row as T;
      });
    } catch (err) {
      throw new EngineError(`run query (${sqlSummary(sql)})`, (err as Error).message);
    } finally {
      traceSql(sql, started);
    }
  }

  /** The strict CSV reader (libs/engine-csv), on this database. */
  loadRawCsv(path: string, table: string, columnCount: number): Promise<RawCsvLoad> {
    return readRawCsv(this, path, table, columnCount);
  }

  loadCsvQuery(path: string, table: string, columnCount: number, query: (source: string) => string): Promise<CsvQueryLoad> {
    return readCsvQuery(this, path, table, columnCount, query);
  }

  readCsvRecords(path: string, table: string, columnCount: number, recsTable: string, rejects: readonly RawReject[]): Promise<void> {
    return readCsvRecords(this, path, table, columnCount, recsTable, rejects);
  }

  /** DuckDB already allows one writing process per database file (checked when it opens). */
  async lock(_name: string): Promise<void> {}

  /** A run holds the database file: while it runs, no other process gets this far. */
  async isLocked(_name: string): Promise<boolean> {
    return false;
  }

  begin(): Promise<void> {
    return this.run('begin transaction');
  }
  commit(): Promise<void> {
    return this.run('commit');
  }
  rollback(): Promise<void> {
    return this.run('rollback');
  }
  checkpoint(): Promise<void> {
    return this.run('checkpoint');
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/** A usable place for the database file: its folder is created; a folder or a file in the way is a usage error, not a stack trace. */
function checkDatabasePath(path: string): void {
  try {
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`${path} is a directory, not a DuckDB database file: give --db the warehouse's file (e.g. ${join(path, 'finlake.duckdb')}).`);
    mkdirSync(dirname(path), { recursive: true });
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`Cannot create the folder of the database ${path}: ${code === 'EEXIST' || code === 'ENOTDIR' ? 'a file is in the way' : (err as Error).message}.`);
  }
}

/**
 * Open the database file. A process that opens a new file while another is still writing its
 * header sees "not a valid DuckDB database file"; a moment later the other holds the file lock
 * and the open fails as busy, which is what it is. A file still invalid after a second is.
 */
async function openInstance(path: string): Promise<DuckDBInstance> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await DuckDBInstance.create(path);
    } catch (err) {
      if (attempt >= 20 || !/not a valid DuckDB database file/i.test((err as Error).message)) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** FINLAKE_TRACE_SQL=1 prints every statement's duration to stderr (for profiling). */
function traceSql(sql: string, started: number): void {
  if (process.env.FINLAKE_TRACE_SQL) process.stderr.write(`[sql ${(performance.now() - started).toFixed(0).padStart(6)} ms] ${sql.replace(/\s+/g, ' ').slice(0, 160)}\n`);
}
