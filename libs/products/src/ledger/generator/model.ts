/**
 * Everything a generation and its incremental close share, derived from the seed, the number of
 * GL lines and the calendar only: the same inputs rebuild the same masters and rates.
 */
import { parseIsoDate, Rng } from '@finlake/generator';
import { UsageError } from '@finlake/errors';
import { buildAccounts, buildDepartments, type Account, type Department } from './chart';
import { monthsFrom, type Month } from './calendar';
import { buildFx, type FxTable } from './fx';
import { DEFAULT_MONTHS, ledgerShape, type LedgerShape } from './shape';

export const DEFAULT_START_MONTH = '2022-01';
export const MAX_MONTHS = 120;

export interface LedgerCalendar {
  /** First generated month, YYYY-MM. */
  readonly startMonth: string;
  /** Generated months; the incremental close posts to the month after them. */
  readonly months: number;
}

export interface LedgerModel {
  readonly shape: LedgerShape;
  readonly calendar: LedgerCalendar;
  /** The generated months and, last, the month of the incremental close. */
  readonly months: readonly Month[];
  readonly accounts: readonly Account[];
  readonly departments: readonly Department[];
  readonly fx: FxTable;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function checkCalendar(startMonth: string, months: number): number {
  if (!Number.isInteger(months) || months < 1 || months > MAX_MONTHS) throw new UsageError(`months must be a whole number from 1 to ${MAX_MONTHS}, got ${months}`);
  const startMs = MONTH.test(startMonth) ? parseIsoDate(`${startMonth}-01`) : undefined;
  if (startMs === undefined || startMs < Date.UTC(1901, 0, 1)) throw new UsageError(`startMonth must be a month as YYYY-MM from 1901-01, got '${startMonth}'`);
  return startMs;
}

export function buildModel(seed: number, lines: number, calendar: LedgerCalendar): LedgerModel {
  const startMs = checkCalendar(calendar.startMonth, calendar.months);
  const shape = ledgerShape(lines);
  const months = monthsFrom(startMs, calendar.months + 1);
  return {
    shape,
    calendar,
    months,
    accounts: buildAccounts(shape.accounts, calendar.months, new Rng(seed, 'accounts')),
    departments: buildDepartments(shape.departments, calendar.months, new Rng(seed, 'departments')),
    fx: buildFx(months.length, new Rng(seed, 'fx')),
  };
}

export const defaultCalendar = (): LedgerCalendar => ({ startMonth: DEFAULT_START_MONTH, months: DEFAULT_MONTHS });
