/** Quote an identifier for SQL (double quotes, inner quotes doubled). Names from input files never reach SQL unquoted. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Quote a string literal (single quotes, inner quotes doubled). Use only where binding is impossible (table functions, DDL). */
export function quoteString(value: string): string {
  if (value.includes('\0')) throw new Error('SQL string literal cannot contain a NUL byte');
  return `'${value.replace(/'/g, "''")}'`;
}
