/** Quote an identifier for SQL (double quotes, inner quotes doubled). Names from input files never reach SQL unquoted. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Quote a string literal (single quotes, inner quotes doubled). Use only where binding is impossible (table functions, DDL). */
export function quoteString(value: string): string {
  if (value.includes('\0')) throw new Error('SQL string literal cannot contain a NUL byte');
  return `'${value.replace(/'/g, "''")}'`;
}

/** SQL true when rows `a` and `b` (aliases or table names) agree on every column of `columns`. */
export function sameColumns(columns: readonly string[], a: string, b: string): string {
  return columns.map((c) => `${a}.${quoteIdent(c)} = ${b}.${quoteIdent(c)}`).join(' and ');
}

/** The first line of a statement, shortened, to name it in error messages. */
export function sqlSummary(sql: string): string {
  const line = sql.trim().split('\n')[0] ?? '';
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}
