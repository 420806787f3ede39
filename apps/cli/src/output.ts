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

/** The widest table on a terminal (`--wide` lifts it): the terminal's width, 100 columns when it has none. */
let tableWidth: number | undefined;
export function showWideTables(wide: boolean): void {
  tableWidth = wide ? Number.POSITIVE_INFINITY : undefined;
}
const maxWidth = () => tableWidth ?? (process.stdout.isTTY && process.stdout.columns ? process.stdout.columns : 100);
// Colour codes take up no columns.
const visible = (line: string) => line.replace(/\x1b\[[0-9;]*m/g, '').length;

/**
 * Render rows as an aligned table: numbers right-aligned with separators, NULL shown as a dash.
 * A table wider than the terminal (100 columns without one) keeps the columns that fit and says
 * which it left out (`--wide` or `--json` show them).
 */
export function renderTable(rows: readonly Row[], columns?: string[]): string {
  const names = columns ?? (rows.length ? Object.keys(rows[0]!) : []);
  for (let shown = names.length; shown > 1; shown--) {
    const text = renderColumns(rows, names.slice(0, shown));
    if (Math.max(...text.split('\n').map(visible)) <= maxWidth()) return text + hiddenNote(names.slice(shown));
  }
  return renderColumns(rows, names.slice(0, 1)) + hiddenNote(names.slice(1));
}

/** The line under a cut table: which columns it left out, when the line fits. */
function hiddenNote(hidden: readonly string[]): string {
  if (hidden.length === 0) return '';
  const count = `${hidden.length} more column${hidden.length > 1 ? 's' : ''} not shown`;
  const named = `(${count}: ${hidden.join(', ')}; --wide or --json shows them)`;
  return `\n${dim(named.length <= maxWidth() ? named : `(${count}; --wide or --json shows them)`)}`;
}

function renderColumns(rows: readonly Row[], names: readonly string[]): string {
  if (rows.length === 0) return dim('(no rows)');
  const table = new Table({
    head: [...names],
    style: { head: useColour() ? ['cyan'] : [], border: useColour() ? ['grey'] : [], compact: true },
    colAligns: names.map((n) => (rows.every((r) => r[n] === null || typeof r[n] === 'number' || NUMERIC.test(String(r[n]))) ? 'right' : 'left')),
  });
  for (const row of rows) {
    table.push(
      names.map((n) => {
        const v = row[n];
        if (v === null || v === undefined) return '–';
        // A batch id (a SHA-256) by its first 12 digits, as git shortens commits; --json gives it whole.
        if (n === 'batch_id' && typeof v === 'string') return v.slice(0, 12);
        // A statistic (DOUBLE) to 4 decimals on a terminal; files and --json keep every digit.
        const text = typeof v === 'number' && !Number.isInteger(v) ? String(Number(v.toFixed(4))) : String(v);
        // Ids, years and raw field text are shown as they are, never with separators.
        if (NUMERIC.test(text) && !/(_id|_key|batch|rank|year)$/.test(n) && !['line_number', 'raw_value'].includes(n)) return formatNumber(text);
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
