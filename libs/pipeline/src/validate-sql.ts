import { BOOLEAN_TRUE, BOOLEAN_VALUES, DATE_PATTERN, DECIMAL_PATTERN, decimalScalePattern, ID_PATTERN, INTEGER_PATTERN, MAX_MARKER_LENGTH, MONTH_PATTERN, NULL_MARKERS, TIMESTAMP_PATTERN, type ColumnContract, type EntityContract } from '@finlake/contracts';
import { quoteString, type ValidationFunctions } from '@finlake/engine';
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

/**
 * The fast path of a column, on the raw (untrimmed) field `raw`: `typed(raw)` computed once, and
 * `valid(raw, t)`, a cheap test that implies the value is fine as it stands: trim would leave it
 * alone (no surrounding spaces), it is no null marker, its reason code is NULL, and `t` is the
 * typed value of the trimmed text. Values failing it (or NULL) take the slow path: trim, typed
 * value and reason code exactly as without a fast path.
 */
export interface FastPath {
  typed(raw: string): string;
  valid(raw: string, t: string): string;
}

interface TypeChecks {
  /** The typed value of the trimmed text `v`; NULL when it does not convert. */
  typed(v: string): string;
  /**
   * A cheap test that the value is valid, given `v` and its typed value `t` (computed once). Only
   * values failing it go through the detailed arms. It must imply that every arm below is false
   * and that the value is no null marker.
   */
  valid?(v: string, t: string): string;
  /** Reason-code CASE arms, in order, for a value that is not a null marker. */
  arms(v: string, t: string): string[];
  /**
   * The fast path on the raw field (see FastPath). The `valid` tests of identifiers, integers and
   * dates serve as they stand: their patterns admit no character that trim removes and no null
   * marker, so a raw value passing them is its own trimmed text.
   */
  fast?: FastPath;
}

/** Lower-case values as written, upper-cased and capitalised (`true`, `TRUE`, `True`). */
const usualSpellings = (values: readonly string[]) => [...new Set(values.flatMap((v) => [v, v.toUpperCase(), v.charAt(0).toUpperCase() + v.slice(1)]))];

/** The type's own checks as its fast path (their `valid` tests hold on raw text as they stand). */
const withFastPath = (checks: Omit<TypeChecks, 'fast'> & { valid(v: string, t: string): string }): TypeChecks => ({
  ...checks,
  fast: { typed: checks.typed, valid: checks.valid },
});

