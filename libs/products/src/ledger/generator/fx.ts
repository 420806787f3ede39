/**
 * Monthly rates to the reporting currency (USD) for each foreign currency: a random walk from a
 * realistic level. The table covers the generated months and the month after them, the month the
 * incremental close posts to, so its foreign lines have their rate too.
 */
import type { Rng } from '@finlake/generator';
import { FOREIGN_CURRENCIES } from './columns';
import type { Month } from './calendar';
import { gaussian } from './random';

/** Rates in 1/10,000 (RateToReporting is written with 4 decimals). */
const START_RATE: Record<(typeof FOREIGN_CURRENCIES)[number], number> = { EUR: 10_850, GBP: 12_650 };
const MONTHLY_VOLATILITY = 0.015;

export interface FxTable {
  /** rate[currency index in FOREIGN_CURRENCIES][month index], in 1/10,000. */
  readonly rates: readonly (readonly number[])[];
}

export function buildFx(months: number, rng: Rng): FxTable {
  return {
    rates: FOREIGN_CURRENCIES.map((c) => {
      const series: number[] = [];
      let rate = START_RATE[c];
      for (let m = 0; m < months; m++) {
        series.push(rate);
        rate = Math.max(5_000, Math.round(rate * (1 + MONTHLY_VOLATILITY * gaussian(rng))));
      }
      return series;
    }),
  };
}

const fourDecimals = (units: number) => `${Math.floor(units / 10_000)}.${String(units % 10_000).padStart(4, '0')}`;

/** One row per month per foreign currency, by period then currency. */
export function fxRows(fx: FxTable, months: readonly Month[]): string[][] {
  const rows: string[][] = [];
  months.forEach((month, m) => FOREIGN_CURRENCIES.forEach((c, i) => rows.push([month.period, c, fourDecimals(fx.rates[i][m])])));
  return rows;
}
