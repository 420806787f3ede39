import type { ColumnMetadata, Field, SqlParameter } from '@aws-sdk/client-redshift-data';
import type { Row, SqlValue } from '@finlake/engine';

/**
 * Split SQL into statements on top-level semicolons (outside quotes, `$$` bodies and comments): the
 * Data API's ExecuteStatement takes one statement, and the pipeline sends several in one `run`.
 */
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let current = '';
  let quote: string | null = null;
  // A procedure's body ($$ … $$) holds semicolons of its own.
  let dollarBody = false;
  let lineComment = false;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i]!;
    if (lineComment) {
      if (ch === '\n') lineComment = false;
      current += ch;
      continue;
    }
    if (ch === '$' && sql[i + 1] === '$' && !quote) {
      dollarBody = !dollarBody;
      current += '$$';
      i++;
      continue;
    }
    if (dollarBody) {
      current += ch;
      continue;
    }
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '-' && sql[i + 1] === '-') lineComment = true;
    else if (ch === ';') {
      if (current.trim() !== '') out.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim() !== '') out.push(current.trim());
  return out.filter((s) => !/^(--[^\n]*\n?\s*)*$/.test(s));
}

/**
 * `?` placeholders (outside quotes) become the Data API's named parameters `:p1, :p2, ...`.
 * The Data API takes every value as text and has no NULL parameter, so NULLs are written inline.
 */
export function bindParameters(sql: string, params: readonly SqlValue[]): { sql: string; parameters: SqlParameter[] } {
  let n = 0;
  let out = '';
  let quote: string | null = null;
  const parameters: SqlParameter[] = [];
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '?') {
      if (n >= params.length) throw new Error(`SQL has more ? placeholders than the ${params.length} value(s) given`);
      const value = params[n++];
      if (value === null || value === undefined) out += 'null';
      else {
        const name = `p${parameters.length + 1}`;
        parameters.push({ name, value: String(value) });
        out += `:${name}`;
      }
      continue;
    }
    out += ch;
  }
  if (n !== params.length) throw new Error(`SQL has ${n} ? placeholder(s) but ${params.length} value(s) were given`);
  return { sql: out, parameters };
}

/**
 * A Data API field as the engine's JavaScript value: integers as numbers (text beyond 2^53),
 * DECIMAL, DATE and TIMESTAMP as the exact text Redshift sends, booleans as booleans.
 */
export function fieldValue(field: Field): SqlValue {
  if (field.isNull) return null;
  if (field.booleanValue !== undefined) return field.booleanValue;
  if (field.longValue !== undefined) return Number.isSafeInteger(field.longValue) ? field.longValue : String(field.longValue);
  if (field.doubleValue !== undefined) return field.doubleValue;
  if (field.stringValue !== undefined) return field.stringValue;
  if (field.blobValue !== undefined) return Buffer.from(field.blobValue).toString('base64');
  return null;
}

/** Records to rows keyed by column label (the name a query gave with `as`). */
export function toRows(columns: readonly ColumnMetadata[], records: readonly Field[][]): Row[] {
  const names = columns.map((c, i) => c.label ?? c.name ?? `column${i}`);
  return records.map((record) => Object.fromEntries(names.map((name, i) => [name, fieldValue(record[i] ?? { isNull: true })])));
}

/** TRUNCATE commits the open transaction on Redshift, so it must never run inside one. */
export function isTruncate(statement: string): boolean {
  return /^\s*truncate\b/i.test(statement.replace(/^(\s*--[^\n]*\n)*/, ''));
}
