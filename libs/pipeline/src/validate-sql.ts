import type { ColumnContract, EntityContract } from '@finlake/contracts';
import { quoteIdent, quoteString, type ValidationFunctions } from '@finlake/engine';
import { sqlType } from '@finlake/models';

/**
 * SQL that checks raw text fields against the contract, in bulk inside the engine. Each column
 * yields a reason-code expression (NULL when the value is fine) and a typed-value expression.
 * The first failing check of a column wins, so every column reports at most one reason.
 */
export interface DateBounds {
  earliest: string;
  latest: string;
}

const NULL_MARKERS = ['', 'NULL', 'N/A', 'NA', 'NONE', 'NIL', '-', '#N/A'];
const ID_PATTERN = '[A-Za-z0-9_.:-]+';
const INTEGER_PATTERN = '[+-]?[0-9]+';
const DECIMAL_PATTERN = '[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)';
const DATE_PATTERN = '[0-9]{4}-[0-9]{2}-[0-9]{2}';
const TIMESTAMP_PATTERN = `${DATE_PATTERN}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?)?(Z|z|[+-][0-9]{2}(:?[0-9]{2})?)?`;

/** reason-code CASE arms (without CASE/END) for a trimmed, non-null value `v`, and the typed value. */
function typeChecks(col: ColumnContract, v: string, bounds: DateBounds, fn: ValidationFunctions): { arms: string[]; typed: string } {
  const t = col.type;
  const { matches, inList, tryCast } = fn;
  switch (t.kind) {
    case 'id':
      return {
        arms: [`when length(${v}) > ${t.maxLength} then 'FIELD_TOO_LONG'`, `when not ${matches(v, ID_PATTERN)} then 'INVALID_ID'`],
        typed: v,
      };
    case 'text':
      return { arms: [`when length(${v}) > ${t.maxLength} then 'FIELD_TOO_LONG'`], typed: v };
    case 'enum':
      return { arms: [`when not ${inList(v, t.values)} then 'NOT_ACCEPTED'`], typed: v };
    case 'boolean':
      return {
        arms: [`when not ${inList(`lower(${v})`, ['true', 'false', '1', '0'])} then 'INVALID_BOOLEAN'`],
        typed: inList(`lower(${v})`, ['true', '1']),
      };
    case 'integer':
      return {
        arms: [
          `when not ${matches(v, INTEGER_PATTERN)} then 'INVALID_INTEGER'`,
          `when coalesce(${tryCast(v, 'bigint')} not between ${t.min} and ${t.max}, true) then 'OUT_OF_RANGE'`,
        ],
        typed: tryCast(v, 'integer'),
      };
    case 'decimal': {
      // Cast to the column's own type: NULL on overflow, and far cheaper than a 38-digit decimal.
      const wide = tryCast(v, sqlType(t));
      const range = [t.min !== undefined ? `${wide} < ${t.min}` : undefined, t.max !== undefined ? `${wide} > ${t.max}` : undefined].filter(Boolean);
      return {
        arms: [
          `when not ${matches(v, DECIMAL_PATTERN)} then 'INVALID_NUMBER'`,
          // Trailing zeros are not extra precision: 12.3400 is a valid 2-decimal amount.
          `when not ${matches(v, `[+-]?[0-9]*(\\.[0-9]{0,${t.scale}}0*)?`)} then 'TOO_MANY_DECIMALS'`,
          `when ${wide} is null${range.length ? ` or ${range.join(' or ')}` : ''} or length(split_part(ltrim(${v}, '+-'), '.', 1)) > ${t.precision - t.scale} then 'OUT_OF_RANGE'`,
        ],
        typed: wide,
      };
    }
    case 'date':
      return {
        arms: [
          `when not ${matches(v, DATE_PATTERN)} or ${tryCast(v, 'date')} is null then 'INVALID_DATE'`,
          `when ${tryCast(v, 'date')} not between date ${quoteString(bounds.earliest)} and date ${quoteString(bounds.latest)} then 'DATE_OUT_OF_RANGE'`,
        ],
        typed: tryCast(v, 'date'),
      };
    case 'timestamp': {
      // Offsets convert to UTC; a timestamp without offset is taken as UTC (the session time zone).
      const typed = `cast(${tryCast(v, 'timestamptz')} as timestamp)`;
      return {
        arms: [
          `when not ${matches(v, TIMESTAMP_PATTERN)} or ${tryCast(v, 'timestamptz')} is null then 'INVALID_TIMESTAMP'`,
          `when cast(${typed} as date) not between date ${quoteString(bounds.earliest)} and date ${quoteString(bounds.latest)} then 'DATE_OUT_OF_RANGE'`,
        ],
        typed,
      };
    }
  }
}

export interface ColumnSql {
  column: ColumnContract;
  raw: string;
  reason: string;
  typed: string;
}

/** Checks for every contract column; `raws[i]` is the SQL expression holding the raw text of contract column i. */
export function columnSql(entity: EntityContract, raws: readonly string[], bounds: DateBounds, fn: ValidationFunctions): ColumnSql[] {
  return entity.columns.map((column, i) => {
    const raw = raws[i]!;
    const v = `trim(${raw})`;
    const { arms, typed } = typeChecks(column, v, bounds, fn);
    const isNull = `${raw} is null or ${fn.inList(`upper(${v})`, NULL_MARKERS)}`;
    const nullArm = column.required ? `when ${isNull} then 'REQUIRED_MISSING'` : `when ${isNull} then null`;
    return {
      column,
      raw,
      reason: `case ${nullArm} ${arms.join(' ')} end`,
      typed: column.required ? typed : `case when ${isNull} then null else ${typed} end`,
    };
  });
}

/** The record re-joined as CSV text (fields quoted where needed), for the quarantine's raw_record. */
export function rawRecordSql(fileColumns: number, alias: string): string {
  const fields = Array.from({ length: fileColumns }, (_, i) => {
    const c = `${alias}.c${i}`;
    const needsQuotes = [`'"'`, `','`, 'chr(10)', 'chr(13)'].map((ch) => `strpos(${c}, ${ch}) > 0`).join(' or ');
    return `case when ${c} is null then '' when ${needsQuotes} then '"' || replace(${c}, '"', '""') || '"' else ${c} end`;
  });
  return fields.join(` || ',' || `);
}

export const reasonColumn = (name: string) => quoteIdent(`r__${name}`);
