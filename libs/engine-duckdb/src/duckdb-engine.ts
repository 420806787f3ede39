import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { duckdbDialect, quoteIdent, quoteString, sqlSummary, type Engine, type RawCsvLoad, type RawReject, type Row, type SqlValue } from '@finlake/engine';
import { DatabaseBusyError, EngineError } from '@finlake/errors';

export interface DuckDbOptions {
  /** Database file, or ':memory:'. */
  path: string;
  /** DuckDB memory_limit, e.g. '1500MB'. Keeps peak memory bounded on big loads. */
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
      instance = await DuckDBInstance.create(options.path);
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

  async loadRawCsv(path: string, table: string, columnCount: number): Promise<RawCsvLoad> {
    const columns = Array.from({ length: columnCount }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ');
    const rejects = `${table}__rejects`;
    const scan = `${table}__scan`;
    // Strict, explicit reading (no sniffing, no null padding, no ignore_errors): records that do not
    // split into the header's fields are skipped by the reader and listed in the rejects table.
    const scanSql = `read_csv(${quoteString(path)}, auto_detect = false, header = false, skip = 1, delim = ',', quote = '"', escape = '"',
      columns = {${columns}}, store_rejects = true, rejects_table = ${quoteString(rejects)}, rejects_scan = ${quoteString(scan)},
      max_line_size = 4194304)`;
    const t = quoteIdent(table);
    await this.run(`drop table if exists ${t}; drop table if exists ${quoteIdent(rejects)}; drop table if exists ${quoteIdent(scan)}`);
    // row_number() over () follows file order; good record idx is record number idx + 1 when no record was rejected.
    await this.run(`create temp table ${t} as select row_number() over () as idx, * from ${scanSql}`);
    const rejectRows = await this.query<{ line: number; error_type: string; csv_line: string | null }>(
      `select line, min(error_type) as error_type, min(csv_line) as csv_line from ${quoteIdent(rejects)} group by line order by line`,
    );
    const rejectList: RawReject[] = rejectRows.map((r) => ({
      line: Number(r.line),
      kind: r.error_type === 'UNQUOTED VALUE' ? (r.csv_line?.includes('\n') ? 'unterminated_quote' : 'malformed') : (REJECT_KIND[r.error_type] ?? 'malformed'),
      rawText: r.csv_line ?? '',
    }));
    if (rejectList.length === 0) {
      await this.run(`alter table ${t} rename column idx to rec; update ${t} set rec = rec + 1`);
    } else {
      // Good records before reject j (0-based) = line_j - 2 - j; shift each good record by the rejects before it.
      // Consecutive rejects share a good_before: keep the largest shift for each.
      const shiftByGoodBefore = new Map<number, number>();
      rejectList.forEach((r, j) => shiftByGoodBefore.set(r.line - 2 - j, j + 1));
      const shifts = [...shiftByGoodBefore].map(([goodBefore, shift]) => `(${goodBefore}, ${shift})`).join(', ');
      await this.run(
        `create temp table ${quoteIdent(`${table}__shift`)} as select * from (values ${shifts}) as s(good_before, shift);
         create or replace temp table ${t} as
           select r.* exclude (idx), r.idx + 1 + coalesce(s.shift, 0) as rec
           from ${t} r asof left join ${quoteIdent(`${table}__shift`)} s on r.idx > s.good_before;
         drop table ${quoteIdent(`${table}__shift`)}`,
      );
    }
    const count = await this.query<{ n: number }>(`select count(*) as n from ${t}`);
    await this.run(`drop table if exists ${quoteIdent(rejects)}; drop table if exists ${quoteIdent(scan)}`);
    return { rows: Number(count[0]?.n ?? 0), rejects: rejectList };
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

/** FINLAKE_TRACE_SQL=1 prints every statement's duration to stderr (for profiling). */
function traceSql(sql: string, started: number): void {
  if (process.env.FINLAKE_TRACE_SQL) process.stderr.write(`[sql ${(performance.now() - started).toFixed(0).padStart(6)} ms] ${sql.replace(/\s+/g, ' ').slice(0, 160)}\n`);
}

