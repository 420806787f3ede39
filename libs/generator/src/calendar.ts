/** The generated period, daily demand (seasonality) and ordered intraday timestamps. */
import { DAY_MS } from './format';
import type { Rng } from './prng';

export interface Period {
  /** Midnight UTC of the first day. */
  readonly startMs: number;
  /** Midnight UTC after the last day (exclusive). */
  readonly endMs: number;
  readonly days: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Midnight UTC of a strict YYYY-MM-DD date, or undefined for a malformed or non-existent day. */
export function parseIsoDate(text: string): number | undefined {
  const m = ISO_DATE.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d ? ms : undefined;
}

/** Same day of month `months` later, clamped to the month's last day (Jan 31 + 1 month = Feb 29). */
export function addMonths(ms: number, months: number): number {
  const date = new Date(ms);
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(date.getUTCDate(), lastDay));
}

export function makePeriod(startMs: number, months: number): Period {
  const endMs = addMonths(startMs, months);
  return { startMs, endMs, days: Math.round((endMs - startMs) / DAY_MS) };
}

/** Relative demand by month (Jan..Dec): a quiet Q1, a strong Q4 with November/December peaks. */
const MONTH_WEIGHT = [0.8, 0.75, 0.9, 0.9, 0.95, 0.95, 1.0, 1.0, 0.95, 1.05, 1.5, 1.7];
const WEEKEND_WEIGHT = 1.3;

/** Black Friday (day after the fourth Thursday of November) and Cyber Monday. */
function holidayWeight(date: Date): number {
  if (date.getUTCMonth() !== 10) return 1;
  const firstWeekday = new Date(Date.UTC(date.getUTCFullYear(), 10, 1)).getUTCDay();
  const thanksgiving = 1 + ((4 - firstWeekday + 7) % 7) + 21;
  if (date.getUTCDate() === thanksgiving + 1) return 2.5;
  if (date.getUTCDate() === thanksgiving + 4) return 2.0;
  return 1;
}

/** Expected demand of the day starting at `dayMs`, before noise. */
export function demandWeight(dayMs: number): number {
  const date = new Date(dayMs);
  const weekday = date.getUTCDay();
  const weekend = weekday === 0 || weekday === 6 ? WEEKEND_WEIGHT : 1;
  return MONTH_WEIGHT[date.getUTCMonth()] * weekend * holidayWeight(date);
}

/** Demand per day with ±10% noise and a gentle growth trend over the period. */
export function dailyWeights(period: Period, rng: Rng): number[] {
  const weights: number[] = [];
  for (let d = 0; d < period.days; d++) {
    const growth = 1 + (0.15 * d) / Math.max(1, period.days);
    weights.push(demandWeight(period.startMs + d * DAY_MS) * growth * rng.between(0.9, 1.1));
  }
  return weights;
}

/** Splits `total` into integer parts proportional to `weights` that sum exactly to `total`. */
export function allocate(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts: number[] = [];
  let cumulative = 0;
  let given = 0;
  for (const w of weights) {
    cumulative += w;
    const upTo = Math.round((cumulative / sum) * total);
    counts.push(upTo - given);
    given = upTo;
  }
  counts[counts.length - 1] += total - given;
  return counts;
}

/** Share of sales per UTC hour: quiet nights, a lunch bump and an evening peak. */
const HOUR_WEIGHT = [
  0.3, 0.2, 0.15, 0.12, 0.12, 0.2, 0.4, 0.7, 1.0, 1.1, 1.15, 1.2, 1.25, 1.2, 1.15, 1.1, 1.1, 1.2, 1.4, 1.6, 1.7, 1.5,
  1.0, 0.6,
];
const HOUR_TOTAL = HOUR_WEIGHT.reduce((a, b) => a + b, 0);
const HOUR_START = HOUR_WEIGHT.map((_, h) => HOUR_WEIGHT.slice(0, h).reduce((a, b) => a + b, 0) / HOUR_TOTAL);

/** Inverse CDF of the intraday profile; monotone, so sorted fractions give sorted seconds. */
function secondOfDay(u: number): number {
  let h = 0;
  while (h < 23 && u >= HOUR_START[h + 1]) h++;
  const within = (u - HOUR_START[h]) / (HOUR_WEIGHT[h] / HOUR_TOTAL);
  return Math.min(86_399, Math.floor(h * 3600 + within * 3600));
}

/**
 * Hands out `counts[d]` timestamps for each day d, in ascending order, in O(1) memory: the next
 * value is the minimum of the remaining uniforms (sequential order statistics), so no day's
 * timestamps are ever generated and sorted as a batch.
 */
export class Timeline {
  private day = -1;
  private left = 0;
  private u = 0;

  constructor(
    private readonly period: Period,
    private readonly counts: readonly number[],
    private readonly rng: Rng,
  ) {}

  next(): number {
    while (this.left === 0) {
      this.day++;
      if (this.day >= this.counts.length) throw new Error('Timeline exhausted: more slots requested than allocated');
      this.left = this.counts[this.day];
      this.u = 0;
    }
    this.u = 1 - (1 - this.u) * Math.pow(this.rng.next(), 1 / this.left);
    this.left--;
    return this.period.startMs + this.day * DAY_MS + secondOfDay(this.u) * 1000;
  }
}
