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

const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

/** Cents as a DECIMAL(18,2) string (a fast path: this runs several times per row). */
export function formatCents(cents: number): string {
  return cents >= 0 ? Math.floor(cents / 100) + '.' + TWO_DIGITS[cents % 100] : formatFixed(cents, 2);
}

/** 1/10,000 units as a DECIMAL(18,4) string, shown with 2 places when they are whole cents. */
export function formatBasisUnits(units: number): string {
  return units % 100 === 0 ? formatCents(units / 100) : formatFixed(units, 4, 2);
}

export const DAY_MS = 86_400_000;

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** 'YYYY-MM-DDT' per day number, memoised: Date#toISOString per row dominated the run time. */
const dayPrefixes = new Map<number, string>();
const offsetSuffixes = new Map<number, string>();

function dayPrefix(day: number): string {
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    dayPrefixes.set(day, prefix);
  }
  return prefix;
}

function offsetSuffix(offsetMinutes: number): string {
  let suffix = offsetSuffixes.get(offsetMinutes);
  if (suffix === undefined) {
    const abs = Math.abs(offsetMinutes);
    suffix = offsetMinutes === 0 ? 'Z' : `${offsetMinutes < 0 ? '-' : '+'}${TWO_DIGITS[Math.floor(abs / 60)]}:${TWO_DIGITS[abs % 60]}`;
    offsetSuffixes.set(offsetMinutes, suffix);
  }
  return suffix;
}

/** ISO-8601 timestamp of the whole-second UTC instant `ms`, written in local time at `offsetMinutes` (0 gives `Z`). */
export function isoTimestamp(ms: number, offsetMinutes: number): string {
  const local = ms + offsetMinutes * 60_000;
  const day = Math.floor(local / DAY_MS);
  const second = Math.floor((local - day * DAY_MS) / 1000);
  const time = TWO_DIGITS[Math.floor(second / 3600)] + ':' + TWO_DIGITS[Math.floor(second / 60) % 60] + ':' + TWO_DIGITS[second % 60];
  return dayPrefix(day) + time + offsetSuffix(offsetMinutes);
}
