/**
 * CSV for spreadsheets, and a download link that carries it inside the page. Text starting with
 * = + - @ (or a tab or carriage return) is prefixed with an apostrophe so a spreadsheet never runs
 * it as a formula (OWASP "CSV injection"); plain numbers, negative ones included, stay numbers.
 * Every export uses it: the report's downloads and `finlake quarantine --out <file>.csv`.
 */
import { escapeHtml } from './escape';

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: readonly Record<string, unknown>[], columns: readonly string[]): string {
  return [columns.join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(','))].join('\n') + '\n';
}

/**
 * A link that saves the CSV without a request: the file is in the href as a data: URL (the page's
 * Content Security Policy allows no fetch, and a download is none; nothing loads until clicked).
 */
export function csvDownloadLink(fileName: string, label: string, csv: string, testId: string): string {
  const href = `data:text/csv;charset=utf-8,${encodeURIComponent(csv)}`;
  return `<p class="download"><a data-testid="${escapeHtml(testId)}" download="${escapeHtml(fileName)}" href="${escapeHtml(href)}">${escapeHtml(label)}</a></p>`;
}
