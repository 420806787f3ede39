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
}

export interface Dialect {
  readonly name: DialectName;
  readonly macros: Readonly<Record<string, (...args: string[]) => string>>;
  readonly fn: ValidationFunctions;
}

const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

const portable: Record<string, (...args: string[]) => string> = {
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
};

export const duckdbDialect: Dialect = {
  name: 'duckdb',
  macros: portable,
  fn: {
    matches: (expr, pattern) => `regexp_full_match(${expr}, ${literal(pattern)})`,
    // list_contains beat IN (...) here: the planner turned IN into a hash join.
    inList: (expr, values) => `list_contains([${values.map(literal).join(', ')}], ${expr})`,
    tryCast: (expr, type) => `try_cast(${expr} as ${type})`,
    rowHash: (exprs) => `hash(${exprs.join(', ')})`,
  },
};

/** Casts that return NULL instead of failing, installed by the PostgreSQL engine (schema finlake_fn). */
function postgresTryCast(expr: string, type: string): string {
  const decimal = /^decimal\((\d+),\s*(\d+)\)$/.exec(type);
  if (decimal) return `finlake_fn.try_decimal(${expr}, ${decimal[1]}, ${decimal[2]})`;
  switch (type) {
    case 'integer':
    case 'bigint':
      return `cast(finlake_fn.try_bigint(${expr}) as ${type})`;
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
  macros: { ...portable, date_key: (expr) => `cast(to_char(${expr}, 'YYYYMMDD') as integer)` },
  fn: {
    matches: (expr, pattern) => `(${expr} ~ ${literal(`^(?:${pattern})$`)})`,
    inList: (expr, values) => `(${expr} in (${values.map(literal).join(', ')}))`,
    tryCast: postgresTryCast,
    rowHash: (exprs) => `md5(row(${exprs.join(', ')})::text)`,
  },
};

const MACRO = /\{\{\s*([a-z_]+)\s*\(([^{}]*)\)\s*\}\}/g;

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
