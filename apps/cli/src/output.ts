import Table from 'cli-table3';
import type { Row } from '@finlake/engine';

/** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export const useColour = () => Boolean(process.stdout.isTTY) && !('NO_COLOR' in process.env) && process.env.TERM !== 'dumb';

const paint = (code: number) => (text: string) => (useColour() ? `\x1b[${code}m${text}\x1b[0m` : text);
export const green = paint(32);
export const red = paint(31);
export const yellow = paint(33);
export const bold = paint(1);
export const dim = paint(2);

const NUMERIC = /^-?\d+(\.\d+)?$/;

/** Thousands separators for display; exact decimal text in, exact text out (no floating point). */
export function formatNumber(value: string): string {
  const negative = value.startsWith('-');
  const [int, frac] = (negative ? value.slice(1) : value).split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}${frac !== undefined ? `.${frac}` : ''}`;
}

/** Render rows as an aligned table: numbers right-aligned with separators, NULL shown as a dash. */
export function renderTable(rows: readonly Row[], columns?: string[]): string {
  if (rows.length === 0) return dim('(no rows)');
  const names = columns ?? Object.keys(rows[0]!);
  const table = new Table({
    head: names,
    style: { head: useColour() ? ['cyan'] : [], border: useColour() ? ['grey'] : [], compact: true },
    colAligns: names.map((n) => (rows.every((r) => r[n] === null || typeof r[n] === 'number' || NUMERIC.test(String(r[n]))) ? 'right' : 'left')),
  });
  for (const row of rows) {
    table.push(
      names.map((n) => {
        const v = row[n];
        if (v === null || v === undefined) return '–';
        // A statistic (DOUBLE) to 4 decimals on a terminal; files and --json keep every digit.
        const text = typeof v === 'number' && !Number.isInteger(v) ? String(Number(v.toFixed(4))) : String(v);
        // Ids and raw field text are shown as they are, never with separators.
        if (NUMERIC.test(text) && !/(_id|_key|batch|rank)$/.test(n) && !['line_number', 'raw_value'].includes(n)) return formatNumber(text);
        return text.length > 80 ? `${text.slice(0, 77)}...` : text;
      }),
    );
  }
  return table.toString();
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`);
}

/** Log lines go to stderr so that stdout stays clean for --json and piping. */
export function log(message: string): void {
  process.stderr.write(`${message}\n`);
}
