import { quoteIdent, quoteString, type CsvQueryLoad, type Engine, type RawCsvLoad, type RawReject } from '@finlake/engine';
import { MAX_SHIFT_ARMS, recFromOrdinal, rejectShifts, type RejectShift } from './record-numbers';

/**
 * The strict CSV reader, in DuckDB SQL: both engines split raw files with it (DuckDB on its own
 * database, PostgreSQL on a scratch in-memory DuckDB, see splitCsvFile), so records, record
 * numbers and rejects are identical everywhere. `db` is any connection that runs DuckDB SQL.
 */
export type DuckDbSql = Pick<Engine, 'run' | 'query'>;

const REJECT_KIND: Record<string, RawReject['kind']> = {
  'MISSING COLUMNS': 'too_few_fields',
  'TOO MANY COLUMNS': 'too_many_fields',
  'INVALID ENCODING': 'invalid_encoding',
  'INVALID UNICODE': 'invalid_encoding',
};

/**
 * Strict, explicit reading (no sniffing, no null padding, no ignore_errors): records that do not
 * split into the header's fields are skipped by the reader and listed in the rejects table.
 */
export function strictCsvScan(path: string, columnCount: number, rejects: string, scan: string): string {
  const columns = Array.from({ length: columnCount }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ');
  return `read_csv(${quoteString(path)}, auto_detect = false, header = false, skip = 1, delim = ',', quote = '"', escape = '"',
      columns = {${columns}}, store_rejects = true, rejects_table = ${quoteString(rejects)}, rejects_scan = ${quoteString(scan)},
      max_line_size = 4194304)`;
}

/** Read `query(scan)` (a query over the strict scan of `path`) into the temp table `table`, returning the records the reader rejected. */
export async function scanCsvInto(db: DuckDbSql, path: string, table: string, columnCount: number, query: (scan: string) => string): Promise<RawReject[]> {
  const rejects = `${table}__rejects`;
  const scan = `${table}__scan`;
  const drop = `drop table if exists ${quoteIdent(rejects)}; drop table if exists ${quoteIdent(scan)}`;
  // Record numbers rest on the scan's order being kept.
  await db.run(`set preserve_insertion_order = true; drop table if exists ${quoteIdent(table)}; ${drop}`);
  try {
    await db.run(`create temp table ${quoteIdent(table)} as ${query(strictCsvScan(path, columnCount, rejects, scan))}`);
  } finally {
    await db.run('set preserve_insertion_order = false');
  }
  const rows = await db.query<{ line: number; error_type: string; csv_line: string | null }>(
    `select line, min(error_type) as error_type, min(csv_line) as csv_line from ${quoteIdent(rejects)} group by line order by line`,
  );
  await db.run(drop);
  return rows.map((r) => ({
    line: Number(r.line),
    kind: r.error_type === 'UNQUOTED VALUE' ? (r.csv_line?.includes('\n') ? 'unterminated_quote' : 'malformed') : (REJECT_KIND[r.error_type] ?? 'malformed'),
    rawText: r.csv_line ?? '',
  }));
}

/** Add column `name` = record number, from the 0-based ordinal column and the reject shifts. */
async function storeRec(db: DuckDbSql, table: string, ordinal: string, shifts: readonly RejectShift[], name: string): Promise<void> {
  const t = quoteIdent(table);
  // The rowid is not a column; any other ordinal column is dropped once used.
  const rest = ordinal === 'rowid' ? '*' : `* exclude (${ordinal})`;
  if (shifts.length <= MAX_SHIFT_ARMS) {
    await db.run(`create or replace temp table ${t} as select ${recFromOrdinal(ordinal, shifts)} as ${quoteIdent(name)}, ${rest} from ${t}`);
    return;
  }
  const s = quoteIdent(`${table}__shift`);
  await db.run(
    `create or replace temp table ${s} as select * from (values ${shifts.map((x) => `(${x.from}, ${x.shift})`).join(', ')}) as v(first, shift);
     create or replace temp table ${t} as
       select r.${ordinal} + 2 + coalesce(s.shift, 0) as ${quoteIdent(name)}, r.${rest}
       from ${t} as r asof left join ${s} as s on r.${ordinal} >= s.first;
     drop table ${s}`,
  );
}

/** Engine.loadRawCsv on DuckDB SQL: every field as text in c0..c{n-1}, `rec` = record number. */
export async function readRawCsv(db: DuckDbSql, path: string, table: string, columnCount: number): Promise<RawCsvLoad> {
  // row_number() over () follows file order (it makes the scan single-threaded: readCsvQuery avoids it).
  const rejects = await scanCsvInto(db, path, table, columnCount, (scan) => `select row_number() over () - 1 as k, * from ${scan}`);
  await storeRec(db, table, 'k', rejectShifts(rejects), 'rec');
  const [count] = await db.query<{ n: number }>(`select count(*) as n from ${quoteIdent(table)}`);
  return { rows: Number(count?.n ?? 0), rejects };
}

/**
 * Engine.loadCsvQuery on DuckDB SQL. The table keeps the scan's order (a projection of one scan
 * does, with preserve_insertion_order on), so a row's rowid is its ordinal among the records
 * read: no window function, and the scan stays parallel.
 */
export async function readCsvQuery(db: DuckDbSql, path: string, table: string, columnCount: number, query: (source: string) => string): Promise<CsvQueryLoad> {
  const rejects = await scanCsvInto(db, path, table, columnCount, query);
  const shifts = rejectShifts(rejects);
  const [count] = await db.query<{ n: number }>(`select count(*) as n from ${quoteIdent(table)}`);
  const rows = Number(count?.n ?? 0);
  if (shifts.length <= MAX_SHIFT_ARMS) {
    return { rows, rejects, rec: (alias) => recFromOrdinal(alias ? `${alias}.rowid` : 'rowid', shifts) };
  }
  // Many rejects: store the record number once rather than carry a long CASE into every query.
  await storeRec(db, table, 'rowid', shifts, '__rec');
  return { rows, rejects, rec: (alias) => (alias ? `${alias}."__rec"` : '"__rec"') };
}

/** Engine.readCsvRecords on DuckDB SQL: the records numbered in `recsTable`, read again. */
export async function readCsvRecords(db: DuckDbSql, path: string, table: string, columnCount: number, recsTable: string, rejects: readonly RawReject[]): Promise<void> {
  // rec → ordinal: the inverse of recFromOrdinal, on the few records asked for.
  const wanted = `(select rec, rec - 2 - (${rejects.length === 0 ? '0' : `select count(*) from (values ${rejects.map((r) => `(${r.line})`).join(', ')}) as j(line) where j.line < w.rec`}) as k from ${quoteIdent(recsTable)} as w)`;
  await scanCsvInto(
    db,
    path,
    table,
    columnCount,
    (scan) => `select w.rec, s.* exclude (k) from (select row_number() over () - 1 as k, * from ${scan}) as s join ${wanted} as w on w.k = s.k`,
  );
}
