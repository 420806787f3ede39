import { quoteString } from './sql';

/**
 * The small layer where SQL dialects differ. Models and checks are written once in portable SQL
 * with `{{ name(arg, ...) }}` macros; each dialect renders the macros its own way.
 */
export type DialectName = 'duckdb' | 'postgres' | 'redshift';

/** SQL the validation layer needs that differs between engines (values are SQL expressions). */
export interface ValidationFunctions {
  /** TRUE when the whole of `expr` matches the (RE2/POSIX-compatible) pattern. */
  matches(expr: string, pattern: string): string;
  /** TRUE when `expr` equals one of the literal values. */
  inList(expr: string, values: readonly string[]): string;
  /** `expr` cast to `type`, or NULL when it does not fit (bad text, overflow, impossible date). */
  tryCast(expr: string, type: string): string;
  /** A hash of several values, equal for equal values. */
  rowHash(exprs: readonly string[]): string;
  /**
   * The timestamp without time zone of a timestamptz `expr`, in the session time zone (UTC):
   * what `cast(expr as timestamp)` gives, for every finite value. DuckDB: NULL for ±infinity.
   */
  utcTimestamp(expr: string): string;
  /** TRUE when the text `expr` begins with the text `prefix`. */
  startsWith(expr: string, prefix: string): string;
  /**
   * The md5 (32 hex digits) of the values' text, each as `<length>:<text>` or `-` for NULL and
   * joined by `|`: NULL-safe (('a', NULL) and ('a-', '') differ) and the same on every engine for
   * values whose text is the same (integers, decimals, dates, timestamps, text).
   */
  digest(exprs: readonly string[]): string;
  /** A BIGINT from the first 15 hex digits of digest(exprs): non-negative, the same on every engine. */
  digestKey(exprs: readonly string[]): string;
}

export interface Dialect {
  readonly name: DialectName;
  readonly macros: Readonly<Record<string, (...args: string[]) => string>>;
  readonly fn: ValidationFunctions;
  /**
   * Appended to each level of a nested query whose computed columns must be evaluated once.
   * PostgreSQL flattens subqueries into one projection and evaluates an expression once per
   * reference (the validation query over a 1M-row file took over ten minutes); `offset 0` keeps
   * the levels apart. DuckDB computes each level once: none.
   */
  readonly subqueryFence: string;
  /**
   * A list of text values and its elements, where the engine has list values (DuckDB): a row can
   * keep its raw fields as one list, which costs little when NULL. Absent, a row keeps one column
   * per field.
   */
  readonly fieldList?: {
    /** The list of the text expressions `fields`. */
    of(fields: readonly string[]): string;
    /** Element `index` (0-based) of the list `list`. */
    at(list: string, index: number): string;
  };
}


/**
 * Day offsets 0 to 99,999 (273 years, more than a contract's date range can span) from digit
 * sets, as two CTEs (`digits`, `day_offsets`): a calendar without generate_series, which runs only
 * on Redshift's leader node.
 */
export const DAY_OFFSETS_CTE = `digits as (
    select 0 as d union all select 1 union all select 2 union all select 3 union all select 4
    union all select 5 union all select 6 union all select 7 union all select 8 union all select 9
),
day_offsets as (
    select ones.d + 10 * tens.d + 100 * hundreds.d + 1000 * thousands.d + 10000 * ten_thousands.d as n
    from digits as ones
    cross join digits as tens
    cross join digits as hundreds
    cross join digits as thousands
    cross join digits as ten_thousands
)`;

const BITS = Array.from({ length: 32 }, (_, k) => k);
/** Bit k of x as 0 or 1 (floor: `/` divides integers as integers on Redshift and PostgreSQL, not on DuckDB). */
const bit = (x: string, k: number) => `cast(floor((${x}) / ${2 ** k}) as bigint) % 2`;

