/** What the strategies share: table names, scratch tables, typed violations, date arithmetic. */
import { quoteIdent, quoteString, type Engine, type Row } from '@finlake/engine';
import { DataRejectedError } from '@finlake/errors';

/** A table by schema and name (the strategies create some and look others up in information_schema). */
export interface TableName {
  readonly schema: string;
  readonly table: string;
}

// Schema names are the pipeline's own constants, written bare as elsewhere in the pipeline.
export const qualified = (t: TableName) => `${t.schema}.${quoteIdent(t.table)}`;

/** The temporary table a strategy keeps the rows of a model's SQL in while it builds the model. */
export { strategyScratch as scratchTable } from '../temp-names';

/** Keep `select` in the temporary table `table` while `use` runs; drop it afterwards, also on failure. */
export async function withScratch<T>(engine: Engine, table: string, select: string, use: () => Promise<T>): Promise<T> {
  await engine.run(`drop table if exists ${table}`);
  await engine.run(`create temp table ${table} as ${select}`);
  try {
    return await use();
  } finally {
    await engine.run(`drop table if exists ${table}`);
  }
}

export async function tableExists(engine: Engine, t: TableName): Promise<boolean> {
  const rows = await engine.query(`select 1 as found from information_schema.tables where table_schema = ? and table_name = ?`, [t.schema, t.table]);
  return rows.length > 0;
}

/** The table's columns in order (to copy rows by name between tables of the same model). */
export async function tableColumns(engine: Engine, t: TableName): Promise<string[]> {
  const rows = await engine.query<{ column_name: string }>(
    `select column_name from information_schema.columns where table_schema = ? and table_name = ? order by ordinal_position`,
    [t.schema, t.table],
  );
  return rows.map((r) => r.column_name);
}

/** Column list, optionally qualified by an alias. */
export const columnList = (names: readonly string[], alias?: string) => names.map((c) => (alias ? `${alias}.${quoteIdent(c)}` : quoteIdent(c))).join(', ');

/** The stable codes of a strategy's refusals (part of the public interface: add, never rename). */
export const StrategyCodes = {
  SCD_NULL_KEY: 'A snapshot row has no natural key or no effective date.',
  SCD_DUPLICATE_VERSION: 'The snapshot holds two different rows for one key and effective date.',
  SCD_OUT_OF_ORDER: 'A change is dated before the key’s current version (incremental mode).',
  SCD_INTERVALS: 'A key’s versions are not contiguous, overlap, or do not have exactly one current version.',
  CUMULATIVE_NULL_KEY: 'A delta row has no key or no date.',
  CUMULATIVE_DUPLICATE_DELTA: 'The delta holds more than one row for a key and day.',
  CUMULATIVE_MISSING_PREVIOUS: 'The partition of the previous day does not exist (and the day is not the start).',
  CUMULATIVE_BEFORE_START: 'The day is before the table’s start date.',
  CUMULATIVE_LATER_PARTITIONS: 'Later partitions exist; they would be stale (the rerun policy refuses).',
  CUMULATIVE_GAP: 'The table is missing a partition between its first and last day.',
  CUMULATIVE_BAD_THROUGH: 'The table’s `through` expression does not give an ISO date.',
  SNAPSHOT_NULL_KEY: 'A snapshot row has no key or no snapshot date.',
  SNAPSHOT_DUPLICATE_KEY: 'A key appears more than once on one snapshot date.',
  BRIDGE_NULL_KEY: 'A bridge row has no group or no member.',
  BRIDGE_DUPLICATE_MEMBER: 'A member appears more than once in a group.',
  BRIDGE_WEIGHT_SUM: 'A group’s weights do not add up to exactly 1 (or one is missing).',
  BRIDGE_WEIGHT_RANGE: 'A weight is not in (0, 1].',
  BRIDGE_PRIMARY: 'A group does not have exactly one primary member.',
} as const;
export type StrategyCode = keyof typeof StrategyCodes;

/** A rule a strategy's input or table must keep: SQL returning the rows that break it. */
export interface Violation {
  readonly code: StrategyCode;
  /** What is wrong and how to fix it, for the error message. */
  readonly message: string;
  readonly rows: string;
}

/** A check in the shape of the quality gate's: one row with `violations`. */
export interface StrategyCheck {
  check: string;
  table: string;
  blocking: boolean;
  sql: string;
}

export const asCheck = (table: string, v: Violation): StrategyCheck => ({ check: v.code, table, blocking: true, sql: `select count(*) as violations from (${v.rows}) as v` });

/** A strategy refused its input or found a broken rule: nothing was published. */
export class StrategyError extends DataRejectedError {
  constructor(
    /** The first code; `codes` lists every one. */
    readonly code: StrategyCode,
    readonly codes: readonly StrategyCode[],
    message: string,
  ) {
    super(message);
  }
}

export function strategyError(code: StrategyCode, message: string): StrategyError {
  return new StrategyError(code, [code], `${code}: ${message}`);
}

const SAMPLE = 3;
const describeRow = (row: Row) =>
  Object.entries(row)
    .map(([k, v]) => `${k}=${v === null ? 'NULL' : String(v)}`)
    .join(' ');

/**
 * The query counting a rule's violations; it names the rule's code, so a recording of the build
 * (the Redshift procedures) can raise the same code.
 */
export const violationCountSql = (v: Violation) => `select count(*) as n, ${quoteString(v.code)} as code from (${v.rows}) as v`;

/** Run every check and throw once, listing each broken rule with its count and a few rows. */
export async function assertNone(engine: Engine, model: string, violations: readonly Violation[]): Promise<void> {
  const broken: { v: Violation; count: number; sample: Row[] }[] = [];
  for (const v of violations) {
    const [counted] = await engine.query<{ n: number }>(violationCountSql(v));
    const count = Number(counted?.n ?? 0);
    if (count > 0) broken.push({ v, count, sample: await engine.query(`select * from (${v.rows}) as v limit ${SAMPLE}`) });
  }
  if (broken.length === 0) return;
  const lines = broken.map(({ v, count, sample }) => `${v.code}: ${count} × ${v.message} (e.g. ${sample.map(describeRow).join('; ')})`);
  throw new StrategyError(broken[0]!.v.code, broken.map((b) => b.v.code), `${model}: nothing was built.\n${lines.map((l) => `  - ${l}`).join('\n')}`);
}

/** A DATE literal (ISO text in, portable SQL out). */
export const dateLiteral = (iso: string) => `cast(${quoteString(iso)} as date)`;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The ISO date `days` after `iso` (UTC calendar arithmetic). */
export function addDays(iso: string, days: number): string {
  if (!ISO_DATE.test(iso)) throw new Error(`Not an ISO date: ${iso}`);
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A date as the engines return it (DATE as text), or undefined for NULL. */
export function isoDate(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  const text = String(value).slice(0, 10);
  if (!ISO_DATE.test(text)) throw new Error(`Expected a date, got ${String(value)}`);
  return text;
}

export { DAY_OFFSETS_CTE } from '@finlake/engine';
