import { quoteIdent, renderSql, type Engine, type Row } from '@finlake/engine';
import { ASIDE } from './temp-names';
import { inWarehouse, META, productSchemas } from './schema';

/** Read-side queries for the CLI: they never change the database. */

export async function hasSchema(engine: Engine): Promise<boolean> {
  const rows = await engine.query(`select 1 from information_schema.tables where table_schema = ? and table_name = 'ledger'`, [META]);
  return rows.length > 0;
}

/**
 * A stored UTC timestamp as ISO-8601 with its zone (`2024-01-05T10:00:00.123Z`): the one time
 * format of every command's output. The engines give the text `2024-01-05 10:00:00.123`.
 */
export function isoUtc(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const [day, time = '00:00:00'] = String(value).split(' ');
  return `${day}T${time.includes('.') ? time : `${time}.000`}Z`.replace(/\.(\d{1,3})\d*Z$/, (_m, ms: string) => `.${ms.padEnd(3, '0')}Z`);
}
const withIsoTimes = (rows: Row[], columns: readonly string[]): Row[] => rows.map((r) => ({ ...r, ...Object.fromEntries(columns.map((c) => [c, isoUtc(r[c])])) }));

export async function ledger(engine: Engine, limit = 50): Promise<Row[]> {
  if (!(await hasSchema(engine))) return [];
  const rows = await engine.query(
    `select ledger_id, run_id, entity, file_name, status, reason_code, rows_read, rows_loaded, rows_quarantined,
            batch_id, duplicate_of_file, message, cast(started_at as varchar) as started_at, duration_ms
     from ${META}.ledger order by ledger_id desc limit ?`,
    [limit],
  );
  return withIsoTimes(rows, ['started_at']);
}

/**
 * The latest runs. A run still marked running whose product's run lock nobody holds was killed
 * before it could record its outcome: it shows as `interrupted` (nothing of it was published).
 */
export async function runs(engine: Engine, limit = 20): Promise<Row[]> {
  if (!(await hasSchema(engine))) return [];
  const rows = withIsoTimes(await engine.query(`select run_id, product, status, cast(started_at as varchar) as started_at, cast(finished_at as varchar) as finished_at, message from ${META}.runs order by started_at desc limit ?`, [limit]), ['started_at', 'finished_at']);
  for (const row of rows) {
    if (row.status === 'running' && engine.isLocked && !(await engine.isLocked(String(row.product)))) row.status = 'interrupted';
  }
  return rows;
}

export interface QuarantineFilter {
  batch?: string;
  reason?: string;
  file?: string;
  limit?: number;
}

function quarantineWhere(filter: QuarantineFilter): { where: string; params: (string | number)[] } {
  const clauses: string[] = [];
  const params: (string | number)[] = [];
  if (filter.batch) {
    clauses.push('starts_with(batch_id, ?)');
    params.push(filter.batch);
  }
  if (filter.reason) {
    clauses.push('reason_code = ?');
    params.push(filter.reason.toUpperCase());
  }
  if (filter.file) {
    clauses.push('file_name = ?');
    params.push(filter.file);
  }
  return { where: clauses.length ? `where ${clauses.join(' and ')}` : '', params };
}

/**
 * Quarantined rows per batch (a file sent twice is two batches) and reason, with what became of
 * the batch (its latest ledger row that is not a skip: published, blocked, rejected). `rows` counts lines, `issues`
 * the problems found on them (a line can break several columns), `columns` names those columns.
 */
export async function quarantineSummary(engine: Engine, filter: QuarantineFilter = {}): Promise<Row[]> {
  if (!(await hasSchema(engine))) return [];
  const { where, params } = quarantineWhere(filter);
  const sql = renderSql(
    `select q.batch_id, q.file_name, coalesce(case l.status when 'loaded' then 'published' else l.status end, 'unrecorded') as status,
            q.reason_code, count(distinct q.line_number) as rows, count(*) as issues, {{ text_list(q.column_name) }} as columns
     from (select * from ${META}.quarantine ${where}) as q
     left join (select batch_id, status, row_number() over (partition by batch_id order by case when status = 'skipped' then 1 else 0 end, ledger_id desc) as latest from ${META}.ledger) as l on l.batch_id = q.batch_id and l.latest = 1
     group by q.batch_id, q.file_name, l.status, q.reason_code
     order by q.file_name, q.batch_id, rows desc, q.reason_code`,
    engine.dialect,
    () => {
      throw new Error('The quarantine summary reads no models');
    },
  );
  return engine.query(sql, params);
}

export async function quarantineRows(engine: Engine, filter: QuarantineFilter = {}): Promise<Row[]> {
  if (!(await hasSchema(engine))) return [];
  const { where, params } = quarantineWhere(filter);
  const limit = filter.limit ? ` limit ${Math.max(1, Math.floor(filter.limit))}` : '';
  return engine.query(
    `select file_name, line_number, column_name, reason_code, raw_value, raw_record, batch_id from ${META}.quarantine ${where} order by file_name, line_number, column_name${limit}`,
    params,
  );
}

/** The product's published tables, without any a run built aside (`__new`) and did not publish. */
export async function publishedTables(engine: Engine, product: string): Promise<string[]> {
  const rows = await engine.query<{ table_name: string }>(`select table_name from information_schema.tables where table_schema = ? order by table_name`, [productSchemas(product).warehouse]);
  return rows.map((r) => r.table_name).filter((name) => !name.endsWith(ASIDE));
}

/** A product's published table, ordered by its grain (first columns). */
export async function readTable(engine: Engine, product: string, table: string, orderBy: string[], limit?: number): Promise<Row[]> {
  const order = orderBy.map(quoteIdent).join(', ');
  return engine.query(`select * from ${inWarehouse(product, table)}${order ? ` order by ${order}` : ''}${limit ? ` limit ${Math.floor(limit)}` : ''}`);
}