const portable: Record<string, (...args: string[]) => string> = {
  /** The CTEs `digits` and `day_offsets` (n = 0 … 99,999) of DAY_OFFSETS_CTE: `with {{ day_offsets() }}, days as (...)`. */
  day_offsets: () => DAY_OFFSETS_CTE,
  /** First day of the month of a date or timestamp, as DATE. */
  month_start: (expr) => `cast(date_trunc('month', ${expr}) as date)`,
  /** a / b, NULL when b is zero (never a division error). */
  safe_divide: (a, b) => `(${a}) / nullif(${b}, 0)`,
  /** Percentage with one decimal, NULL when the denominator is zero. */
  // 100.0, not 100: integer operands must not divide as integers (PostgreSQL would truncate).
  percent: (a, b) => `cast(round(100.0 * (${a}) / nullif(${b}, 0), 1) as decimal(18, 1))`,
  /** Integer date key yyyymmdd. */
  date_key: (expr) => `cast(strftime(${expr}, '%Y%m%d') as integer)`,
  money: (expr) => `cast(${expr} as decimal(18, 2))`,
  /** The version of a type-2 dimension (alias) in force on `date`: valid_from <= date < valid_to. */
  valid_at: (alias, date) => `(${alias}.valid_from <= ${date} and ${date} < ${alias}.valid_to)`,
  /** The distinct values of a text column in a group, sorted, joined by ', '. */
  text_list: (x) => `string_agg(distinct ${x}, ', ' order by ${x})`,
  /** The number of set bits of a 32-bit activity datelist (a bigint 0 … 2^32 − 1): one term per bit where there is no popcount (Redshift). */
  bit_count: (x) => `(${BITS.map((k) => bit(x, k)).join(' + ')})`,
  /** A 32-bit datelist as 32 characters of 0 and 1, the most significant (oldest day) first. */
  bits32: (x) => `(${[...BITS].reverse().map((k) => `cast(${bit(x, k)} as varchar)`).join(' || ')})`,
};

/** digest() for engines whose unbounded text type is `text` (DuckDB, PostgreSQL). */
function textDigest(exprs: readonly string[]): string {
  const parts = exprs.map((e) => {
    const text = `cast(${e} as varchar)`;
    return `coalesce(cast(length(${text}) as varchar) || ':' || ${text}, '-')`;
  });
  return `md5(${parts.join(` || '|' || `)})`;
}

/**
 * business_date(ts, zone): the calendar day a UTC instant (a naive UTC timestamp, as staged) falls
 * on in the time zone `zone` (an IANA name, e.g. 'America/New_York'): a day is [start of D, start
 * of D+1) there. Each engine converts its own way.
 */
export const duckdbDialect: Dialect = {
  name: 'duckdb',
  macros: {
    ...portable,
    business_date: (ts, zone) => `cast(timezone(${zone}, timezone('UTC', ${ts})) as date)`,
    bit_count: (x) => `cast(bit_count(cast(${x} as bigint)) as integer)`,
    bits32: (x) => `lpad(bin(cast(${x} as bigint)), 32, '0')`,
    int_array: (x, order) => `list(cast(${x} as integer) order by ${order})`,
    digest: (...exprs) => textDigest(exprs),
  },
  fn: {
    matches: (expr, pattern) => `regexp_full_match(${expr}, ${quoteString(pattern)})`,
    // list_contains beat IN (...) here: the planner turned IN into a hash join.
    inList: (expr, values) => `list_contains([${values.map(quoteString).join(', ')}], ${expr})`,
    tryCast: (expr, type) => `try_cast(${expr} as ${type})`,
    rowHash: (exprs) => `hash(${exprs.join(', ')})`,
    // The epoch microseconds are the UTC wall clock: no time-zone conversion per value, which
    // the cast does (about 0.5 s less at 10M rows). Only for the session's TimeZone = 'UTC'.
    utcTimestamp: (expr) => `make_timestamp(epoch_us(${expr}))`,
    startsWith: (expr, prefix) => `starts_with(${expr}, ${prefix})`,
    digest: textDigest,
    // DuckDB casts '0x…' text to integers.
    digestKey: (exprs) => `cast(('0x' || substr(${textDigest(exprs)}, 1, 15)) as bigint)`,
  },
  subqueryFence: '',
  fieldList: { of: (fields) => `[${fields.join(', ')}]`, at: (list, index) => `${list}[${index + 1}]` },
};

/** Casts that return NULL instead of failing, installed by the PostgreSQL engine (schema finlake_fn). */
function postgresTryCast(expr: string, type: string): string {
  const decimal = /^decimal\((\d+),\s*(\d+)\)$/.exec(type);
  if (decimal) return `finlake_fn.try_decimal(${expr}, ${decimal[1]}, ${decimal[2]})`;
  switch (type) {
    // Each its own function: a bigint past the integer range would raise in the cast.
    case 'integer':
      return `finlake_fn.try_integer(${expr})`;
    case 'bigint':
      return `finlake_fn.try_bigint(${expr})`;
    case 'date':
      return `finlake_fn.try_date(${expr})`;
    case 'timestamptz':
      return `finlake_fn.try_timestamptz(${expr})`;
    case 'timestamp':
      return `cast(finlake_fn.try_timestamptz(${expr}) as timestamp)`;
    default:
      throw new Error(`No PostgreSQL try-cast to ${type}`);
  }
}

