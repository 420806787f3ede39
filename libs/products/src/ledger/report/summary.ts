/**
 * Budget vs actual from the marts, the way docs/ledger.md defines roll-ups: actual and budget are
 * summed first (exactly, in cents), then variance = actual − budget and variance % = variance ÷
 * |budget| come from the sums; percentages are never averaged. A NULL budget (no budget line) is
 * unknown, never 0: a group's budget is NULL only when none of its rows has one. Favourability
 * of a group is the sign of its summed favourable_variance (positive is always good), so revenue
 * over budget and expense under budget both read favourable. Pure functions of the figures.
 */
import { compareText, divideDecimals, formatMonth, isNegative, subtractDecimals, sumDecimals } from '@finlake/report';
import type { LedgerFigures, MonthlyVarianceRow, YtdVarianceRow } from './figures';

/** Money is DECIMAL(18,2) in the marts. */
const SCALE = 2;

export interface Amounts {
  actual: string;
  /** NULL: no budget line at all in the group. */
  budget: string | null;
  /** actual − COALESCE(budget, 0) */
  variance: string;
  /** variance ÷ |budget| in percent, two decimals; NULL without a budget or with a budget of 0. */
  variancePct: string | null;
}

const abs = (value: string) => value.replace(/^-/, '');

/** Sum of the values that are present; NULL when none is. */
export function sumPresent(values: readonly (string | null)[]): string | null {
  const present = values.filter((v): v is string => v !== null);
  return present.length ? sumDecimals(present, SCALE) : null;
}

export function amounts(actuals: readonly string[], budgets: readonly (string | null)[]): Amounts {
  const actual = sumDecimals(actuals, SCALE);
  const budget = sumPresent(budgets);
  const variance = subtractDecimals(actual, budget ?? '0', SCALE);
  return { actual, budget, variance, variancePct: budget === null ? null : divideDecimals(variance, abs(budget), SCALE, 100) };
}

export type Favourability = 'FAVOURABLE' | 'ADVERSE' | 'ON_BUDGET' | 'N/A';

/** The sign of Σ favourable_variance; N/A when every row is a Liability or Equity account. */
export function favourability(favourableVariances: readonly (string | null)[]): Favourability {
  const sum = sumPresent(favourableVariances);
  if (sum === null) return 'N/A';
  if (isNegative(sum)) return 'ADVERSE';
  return /[1-9]/.test(sum) ? 'FAVOURABLE' : 'ON_BUDGET';
}

const READING: Record<Favourability, string> = { FAVOURABLE: 'favourable', ADVERSE: 'adverse', ON_BUDGET: 'on budget', 'N/A': 'not applicable' };
/** The reading in words, for tables, legends and screen readers (never colour alone). */
export const reading = (f: Favourability) => READING[f];

export interface BudgetVersion {
  scenario: string;
  version: string;
  /** "Budget v1" */
  label: string;
  /** For ids: "budget-v1" (unique among the page's versions). */
  slug: string;
}

/** Every (scenario, version) in the marts: scenario Budget first, then by name. */
export function budgetVersions(figures: Pick<LedgerFigures, 'monthly'>): BudgetVersion[] {
  const pairs = new Map<string, { scenario: string; version: string }>();
  for (const r of figures.monthly) pairs.set(JSON.stringify([r.scenario, r.version]), { scenario: r.scenario, version: r.version });
  const sorted = [...pairs.values()].sort((a, b) => Number(b.scenario === 'Budget') - Number(a.scenario === 'Budget') || compareText(a.scenario, b.scenario) || compareText(a.version, b.version));
  return sorted.map((v, i) => ({ ...v, label: `${v.scenario} ${v.version}`, slug: `v${i + 1}-${`${v.scenario}-${v.version}`.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}` }));
}

const inVersion = (v: Pick<BudgetVersion, 'scenario' | 'version'>) => (r: { scenario: string; version: string }) => r.scenario === v.scenario && r.version === v.version;

