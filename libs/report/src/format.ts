/**
 * Figures formatted for people: thousands separators, currency, one decimal for percentages.
 * Input is the warehouse's exact decimal text; output is deterministic text (no locale, no clock).
 */
import { isNegative, roundDecimal } from './decimal';

/** Shown for a missing value (NULL ratio, no data). */
export const NONE = '–';

const CURRENCY_SYMBOLS: Record<string, string> = { USD: '$', EUR: '€', GBP: '£' };

export function groupThousands(text: string): string {
  const negative = text.startsWith('-');
  const [int, frac] = (negative ? text.slice(1) : text).split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}${frac !== undefined ? `.${frac}` : ''}`;
}

/** "$1,234.50", "-$5.60"; other currencies as "CHF 1,234.50". */
export function formatMoney(value: string | number | null, currency = 'USD', scale = 2): string {
  if (value === null) return NONE;
  const rounded = roundDecimal(value, scale);
  const symbol = CURRENCY_SYMBOLS[currency];
  const magnitude = groupThousands(rounded.replace(/^-/, ''));
  const amount = symbol ? `${symbol}${magnitude}` : `${currency} ${magnitude}`;
  return isNegative(rounded) ? `-${amount}` : amount;
}

/** A value already in percent (the marts' *_pct columns): "46.9%" (`scale` decimals, 1 by default). */
export function formatPercent(value: string | number | null, scale = 1): string {
  return value === null ? NONE : `${groupThousands(roundDecimal(value, scale))}%`;
}

export function formatCount(value: string | number | null): string {
  return value === null ? NONE : groupThousands(String(value));
}

/** Return on ad spend as a multiple: "1.17×". */
export function formatRoas(value: string | null): string {
  return value === null ? NONE : `${groupThousands(roundDecimal(value, 2))}×`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2024-01-01" → "Jan 2024", read from the text (no Date, so no time zone can shift it). */
export function formatMonth(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})/.exec(isoDate);
  return match ? `${MONTHS[Number(match[2]) - 1] ?? match[2]} ${match[1]}` : isoDate;
}

/** A UTC timestamp from the database ("2025-06-30 12:00:01.123") → "2025-06-30 12:00 UTC". */
export function formatTimestamp(value: string | null): string {
  if (value === null) return NONE;
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})/.exec(value);
  return match ? `${match[1]} ${match[2]} UTC` : value;
}

/** Batch ids are SHA-256 hex; 12 characters identify them in practice (as `finlake status` shows). */
export const shortBatch = (batchId: string) => batchId.slice(0, 12);