export const postgresDialect: Dialect = {
  name: 'postgres',
  macros: {
    ...portable,
    date_key: (expr) => `cast(to_char(${expr}, 'YYYYMMDD') as integer)`,
    business_date: (ts, zone) => `cast((${ts} at time zone 'UTC') at time zone ${zone} as date)`,
    // bit(32) keeps the rightmost 32 bits of the bigint (PostgreSQL 14+ has bit_count).
    bit_count: (x) => `cast(bit_count(cast(${x} as bit(32))) as integer)`,
    bits32: (x) => `cast(cast(${x} as bit(32)) as varchar)`,
    int_array: (x, order) => `array_agg(cast(${x} as integer) order by ${order})`,
    digest: (...exprs) => textDigest(exprs),
  },
  fn: {
    matches: (expr, pattern) => `(${expr} ~ ${quoteString(`^(?:${pattern})$`)})`,
    inList: (expr, values) => `(${expr} in (${values.map(quoteString).join(', ')}))`,
    tryCast: postgresTryCast,
    rowHash: (exprs) => `md5(row(${exprs.join(', ')})::text)`,
    utcTimestamp: (expr) => `cast(${expr} as timestamp)`,
    startsWith: (expr, prefix) => `starts_with(${expr}, ${prefix})`,
    digest: textDigest,
    // Hex text to an integer through a bit string, the PostgreSQL idiom.
    digestKey: (exprs) => `cast(cast('x' || lpad(substr(${textDigest(exprs)}, 1, 15), 16, '0') as bit(64)) as bigint)`,
  },
  subqueryFence: ' offset 0',
};

/**
 * Redshift string literals treat a backslash as an escape character (unlike PostgreSQL with
 * standard_conforming_strings), so regex backslashes are doubled.
 */
const redshiftLiteral = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/** `^(pattern)$` for Redshift's POSIX `~`: no `(?:` groups in POSIX EREs. */
const redshiftMatches = (expr: string, pattern: string) => `(${expr} ~ ${redshiftLiteral(`^(${pattern})$`)})`;

const ISO_DATE = '[0-9]{4}-[0-9]{2}-[0-9]{2}';
// Hours, minutes and seconds in range; at most microseconds (Redshift's timestamp precision).
const ISO_TIMESTAMP = `${ISO_DATE}([Tt ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]{1,6})?)?)?([Zz]|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)?`;

/** A real calendar day: non-strict to_date rolls 2024-02-30 over to March, so the text round-trip differs. */
const redshiftIsDay = (expr: string) => `to_char(to_date(${expr}, 'YYYY-MM-DD'), 'YYYY-MM-DD') = ${expr}`;

/**
 * Redshift has no TRY_CAST for these types and a failed CAST aborts the statement, so every cast
 * is guarded: it runs only when the text is known to fit (pattern, digit count, calendar day),
 * and the guard and the cast sit in nested CASEs, which Redshift evaluates in order.
 * Stricter than DuckDB in one place: more than 6 fractional seconds gives NULL (INVALID_TIMESTAMP).
 */
function redshiftTryCast(expr: string, type: string): string {
  const decimal = /^decimal\((\d+),\s*(\d+)\)$/.exec(type);
  if (decimal) {
    const [precision, scale] = [Number(decimal[1]), Number(decimal[2])];
    const whole = precision - scale > 0 ? `0*[0-9]{1,${precision - scale}}` : '0+';
    // Extra decimals only when they are zeros: rounding up could overflow the column.
    const fraction = scale > 0 ? `(\\.[0-9]{0,${scale}}0*)?` : '(\\.0*)?';
    const fractionOnly = scale > 0 ? `|\\.[0-9]{1,${scale}}0*` : '';
    return `case when ${redshiftMatches(expr, `[+-]?(${whole}${fraction}${fractionOnly})`)} then cast(${expr} as ${type}) end`;
  }
  const digits18 = redshiftMatches(expr, '[+-]?[0-9]{1,18}');
  const timestamptz = `case when ${redshiftMatches(expr, ISO_TIMESTAMP)} then case when ${redshiftIsDay(`left(${expr}, 10)`)} then cast(translate(${expr}, 'Ttz', '  Z') as timestamptz) end end`;
  switch (type) {
    case 'bigint':
      return `case when ${digits18} then cast(${expr} as bigint) end`;
    case 'integer':
      return `case when ${digits18} then case when cast(${expr} as bigint) between -2147483648 and 2147483647 then cast(${expr} as integer) end end`;
    case 'date':
      return `case when ${redshiftMatches(expr, ISO_DATE)} then case when ${redshiftIsDay(expr)} then to_date(${expr}, 'YYYY-MM-DD') end end`;
    case 'timestamptz':
      return timestamptz;
    case 'timestamp':
      return `cast(${timestamptz} as timestamp)`;
    default:
      throw new Error(`No Redshift try-cast to ${type}`);
  }
}

