/** Number formatting shared by the targets and the report. Decimal units: 1 GB = 10^9 bytes, like DuckDB's memory_limit. */

export const MB = 1e6;
export const GB = 1e9;

export const int = (n: number): string => Math.round(n).toLocaleString('en-US');

export const seconds = (ms: number): string => (ms / 1000).toFixed(ms < 10_000 ? 2 : 1);

export const ratio = (x: number): string => `${x.toFixed(x < 10 ? 2 : 1)}×`;

export const percent = (x: number): string => `${(x * 100).toFixed(1)}%`;

export function bytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  return n >= GB ? `${(n / GB).toFixed(2)} GB` : `${int(n / MB)} MB`;
}

/** 1000000 → "1M", 10000000 → "10M", 100000 → "100k", 1234 → "1,234". */
export function rowsLabel(rows: number): string {
  if (rows >= 1e6 && rows % 1e6 === 0) return `${rows / 1e6}M`;
  if (rows >= 1e3 && rows % 1e3 === 0) return `${rows / 1e3}k`;
  return int(rows);
}
