/**
 * The ledger's months and its posting calendar: GL activity clusters at month end (accruals,
 * allocations, invoices), more so at quarter and year end, with a smaller bump on the first
 * business day (payroll, rent) and almost nothing at weekends.
 */
import { addMonths, DAY_MS, isoDate, type Rng } from '@finlake/generator';

export interface Month {
  readonly index: number;
  /** Midnight UTC of the first day. */
  readonly startMs: number;
  readonly days: number;
  /** YYYY-MM */
  readonly period: string;
  /** 1..12 */
  readonly month: number;
}

export function monthsFrom(startMs: number, count: number): Month[] {
  const months: Month[] = [];
  for (let i = 0; i < count; i++) {
    const ms = addMonths(startMs, i);
    const days = Math.round((addMonths(startMs, i + 1) - ms) / DAY_MS);
    const iso = isoDate(ms);
    months.push({ index: i, startMs: ms, days, period: iso.slice(0, 7), month: Number(iso.slice(5, 7)) });
  }
  return months;
}

/** Mild seasonality by calendar month (Jan..Dec): a year-end December, busier quarter-end months. */
const MONTH_WEIGHT = [1.0, 0.92, 1.08, 0.98, 1.0, 1.08, 0.95, 0.9, 1.08, 1.0, 1.02, 1.2];
const WEEKEND_WEIGHT = 0.08;
/** The last three business days of a month, last first: a month end, a quarter end, a year end. */
const CLOSE_WEIGHT = { month: [4, 2.2, 1.5], quarter: [6.5, 3, 1.8], year: [9, 4, 2.2] } as const;
const FIRST_BUSINESS_DAY_WEIGHT = 1.8;

const isWeekend = (ms: number) => {
  const d = new Date(ms).getUTCDay();
  return d === 0 || d === 6;
};

/** Relative number of GL lines on each day of `month`, before noise. */
export function postingWeights(month: Month): number[] {
  const weights: number[] = [];
  const business: number[] = [];
  for (let d = 0; d < month.days; d++) {
    const weekend = isWeekend(month.startMs + d * DAY_MS);
    weights.push(weekend ? WEEKEND_WEIGHT : 1);
    if (!weekend) business.push(d);
  }
  if (business.length === 0) return weights;
  const close = month.month === 12 ? CLOSE_WEIGHT.year : month.month % 3 === 0 ? CLOSE_WEIGHT.quarter : CLOSE_WEIGHT.month;
  close.forEach((w, k) => {
    const d = business[business.length - 1 - k];
    if (d !== undefined) weights[d] = w;
  });
  weights[business[0]] = Math.max(weights[business[0]], FIRST_BUSINESS_DAY_WEIGHT);
  return weights.map((w) => w * MONTH_WEIGHT[month.month - 1]);
}

/** Weights of every day of the range, with a gentle growth trend and ±10% noise per day. */
export function rangeWeights(months: readonly Month[], rng: Rng): number[] {
  const total = months.reduce((n, m) => n + m.days, 0);
  const weights: number[] = [];
  for (const month of months) {
    for (const w of postingWeights(month)) {
      const growth = 1 + (0.12 * weights.length) / Math.max(1, total);
      weights.push(w * growth * rng.between(0.9, 1.1));
    }
  }
  return weights;
}
