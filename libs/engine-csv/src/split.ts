import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { quoteString, sqlSummary, type RawCsvLoad, type Row, type SqlValue } from '@finlake/engine';
import { EngineError } from '@finlake/errors';
import { readRawCsv, type DuckDbSql } from './strict-csv';

/** A scratch DuckDB connection as DuckDbSql: integers that fit become numbers, other values text. */
function scratchSql(connection: DuckDBConnection): DuckDbSql {
  const toJs = (value: DuckDBValue): SqlValue => {
    if (value === null || value === undefined) return null;
    if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
    if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
    return String(value);
  };
  return {
    async run(sql) {
      try {
        await connection.run(sql);
      } catch (err) {
        throw new EngineError(`split CSV (${sqlSummary(sql)})`, (err as Error).message);
      }
    },
    async query<T extends Row = Row>(sql: string): Promise<T[]> {
      try {
        const reader = await connection.runAndReadAll(sql);
        const columns = reader.columnNames();
        return reader.getRows().map((values) => Object.fromEntries(columns.map((name, i) => [name, toJs(values[i]!)])) as T);
      } catch (err) {
        throw new EngineError(`split CSV (${sqlSummary(sql)})`, (err as Error).message);
      }
    },
  };
}

/**
 * Split the headered CSV at `path` with the strict reader (on a scratch in-memory DuckDB) and write
 * its good records to `out` as plain CSV without header: `rec, c0..c{n-1}` in file order, ready
 * for another engine's bulk load (PostgreSQL's COPY). Returns the count and the rejects.
 */
export async function splitCsvFile(path: string, columnCount: number, out: string): Promise<RawCsvLoad> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const db = scratchSql(connection);
    const loaded = await readRawCsv(db, path, 'raw', columnCount);
    const columns = Array.from({ length: columnCount }, (_, i) => `c${i}`);
    await db.run(`copy (select rec, ${columns.join(', ')} from raw order by rec) to ${quoteString(out)} (format csv, header false)`);
    return loaded;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
