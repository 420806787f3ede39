/** Text formatting for CSV fields: RFC-4180 quoting, fixed-point decimals, ISO dates. */

const NEEDS_QUOTES = /[",\n\r]/;

export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One CSV record with its `\n` terminator. */
export function csvLine(fields: readonly string[]): string {
  let line = csvField(fields[0] ?? '');
  for (let i = 1; i < fields.length; i++) line += ',' + csvField(fields[i]);
  return line + '\n';
}

export function csvDocument(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  return csvLine(headers) + rows.map(csvLine).join('');
}

/**
 * A fixed-point integer (value × 10^scale) as a plain decimal, with trailing zeros trimmed down
 * to `minScale` places. Integer arithmetic avoids binary rounding (toFixed(1.005) === '1.00').
 */
export function formatFixed(value: number, scale: number, minScale = scale): string {
  const digits = String(Math.abs(value)).padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  let fraction = digits.slice(digits.length - scale);
  while (fraction.length > minScale && fraction.endsWith('0')) fraction = fraction.slice(0, -1);
  return (value < 0 ? '-' : '') + whole + (fraction ? '.' + fraction : '');
}

/** Cents as a DECIMAL(18,2) string. */
export const formatCents = (cents: number): string => formatFixed(cents, 2);

/** 1/10,000 units as a DECIMAL(18,4) string, usually shown with 2 places. */
export const formatBasisUnits = (units: number): string => formatFixed(units, 4, 2);

export const DAY_MS = 86_400_000;

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** ISO-8601 timestamp of the UTC instant `ms`, written in local time at `offsetMinutes` (0 gives `Z`). */
export function isoTimestamp(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19);
  if (offsetMinutes === 0) return local + 'Z';
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local}${offsetMinutes < 0 ? '-' : '+'}${hh}:${mm}`;
}
