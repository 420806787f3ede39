import type { Dialect } from './dialect';

export type Row = Record<string, SqlValue>;
/** Values as they reach JavaScript: integers that fit are numbers; DECIMAL, DATE and TIMESTAMP are strings. */
export type SqlValue = string | number | boolean | null;

/** One rejected record of a raw CSV read: the parser could not split it into the header's fields. */
export interface RawReject {
  /** Record number in the file; the header is record 1. */
  line: number;
  kind: 'too_few_fields' | 'too_many_fields' | 'invalid_encoding' | 'unterminated_quote' | 'malformed';
  rawText: string;
}

export interface RawCsvLoad {
  /** Records read into the table (good records only). */
  rows: number;
  rejects: RawReject[];
}

export interface CsvQueryLoad extends RawCsvLoad {
  /** SQL for the record number (header = 1) of a row of the table, qualified by `alias` when given. */
  rec(alias?: string): string;
}

/**
 * A warehouse engine. The pipeline speaks to every engine through this interface; SQL it sends
 * is rendered for `dialect` first.
 */
export interface Engine {
  readonly dialect: Dialect;
  /** Run one or more statements without results. */
  run(sql: string, params?: readonly SqlValue[]): Promise<void>;
  /** Run a query and return its rows. */
  query<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /**
   * Read a headered CSV file into `table` (a new temporary table): every field as text in columns
   * c0..c{n-1} and `rec` = record number (header = 1), skipping and returning the records that do
   * not split into exactly `columnCount` fields.
   */
  loadRawCsv(path: string, table: string, columnCount: number): Promise<RawCsvLoad>;
  /**
   * Optional single pass: read the CSV as loadRawCsv does, but store only `query(source)` — a
   * query over `source`, whose fields are c0..c{n-1}, that keeps the source's row order (projections
   * and subqueries only) — in the new temporary table `table`. The raw text is never stored whole.
   */
  loadCsvQuery?(path: string, table: string, columnCount: number, query: (source: string) => string): Promise<CsvQueryLoad>;
  /**
   * Optional, with loadCsvQuery: the fields of the records numbered in `recsTable` (column rec),
   * read again from the file into the new temporary table `table` (rec, c0..c{n-1}). `rejects`
   * are the records the first read skipped.
   */
  readCsvRecords?(path: string, table: string, columnCount: number, recsTable: string, rejects: readonly RawReject[]): Promise<void>;
  /**
   * Hold an exclusive lock named `name` until the engine closes, or fail at once with
   * DatabaseBusyError when another process holds it.
   */
  lock(name: string): Promise<void>;
  /**
   * Whether another session holds lock(`name`) now, where the engine can tell (a run in progress).
   * DuckDB: never — a run holds the database file, so no other process can open it meanwhile.
   */
  isLocked?(name: string): Promise<boolean>;
  begin(): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  /** Make committed work durable in the main database file (no-op where the engine has no such step). */
  checkpoint(): Promise<void>;
  close(): Promise<void>;
}

/** Run fn inside a transaction: commit on success, roll back on any error. */
export async function inTransaction<T>(engine: Engine, fn: () => Promise<T>): Promise<T> {
  await engine.begin();
  try {
    const result = await fn();
    await engine.commit();
    return result;
  } catch (err) {
    await engine.rollback().catch(() => undefined);
    throw err;
  }
}