function typeChecks(col: ColumnContract, bounds: DateBounds, fn: ValidationFunctions): TypeChecks {
  const t = col.type;
  const { matches, inList, tryCast } = fn;
  const inDates = (date: string) => `${date} between date ${quoteString(bounds.earliest)} and date ${quoteString(bounds.latest)}`;
  switch (t.kind) {
    case 'id':
      // Identifiers longer than every null marker skip that test.
      return withFastPath({
        typed: (v) => v,
        valid: (v) => `length(${v}) between ${MAX_MARKER_LENGTH + 1} and ${t.maxLength} and ${matches(v, ID_PATTERN)}`,
        arms: (v) => [`when length(${v}) > ${t.maxLength} then 'FIELD_TOO_LONG'`, `when not ${matches(v, ID_PATTERN)} then 'INVALID_ID'`],
      });
    case 'text':
      return {
        typed: (v) => v,
        arms: (v) => [`when length(${v}) > ${t.maxLength} then 'FIELD_TOO_LONG'`],
        // The typed value is the trimmed text, so this fast path trims too; it skips the null-marker
        // lookup and the reason CASE for texts longer than every marker and not too long.
        fast: { typed: (raw) => `trim(${raw})`, valid: (_raw, trimmed) => `length(${trimmed}) between ${MAX_MARKER_LENGTH + 1} and ${t.maxLength}` },
      };
    case 'enum': {
      // Only values that trim and the null-marker test leave alone are fast (JavaScript's trim
      // removes every space character the engines' trim does, and more).
      const plain = t.values.filter((x) => x === x.trim() && !NULL_MARKERS.includes(x.toUpperCase()));
      return {
        typed: (v) => v,
        valid: (v) => inList(v, t.values),
        arms: (v) => [`when not ${inList(v, t.values)} then '${t.reason ?? 'NOT_ACCEPTED'}'`],
        ...(plain.length > 0 && { fast: { typed: (raw) => raw, valid: (raw) => inList(raw, plain) } }),
      };
    }
    case 'boolean':
      return {
        typed: (v) => inList(`lower(${v})`, BOOLEAN_TRUE),
        valid: (v) => inList(`lower(${v})`, BOOLEAN_VALUES),
        arms: (v) => [`when not ${inList(`lower(${v})`, BOOLEAN_VALUES)} then 'INVALID_BOOLEAN'`],
        // The usual spellings as they are, without lower(): others (tRUE) take the slow path.
        fast: { typed: (raw) => inList(raw, usualSpellings(BOOLEAN_TRUE)), valid: (raw) => inList(raw, usualSpellings(BOOLEAN_VALUES)) },
      };
    case 'integer': {
      const range = (x: string) => `${x} between ${t.min} and ${t.max}`;
      return withFastPath({
        typed: (v) => tryCast(v, 'integer'),
        valid: (v, typed) => `${typed} is not null and ${range(typed)} and ${matches(v, INTEGER_PATTERN)}`,
        arms: (v) => [
          `when not ${matches(v, INTEGER_PATTERN)} then 'INVALID_INTEGER'`,
          `when coalesce(not ${range(tryCast(v, 'bigint'))}, true) then 'OUT_OF_RANGE'`,
        ],
      });
    }
    case 'decimal': {
      // Trailing zeros are not extra precision: 12.3400 is a valid 2-decimal amount.
      const scalePattern = decimalScalePattern(t.scale);
      const inRange = (x: string) => [t.min !== undefined ? `${x} >= ${t.min}` : 'true', t.max !== undefined ? `${x} <= ${t.max}` : 'true'].join(' and ');
      const toType = (v: string) => tryCast(v, sqlType(t));
      // The scale pattern admits '', '+', '-' and '.', but none of them casts: no null marker is valid.
      return {
        // Cast to the column's own type: NULL on overflow, and far cheaper than a 38-digit decimal.
        typed: toType,
        valid: (v, typed) => `${typed} is not null and ${inRange(typed)} and ${matches(v, scalePattern)}`,
        arms: (v, typed) => [
          `when not ${matches(v, DECIMAL_PATTERN)} then 'INVALID_NUMBER'`,
          `when not ${matches(v, scalePattern)} then 'TOO_MANY_DECIMALS'`,
          `when ${typed} is null or not (${inRange(typed)}) or length(split_part(ltrim(${v}, '+-'), '.', 1)) > ${t.precision - t.scale} then 'OUT_OF_RANGE'`,
        ],
        // Cheaper than the pattern: the text begins the value's own text (sign, digits, point and
        // `scale` digits), as 12.5 and 12.50 do for 12.5000. Every such text matches the pattern.
        fast: { typed: toType, valid: (raw, typed) => `${typed} is not null and ${inRange(typed)} and ${fn.startsWith(`cast(${typed} as varchar)`, raw)}` },
      };
    }
    case 'date': {
      const inRange = t.future ? (date: string) => `${date} >= date ${quoteString(bounds.earliest)}` : inDates;
      return withFastPath({
        typed: (v) => tryCast(v, 'date'),
        valid: (v, typed) => `${typed} is not null and ${inRange(typed)} and ${matches(v, DATE_PATTERN)}`,
        arms: (v, typed) => [`when not ${matches(v, DATE_PATTERN)} or ${typed} is null then 'INVALID_DATE'`, `when not ${inRange(typed)} then 'DATE_OUT_OF_RANGE'`],
      });
    }
    case 'month': {
      // Staged as its text: a month is compared and joined as 'YYYY-MM' on every engine.
      const inMonths = (v: string) => `${v} between ${quoteString(bounds.earliest.slice(0, 7))} and ${quoteString(bounds.latest.slice(0, 7))}`;
      return withFastPath({
        typed: (v) => v,
        valid: (v) => `${matches(v, MONTH_PATTERN)} and ${inMonths(v)}`,
        arms: (v) => [`when not ${matches(v, MONTH_PATTERN)} then 'INVALID_PERIOD'`, `when not ${inMonths(v)} then 'DATE_OUT_OF_RANGE'`],
      });
    }
    case 'timestamp': {
      const valid = (v: string, typed: string) => `${typed} is not null and ${inDates(`cast(${typed} as date)`)} and ${matches(v, TIMESTAMP_PATTERN)}`;
      return {
        // Offsets convert to UTC; a timestamp without offset is taken as UTC (the session time zone).
        typed: (v) => `cast(${tryCast(v, 'timestamptz')} as timestamp)`,
        valid,
        arms: (v, typed) => [
          `when not ${matches(v, TIMESTAMP_PATTERN)} or ${typed} is null then 'INVALID_TIMESTAMP'`,
          `when not ${inDates(`cast(${typed} as date)`)} then 'DATE_OUT_OF_RANGE'`,
        ],
        // The same value, converted more cheaply where the engine can; a value passing the
        // pattern is finite, where the two agree.
        fast: { typed: (raw) => fn.utcTimestamp(tryCast(raw, 'timestamptz')), valid },
      };
    }
  }
}

export interface ColumnSql {
  column: ColumnContract;
  /** The typed value, from the trimmed text. */
  typed(v: string): string;
  /** The reason code (NULL when the value is fine), from the trimmed text and the typed value computed once. */
  reason(v: string, typed: string): string;
  /** The fast path on the raw field (see FastPath); absent, every value takes the slow path. */
  fast?: FastPath;
}

/**
 * Checks for every contract column: typed value and reason code, evaluated in bulk in the engine.
 * `v` is the field's trimmed text (NULL when the field is missing), computed once by the caller.
 */
export function columnSql(entity: EntityContract, bounds: DateBounds, fn: ValidationFunctions): ColumnSql[] {
  return entity.columns.map((column) => {
    const checks = typeChecks(column, bounds, fn);
    // The markers are short: a longer value is never one, and most values skip the list lookup.
    const isNull = (v: string) => `case when ${v} is null then true when length(${v}) > ${MAX_MARKER_LENGTH} then false else ${fn.inList(`upper(${v})`, NULL_MARKERS)} end`;
    return {
      column,
      typed: (v) => (column.required ? checks.typed(v) : `case when ${isNull(v)} then null else ${checks.typed(v)} end`),
      reason: (v, typed) => {
        const fast = checks.valid ? `when ${checks.valid(v, typed)} then null ` : '';
        const nullArm = `when ${isNull(v)} then ${column.required ? "'REQUIRED_MISSING'" : 'null'}`;
        return `case ${fast}${nullArm} ${checks.arms(v, typed).join(' ')} end`;
      },
      ...(checks.fast && { fast: checks.fast }),
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
