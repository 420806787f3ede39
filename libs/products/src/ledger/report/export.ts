/**
 * The page's CSV downloads: the monthly and year-to-date marts with the percentages worked out
 * exactly (in percent, two decimals, empty without a budget). Cells go through libs/report's
 * csvCell, so a name like =HYPERLINK(...) opens as text, never as a formula.
 */
import { toCsv } from '@finlake/report';
import type { LedgerFigures } from './figures';
import { amounts } from './summary';

export const MONTHLY_CSV_COLUMNS = [
  'period', 'fiscal_year', 'fiscal_period', 'business_unit', 'current_business_unit', 'department_id', 'department_name', 'account_id', 'account_name', 'account_type',
  'scenario', 'version', 'actual', 'budget', 'variance', 'variance_pct', 'status', 'favourable', 'material',
];

export const YTD_CSV_COLUMNS = [
  'fiscal_year', 'through_period', 'business_unit', 'current_business_unit', 'department_id', 'department_name', 'account_id', 'account_name', 'account_type',
  'scenario', 'version', 'ytd_actual', 'ytd_budget', 'ytd_variance', 'ytd_variance_pct', 'fy_budget', 'remaining_budget', 'favourable',
];

export function monthlyCsv(figures: Pick<LedgerFigures, 'monthly'>): string {
  return toCsv(
    figures.monthly.map((r) => ({ ...r, variance_pct: amounts([r.actual], [r.budget]).variancePct })),
    MONTHLY_CSV_COLUMNS,
  );
}

export function ytdCsv(figures: Pick<LedgerFigures, 'ytd'>): string {
  return toCsv(
    figures.ytd.map((r) => ({ ...r, ytd_variance_pct: amounts([r.ytd_actual], [r.ytd_budget]).variancePct })),
    YTD_CSV_COLUMNS,
  );
}