export interface Month {
  /** YYYY-MM */
  period: string;
  periodKey: number;
  /** "Mar 2024" */
  label: string;
}

/** The months of the marts in calendar order (period_key), never by name. */
export function months(figures: Pick<LedgerFigures, 'monthly'>): Month[] {
  const byKey = new Map(figures.monthly.map((r) => [r.period_key, r.period]));
  return [...byKey.entries()].sort((a, b) => a[0] - b[0]).map(([periodKey, period]) => ({ period, periodKey, label: formatMonth(`${period}-01`) }));
}

/** Whose organisation groups the departments: as posted (the month's) or restated (today's). */
export type Organisation = 'posted' | 'restated';

export type LineKind = 'total' | 'business_unit' | 'department' | 'account';

export interface BvaLine {
  kind: LineKind;
  /** Business unit, "D101 Operations" or "A001 Office & General Expenses"; "Total" for the total. */
  label: string;
  /** The month; NULL when the line has no row in the month (only year-to-date figures). */
  month: Amounts | null;
  /** The mart's status (account lines only). */
  status: string | null;
  monthFavourable: Favourability | null;
  /** Material variances of the month in the line (an account line: 1 or 0). */
  material: number;
  ytd: Amounts | null;
  ytdFavourable: Favourability | null;
  /** The fiscal year's whole budget; NULL when no line has one. */
  fyBudget: string | null;
  /** fy budget − YTD actual, from the sums. */
  remaining: string | null;
}

interface KeyRows {
  month: MonthlyVarianceRow | undefined;
  ytd: YtdVarianceRow | undefined;
}

function line(kind: LineKind, label: string, keys: readonly KeyRows[]): BvaLine {
  const m = keys.map((k) => k.month).filter((r): r is MonthlyVarianceRow => r !== undefined);
  const y = keys.map((k) => k.ytd).filter((r): r is YtdVarianceRow => r !== undefined);
  const ytd = y.length ? amounts(y.map((r) => r.ytd_actual), y.map((r) => r.ytd_budget)) : null;
  const fyBudget = sumPresent(y.map((r) => r.fy_budget));
  return {
    kind,
    label,
    month: m.length ? amounts(m.map((r) => r.actual), m.map((r) => r.budget)) : null,
    status: kind === 'account' ? (m[0]?.status ?? null) : null,
    monthFavourable: m.length ? favourability(m.map((r) => r.favourable_variance)) : null,
    material: m.filter((r) => r.material).length,
    ytd,
    ytdFavourable: y.length ? favourability(y.map((r) => r.favourable_variance)) : null,
    fyBudget,
    remaining: fyBudget === null || ytd === null ? null : subtractDecimals(fyBudget, ytd.actual, SCALE),
  };
}

const groupBy = <T>(items: readonly T[], key: (item: T) => string, order: (a: string, b: string) => number = compareText): [string, T[]][] => {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return [...groups.entries()].sort((a, b) => order(a[0], b[0]));
};

/**
 * The budget-vs-actual pack of one version for one month: the total, then each business unit,
 * its departments and their accounts, with the month and the year to date through it. A key is
 * a department and account with a row in the month or in the year to date.
 */
export function bvaLines(figures: LedgerFigures, version: Pick<BudgetVersion, 'scenario' | 'version'>, period: string, organisation: Organisation): BvaLine[] {
  const keyOf = (r: { department_id: string; account_id: string }) => JSON.stringify([r.department_id, r.account_id]);
  const monthRows = new Map(figures.monthly.filter(inVersion(version)).filter((r) => r.period === period).map((r) => [keyOf(r), r]));
  const ytdRows = new Map(figures.ytd.filter(inVersion(version)).filter((r) => r.through_period === period).map((r) => [keyOf(r), r]));
  const keys = [...new Set([...monthRows.keys(), ...ytdRows.keys()])].map((k) => {
    const rows: KeyRows = { month: monthRows.get(k), ytd: ytdRows.get(k) };
    const r = (rows.month ?? rows.ytd)!;
    return {
      ...rows,
      businessUnit: organisation === 'posted' ? r.business_unit : r.current_business_unit,
      department: `${r.department_id} ${r.department_name}`,
      departmentId: r.department_id,
      account: `${r.account_id} ${r.account_name}`,
      accountId: r.account_id,
    };
  });
  if (keys.length === 0) return [];
  const lines: BvaLine[] = [line('total', 'Total', keys)];
  for (const [unit, unitKeys] of groupBy(keys, (k) => k.businessUnit)) {
    lines.push(line('business_unit', unit, unitKeys));
    for (const [, deptKeys] of groupBy(unitKeys, (k) => k.departmentId)) {
      lines.push(line('department', deptKeys[0]!.department, deptKeys));
      for (const k of [...deptKeys].sort((a, b) => compareText(a.accountId, b.accountId))) lines.push(line('account', k.account, [k]));
    }
  }
  return lines;
}

