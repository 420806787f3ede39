import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { duckdbDialect, quoteIdent, quoteString, sqlSummary, type CsvQueryLoad, type Engine, type RawCsvLoad, type RawReject, type Row, type SqlValue } from '@finlake/engine';
import { DatabaseBusyError, EngineError } from '@finlake/errors';

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

const REJECT_KIND: Record<string, RawReject['kind']> = {
  'MISSING COLUMNS': 'too_few_fields',
  'TOO MANY COLUMNS': 'too_many_fields',
  'INVALID ENCODING': 'invalid_encoding',
  'INVALID UNICODE': 'invalid_encoding',
};

export class DuckDbEngine implements Engine {
  readonly dialect = duckdbDialect;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  static async create(options: DuckDbOptions): Promise<DuckDbEngine> {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    let instance: DuckDBInstance;
    try {
      instance = await openInstance(options.path);
    } catch (err) {
      const message = (err as Error).message;
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

  /**
   * Strict, explicit reading (no sniffing, no null padding, no ignore_errors): records that do not
   * split into the header's fields are skipped by the reader and listed in the rejects table.
   */
  private csvScan(path: string, columnCount: number, rejects: string, scan: string): string {
    const columns = Array.from({ length: columnCount }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ');
    return `read_csv(${quoteString(path)}, auto_detect = false, header = false, skip = 1, delim = ',', quote = '"', escape = '"',
      columns = {${columns}}, store_rejects = true, rejects_table = ${quoteString(rejects)}, rejects_scan = ${quoteString(scan)},
      max_line_size = 4194304)`;
  }

  /** Read `source` (a query over the scan) into `table`, returning the records the reader rejected. */
  private async scanInto(path: string, table: string, columnCount: number, query: (scan: string) => string): Promise<RawReject[]> {
    const rejects = `${table}__rejects`;
    const scan = `${table}__scan`;
    const drop = `drop table if exists ${quoteIdent(rejects)}; drop table if exists ${quoteIdent(scan)}`;
    // Record numbers rest on the scan's order being kept.
    await this.run(`set preserve_insertion_order = true; drop table if exists ${quoteIdent(table)}; ${drop}`);
    try {
      await this.run(`create temp table ${quoteIdent(table)} as ${query(this.csvScan(path, columnCount, rejects, scan))}`);
    } finally {
      await this.run('set preserve_insertion_order = false');
    }
    const rows = await this.query<{ line: number; error_type: string; csv_line: string | null }>(
      `select line, min(error_type) as error_type, min(csv_line) as csv_line from ${quoteIdent(rejects)} group by line order by line`,
    );
    await this.run(drop);
    return rows.map((r) => ({
      line: Number(r.line),
      kind: r.error_type === 'UNQUOTED VALUE' ? (r.csv_line?.includes('\n') ? 'unterminated_quote' : 'malformed') : (REJECT_KIND[r.error_type] ?? 'malformed'),
      rawText: r.csv_line ?? '',
    }));
  }

  async loadRawCsv(path: string, table: string, columnCount: number): Promise<RawCsvLoad> {
    const t = quoteIdent(table);
    // row_number() over () follows file order (it makes the scan single-threaded: loadCsvQuery avoids it).
    const rejects = await this.scanInto(path, table, columnCount, (scan) => `select row_number() over () - 1 as k, * from ${scan}`);
    await this.storeRec(table, 'k', rejectShifts(rejects), 'rec');
    const [count] = await this.query<{ n: number }>(`select count(*) as n from ${t}`);
    return { rows: Number(count?.n ?? 0), rejects };
  }

  /**
   * The table keeps the scan's order (a projection of one scan does, with preserve_insertion_order
   * on, the default), so a row's rowid is its ordinal among the records read: no window function,
   * and the scan stays parallel.
   */
  async loadCsvQuery(path: string, table: string, columnCount: number, query: (source: string) => string): Promise<CsvQueryLoad> {
    const t = quoteIdent(table);
    const rejects = await this.scanInto(path, table, columnCount, query);
    const shifts = rejectShifts(rejects);
    const [count] = await this.query<{ n: number }>(`select count(*) as n from ${t}`);
    const rows = Number(count?.n ?? 0);
    if (shifts.length <= MAX_SHIFT_ARMS) {
      return { rows, rejects, rec: (alias) => recFromOrdinal(alias ? `${alias}.rowid` : 'rowid', shifts) };
    }
    // Many rejects: store the record number once rather than carry a long CASE into every query.
    await this.storeRec(table, 'rowid', shifts, '__rec');
    return { rows, rejects, rec: (alias) => (alias ? `${alias}."__rec"` : '"__rec"') };
  }

  /** Add column `name` = record number, from the 0-based ordinal column and the reject shifts. */
  private async storeRec(table: string, ordinal: string, shifts: readonly { from: number; shift: number }[], name: string): Promise<void> {
    const t = quoteIdent(table);
    // The rowid is not a column; any other ordinal column is dropped once used.
    const rest = ordinal === 'rowid' ? '*' : `* exclude (${ordinal})`;
    if (shifts.length <= MAX_SHIFT_ARMS) {
      await this.run(`create or replace temp table ${t} as select ${recFromOrdinal(ordinal, shifts)} as ${quoteIdent(name)}, ${rest} from ${t}`);
      return;
    }
    const s = quoteIdent(`${table}__shift`);
    await this.run(
      `create or replace temp table ${s} as select * from (values ${shifts.map((x) => `(${x.from}, ${x.shift})`).join(', ')}) as v(first, shift);
       create or replace temp table ${t} as
         select r.${ordinal} + 2 + coalesce(s.shift, 0) as ${quoteIdent(name)}, r.${rest}
         from ${t} as r asof left join ${s} as s on r.${ordinal} >= s.first;
       drop table ${s}`,
    );
  }

  async readCsvRecords(path: string, table: string, columnCount: number, recsTable: string, rejects: readonly RawReject[]): Promise<void> {
    // rec → ordinal: the inverse of recFromOrdinal, on the few records asked for.
    const wanted = `(select rec, rec - 2 - (${rejects.length === 0 ? '0' : `select count(*) from (values ${rejects.map((r) => `(${r.line})`).join(', ')}) as j(line) where j.line < w.rec`}) as k from ${quoteIdent(recsTable)} as w)`;
    await this.scanInto(
      path,
      table,
      columnCount,
      (scan) => `select w.rec, s.* exclude (k) from (select row_number() over () - 1 as k, * from ${scan}) as s join ${wanted} as w on w.k = s.k`,
    );
  }

  /** DuckDB already allows one writing process per database file (checked when it opens). */
  async lock(_name: string): Promise<void> {}

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

/** A CASE of more arms than this is replaced by a stored record number. */
const MAX_SHIFT_ARMS = 64;

/**
 * Where the record numbers of the records read jump over rejected records: from ordinal
 * `from` (0-based, among records read) on, `shift` records were rejected before. Sorted by `from`.
 */
export function rejectShifts(rejects: readonly RawReject[]): { from: number; shift: number }[] {
  const byFrom = new Map<number, number>();
  // Records read before reject j (0-based) = line_j - 2 - j; consecutive rejects share one: keep the last.
  [...rejects].sort((a, b) => a.line - b.line).forEach((r, j) => byFrom.set(r.line - 2 - j, j + 1));
  return [...byFrom].map(([from, shift]) => ({ from, shift }));
}

function shiftCase(ordinal: string, shifts: readonly { from: number; shift: number }[]): string {
  const arms = [...shifts].reverse().map((s) => `when ${ordinal} >= ${s.from} then ${s.shift}`);
  return `case ${arms.join(' ')} else 0 end`;
}

/** The record number (header = 1) of the record read at 0-based `ordinal`. */
export function recFromOrdinal(ordinal: string, shifts: readonly { from: number; shift: number }[]): string {
  return shifts.length === 0 ? `(${ordinal} + 2)` : `(${ordinal} + 2 + ${shiftCase(ordinal, shifts)})`;
}
