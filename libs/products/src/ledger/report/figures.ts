/**
 * The ledger page's figures: the monthly and year-to-date variance marts, read whole (one row per
 * month, department, account, scenario and version: small). Money arrives as exact decimal text;
 * the marts' floating-point percentages are not read: the page works every percentage out
 * exactly from the sums (summary.ts). Row shapes are type aliases, so they are engine Rows.
 */
import type { Engine } from '@finlake/engine';

export type MonthlyVarianceRow = {
  /** YYYY-MM */
  period: string;
  period_key: number;
  fiscal_year: number;
  fiscal_period: number;
  month_number: number;
  department_id: string;
  department_name: string;
  /** As posted: the business unit in force on the month's first day. */
  business_unit: string;
  /** Restated to today's organisation. */
  current_business_unit: string;
  account_id: string;
  account_name: string;
  account_type: string;
  chart_of_accounts_category: string | null;
  scenario: string;
  version: string;
  actual: string;
  /** NULL: no budget line (unknown, never 0). */
  budget: string | null;
  variance: string;
  status: string;
  favourable: string;
  /** variance × f(account type): positive is good; NULL for Liability and Equity. */
  favourable_variance: string | null;
  material: boolean;
};

export type YtdVarianceRow = {
  fiscal_year: number;
  through_period: string;
  through_period_key: number;
  through_fiscal_period: number;
  department_id: string;
  department_name: string;
  business_unit: string;
  current_business_unit: string;
  account_id: string;
  account_name: string;
  account_type: string;
  scenario: string;
  version: string;
  ytd_actual: string;
  ytd_budget: string | null;
  ytd_variance: string;
  fy_budget: string | null;
  remaining_budget: string | null;
  favourable: string;
  favourable_variance: string | null;
};

export interface LedgerFigures {
  monthly: MonthlyVarianceRow[];
  ytd: YtdVarianceRow[];
}

export async function loadLedgerFigures(engine: Engine, mart: (name: string) => string): Promise<LedgerFigures> {
  const monthly = await engine.query<MonthlyVarianceRow>(
    `select period, period_key, fiscal_year, fiscal_period, month_number, department_id, department_name, business_unit, current_business_unit,
            account_id, account_name, account_type, chart_of_accounts_category, scenario, version, actual, budget, variance, status, favourable,
            favourable_variance, material
     from ${mart('mart_budget_variance_monthly')} order by period_key, department_id, account_id, scenario, version`,
  );
  const ytd = await engine.query<YtdVarianceRow>(
    `select fiscal_year, through_period, through_period_key, through_fiscal_period, department_id, department_name, business_unit, current_business_unit,
            account_id, account_name, account_type, scenario, version, ytd_actual, ytd_budget, ytd_variance, fy_budget, remaining_budget, favourable,
            favourable_variance
     from ${mart('mart_budget_variance_ytd')} order by through_period_key, department_id, account_id, scenario, version`,
  );
  // Integers may come back as BigInt or text from some engines: numbers for sorting.
  return {
    monthly: monthly.map((r) => ({ ...r, period_key: Number(r.period_key), fiscal_year: Number(r.fiscal_year), fiscal_period: Number(r.fiscal_period), month_number: Number(r.month_number), material: r.material === true || String(r.material) === 'true' })),
    ytd: ytd.map((r) => ({ ...r, through_period_key: Number(r.through_period_key), fiscal_year: Number(r.fiscal_year), through_fiscal_period: Number(r.through_fiscal_period) })),
  };
}
