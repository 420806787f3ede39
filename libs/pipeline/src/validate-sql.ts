import type { ColumnContract, EntityContract } from '@finlake/contracts';
import { quoteIdent, quoteString } from '@finlake/engine';
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

const matches = (expr: string, pattern: string) => `regexp_full_match(${expr}, ${quoteString(pattern)})`;
const list = (values: readonly string[]) => `[${values.map(quoteString).join(', ')}]`;

/** reason-code CASE arms (without CASE/END) for a trimmed, non-null value `v`, and the typed value. */
function typeChecks(col: ColumnContract, v: string, bounds: DateBounds): { arms: string[]; typed: string } {
  const t = col.type;
  switch (t.kind) {
    case 'id':
      return {
        arms: [`when length(${v}) > ${t.maxLength} then 'FIELD_TOO_LONG'`, `when not ${matches(v, ID_PATTERN)} then 'INVALID_ID'`],
        typed: v,
      };
    case 'text':
      return { arms: [`when length(${v}) > ${t.maxLength} then 'FIELD_TOO_LONG'`], typed: v };
    case 'enum':
      return { arms: [`when not list_contains(${list(t.values)}, ${v}) then 'NOT_ACCEPTED'`], typed: v };
    case 'boolean':
      return {
        arms: [`when not list_contains(['true', 'false', '1', '0'], lower(${v})) then 'INVALID_BOOLEAN'`],
        typed: `list_contains(['true', '1'], lower(${v}))`,
      };
    case 'integer':
      return {
        arms: [
          `when not ${matches(v, INTEGER_PATTERN)} then 'INVALID_INTEGER'`,
          `when coalesce(try_cast(${v} as bigint) not between ${t.min} and ${t.max}, true) then 'OUT_OF_RANGE'`,
        ],
        typed: `try_cast(${v} as integer)`,
      };
    case 'decimal': {
      // Cast to the column's own type: NULL on overflow, and far cheaper than a 38-digit decimal.
      const wide = `try_cast(${v} as ${sqlType(t)})`;
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
          `when not ${matches(v, DATE_PATTERN)} or try_cast(${v} as date) is null then 'INVALID_DATE'`,
          `when try_cast(${v} as date) not between date ${quoteString(bounds.earliest)} and date ${quoteString(bounds.latest)} then 'DATE_OUT_OF_RANGE'`,
        ],
        typed: `try_cast(${v} as date)`,
      };
    case 'timestamp': {
      // Offsets convert to UTC; a timestamp without offset is taken as UTC (the session time zone).
      const typed = `cast(try_cast(${v} as timestamptz) as timestamp)`;
      return {
        arms: [
          `when not ${matches(v, TIMESTAMP_PATTERN)} or try_cast(${v} as timestamptz) is null then 'INVALID_TIMESTAMP'`,
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
export function columnSql(entity: EntityContract, raws: readonly string[], bounds: DateBounds): ColumnSql[] {
  return entity.columns.map((column, i) => {
    const raw = raws[i]!;
    const v = `trim(${raw})`;
    const { arms, typed } = typeChecks(column, v, bounds);
    const isNull = `${raw} is null or list_contains(${list(NULL_MARKERS)}, upper(${v}))`;
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
    return `case when ${c} is null then '' when regexp_matches(${c}, '[",\\n\\r]') then '"' || replace(${c}, '"', '""') || '"' else ${c} end`;
  });
  return fields.join(` || ',' || `);
}

export const reasonColumn = (name: string) => quoteIdent(`r__${name}`);
