/**
 * How big each dimension is for a number of GL lines. The benchmark shape (the ledger issue) is
 * 10M GL lines over 2,000 accounts × 200 departments × 36 months; below it the chart of accounts
 * shrinks with the square root of the size and the departments with its 0.4th power, so a small
 * file still has several lines per key (1,000 lines: 20 accounts × 5 departments); above it the
 * dimensions stay at the benchmark shape and the lines get denser. The calendar is 36 months at
 * every size, so every size has three fiscal years to compare.
 */

export const BENCH_LINES = 10_000_000;
export const BENCH_ACCOUNTS = 2_000;
export const BENCH_DEPARTMENTS = 200;
export const DEFAULT_MONTHS = 36;
/** One account of each type and a few more, so every kind of line and a reclassification exist. */
export const MIN_ACCOUNTS = 8;
export const MIN_DEPARTMENTS = 3;

export interface LedgerShape {
  readonly accounts: number;
  readonly departments: number;
}

export function ledgerShape(lines: number): LedgerShape {
  const f = Math.min(1, Math.max(0, lines) / BENCH_LINES);
  return {
    accounts: Math.max(MIN_ACCOUNTS, Math.round(BENCH_ACCOUNTS * Math.sqrt(f))),
    departments: Math.max(MIN_DEPARTMENTS, Math.round(BENCH_DEPARTMENTS * Math.pow(f, 0.4))),
  };
}