export interface MonthTotals {
  month: Month;
  amounts: Amounts;
  favourable: Favourability;
  material: number;
  ytd: Amounts | null;
  ytdFavourable: Favourability | null;
}

/** One line per month of a version, in calendar order: the month's totals and the YTD through it. */
export function monthTotals(figures: LedgerFigures, version: Pick<BudgetVersion, 'scenario' | 'version'>): MonthTotals[] {
  const monthly = figures.monthly.filter(inVersion(version));
  const ytd = figures.ytd.filter(inVersion(version));
  return months({ monthly }).map((month) => {
    const m = monthly.filter((r) => r.period === month.period);
    const y = ytd.filter((r) => r.through_period === month.period);
    return {
      month,
      amounts: amounts(m.map((r) => r.actual), m.map((r) => r.budget)),
      favourable: favourability(m.map((r) => r.favourable_variance)),
      material: m.filter((r) => r.material).length,
      ytd: y.length ? amounts(y.map((r) => r.ytd_actual), y.map((r) => r.ytd_budget)) : null,
      ytdFavourable: y.length ? favourability(y.map((r) => r.favourable_variance)) : null,
    };
  });
}

export interface DepartmentMonth {
  department: string;
  month: Month;
  amounts: Amounts;
  favourable: Favourability;
}

/** Each department's variance per month (sums of its accounts), departments by id, months in order. */
export function departmentMonths(figures: LedgerFigures, version: Pick<BudgetVersion, 'scenario' | 'version'>): DepartmentMonth[] {
  const monthly = figures.monthly.filter(inVersion(version));
  const calendar = months({ monthly });
  return groupBy(monthly, (r) => r.department_id).flatMap(([, rows]) =>
    calendar.flatMap((month) => {
      const m = rows.filter((r) => r.period === month.period);
      return m.length ? [{ department: `${m[0]!.department_id} ${m[0]!.department_name}`, month, amounts: amounts(m.map((r) => r.actual), m.map((r) => r.budget)), favourable: favourability(m.map((r) => r.favourable_variance)) }] : [];
    }),
  );
}

export interface LedgerTotals extends Amounts {
  /** The version the KPI tiles show (the first: scenario Budget first). */
  scenario: string | null;
  version: string | null;
  materialVariances: number;
  firstMonth: string | null;
  lastMonth: string | null;
  months: number;
  versions: number;
}

/** Every month of the first version, summed. */
export function computeTotals(figures: LedgerFigures): LedgerTotals {
  const [first] = budgetVersions(figures);
  const rows = first ? figures.monthly.filter(inVersion(first)) : [];
  const calendar = months(figures);
  return {
    ...amounts(rows.map((r) => r.actual), rows.map((r) => r.budget)),
    scenario: first?.scenario ?? null,
    version: first?.version ?? null,
    materialVariances: rows.filter((r) => r.material).length,
    firstMonth: calendar[0] ? `${calendar[0].period}-01` : null,
    lastMonth: calendar.length ? `${calendar[calendar.length - 1]!.period}-01` : null,
    months: calendar.length,
    versions: budgetVersions(figures).length,
  };
}