/** Each value as `<length>:<text>` or `-` for NULL, so ('a', NULL) and ('a-', '') hash differently. */
function redshiftRowHash(exprs: readonly string[]): string {
  const parts = exprs.map((e) => {
    const text = `cast(${e} as varchar(max))`;
    return `coalesce(cast(length(${text}) as varchar(max)) || ':' || ${text}, '-')`;
  });
  return `md5(${parts.join(` || '|' || `)})`;
}

/**
 * Amazon Redshift (PostgreSQL 8 descendant): POSIX `~`, IN lists, guarded casts, md5. Portable
 * macros otherwise; date_key via to_char as on PostgreSQL.
 */
export const redshiftDialect: Dialect = {
  name: 'redshift',
  macros: {
    ...portable,
    date_key: (expr) => `cast(to_char(${expr}, 'YYYYMMDD') as integer)`,
    business_date: (ts, zone) => `cast(convert_timezone('UTC', ${zone}, ${ts}) as date)`,
    text_list: (x) => `listagg(distinct ${x}, ', ') within group (order by ${x})`,
    // No array type: a SUPER array parsed from the listed values.
    int_array: (x, order) => `json_parse('[' || listagg(cast(cast(${x} as integer) as varchar), ',') within group (order by ${order}) || ']')`,
    digest: (...exprs) => redshiftRowHash(exprs),
  },
  fn: {
    matches: redshiftMatches,
    inList: (expr, values) => `(${expr} in (${values.map(redshiftLiteral).join(', ')}))`,
    tryCast: redshiftTryCast,
    rowHash: redshiftRowHash,
    utcTimestamp: (expr) => `cast(${expr} as timestamp)`,
    // No starts_with on Redshift. Comparisons ignore trailing blanks: of two texts of the same
    // length, though, only identical ones compare equal, hence the length test.
    startsWith: (expr, prefix) => `(length(${expr}) >= length(${prefix}) and left(${expr}, length(${prefix})) = ${prefix})`,
    // The same encoding as digest on the other engines, in varchar(max) (plain varchar is 256 bytes).
    digest: redshiftRowHash,
    digestKey: (exprs) => `strtol(substring(${redshiftRowHash(exprs)}, 1, 15), 16)`,
  },
  // A PostgreSQL descendant: its planner flattens subqueries too.
  subqueryFence: ' offset 0',
};

/** The dialect of an engine by name. */
export function dialectFor(name: DialectName): Dialect {
  return { duckdb: duckdbDialect, postgres: postgresDialect, redshift: redshiftDialect }[name];
}

const MACRO = /\{\{\s*([a-z_][a-z0-9_]*)\s*\(([^{}]*)\)\s*\}\}/g;

/** Split macro arguments on top-level commas (commas inside parentheses or quotes stay). */
function splitArgs(args: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = false;
  let current = '';
  for (const ch of args) {
    if (ch === "'") quote = !quote;
    if (!quote && ch === '(') depth++;
    if (!quote && ch === ')') depth--;
    if (!quote && depth === 0 && ch === ',') {
      out.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim() !== '') out.push(current.trim());
  return out;
}

/**
 * Render the macros of `sql` for `dialect`. `ref(name)` and `source(name)` resolve through
 * `resolve`, so a build can point references at tables built aside.
 */
export function renderSql(sql: string, dialect: Dialect, resolve: (kind: 'ref' | 'source', name: string) => string): string {
  let previous: string;
  let current = sql;
  // Macros may nest (`percent(safe_divide(..))`): render innermost first until nothing changes.
  do {
    previous = current;
    current = current.replace(MACRO, (_whole, name: string, rawArgs: string) => {
      const args = splitArgs(rawArgs);
      if (name === 'ref' || name === 'source') {
        const target = args[0]?.replace(/^['"]|['"]$/g, '');
        if (!target) throw new Error(`${name}() needs a name`);
        return resolve(name, target);
      }
      const macro = dialect.macros[name];
      if (!macro) throw new Error(`Unknown SQL macro {{ ${name}() }} for dialect ${dialect.name}`);
      return macro(...args);
    });
  } while (current !== previous);
  return current;
}
