/**
 * A small hand-made ledger ReportData for the page's unit tests (no database): months out of
 * name order, a revenue line over budget (favourable) beside an expense line over budget
 * (adverse), an unbudgeted refund, a department that moves business unit, and a second version.
 */
import type { ReportData } from '@finlake/report';
import type { LedgerFigures, MonthlyVarianceRow, YtdVarianceRow } from './figures';

type Key = { department: string; account: string; type?: string; bu: string; currentBu?: string; scenario?: string; version?: string };

const NAMES: Record<string, string> = { D101: 'Operations', D102: 'Technology', D103: 'Marketing <b>', A001: 'Office', A003: 'IT Equipment', A004: 'Professional Services', R100: 'Service Revenue' };

function monthly(period: string, k: Key, actual: string, budget: string | null, variance: string, status: string, favourable: string, favourableVariance: string, material = false): MonthlyVarianceRow {
  const month = Number(period.slice(5));
  return {
    period, period_key: Number(period.replace('-', '')), fiscal_year: Number(period.slice(0, 4)), fiscal_period: month, month_number: month,
    department_id: k.department, department_name: NAMES[k.department]!, business_unit: k.bu, current_business_unit: k.currentBu ?? k.bu,
    account_id: k.account, account_name: NAMES[k.account]!, account_type: k.type ?? 'Expense', chart_of_accounts_category: null,
    scenario: k.scenario ?? 'Budget', version: k.version ?? 'v1', actual, budget, variance, status, favourable, favourable_variance: favourableVariance, material,
  };
}

function ytd(through: string, k: Key, actual: string, budget: string | null, variance: string, fyBudget: string | null, favourable: string, favourableVariance: string): YtdVarianceRow {
  return {
    fiscal_year: Number(through.slice(0, 4)), through_period: through, through_period_key: Number(through.replace('-', '')), through_fiscal_period: Number(through.slice(5)),
    department_id: k.department, department_name: NAMES[k.department]!, business_unit: k.bu, current_business_unit: k.currentBu ?? k.bu,
    account_id: k.account, account_name: NAMES[k.account]!, account_type: k.type ?? 'Expense', scenario: k.scenario ?? 'Budget', version: k.version ?? 'v1',
    ytd_actual: actual, ytd_budget: budget, ytd_variance: variance, fy_budget: fyBudget,
    remaining_budget: fyBudget === null ? null : (Number(fyBudget) - Number(actual)).toFixed(2), favourable, favourable_variance: favourableVariance,
  };
}

const OFFICE: Key = { department: 'D101', account: 'A001', bu: 'Corporate' };
const SERVICES: Key = { department: 'D102', account: 'A004', bu: 'Corporate' };
const REVENUE_FEB: Key = { department: 'D103', account: 'R100', type: 'Revenue', bu: 'Marketing', currentBu: 'Sales' };
const REVENUE_MAR: Key = { ...REVENUE_FEB, bu: 'Sales' };
const REFUND: Key = { department: 'D103', account: 'A003', type: 'Asset', bu: 'Sales' };
const FORECAST: Key = { ...SERVICES, scenario: 'Forecast', version: 'Q2 <re>' };

export function ledgerFiguresSample(): LedgerFigures {
  return {
    // Out of order on purpose: the page orders by period_key.
    monthly: [
      monthly('2024-03', REFUND, '-500.00', null, '-500.00', 'UNBUDGETED', 'FAVOURABLE', '500.00'),
      monthly('2024-02', SERVICES, '12000.00', '10000.00', '2000.00', 'OVER', 'ADVERSE', '-2000.00', true),
      monthly('2024-02', FORECAST, '12000.00', '11000.00', '1000.00', 'OVER', 'ADVERSE', '-1000.00'),
      monthly('2024-01', OFFICE, '1500.00', '2000.00', '-500.00', 'UNDER', 'FAVOURABLE', '500.00'),
      monthly('2024-02', REVENUE_FEB, '1200.00', '1000.00', '200.00', 'OVER', 'FAVOURABLE', '200.00'),
      monthly('2024-03', OFFICE, '0.00', '300.00', '-300.00', 'NO_ACTIVITY', 'FAVOURABLE', '300.00'),
    ],
    ytd: [
      ytd('2024-01', OFFICE, '1500.00', '2000.00', '-500.00', '2300.00', 'FAVOURABLE', '500.00'),
      ytd('2024-02', OFFICE, '1500.00', '2000.00', '-500.00', '2300.00', 'FAVOURABLE', '500.00'),
      ytd('2024-02', SERVICES, '12000.00', '10000.00', '2000.00', '10000.00', 'ADVERSE', '-2000.00'),
      ytd('2024-02', REVENUE_FEB, '1200.00', '1000.00', '200.00', '1000.00', 'FAVOURABLE', '200.00'),
      ytd('2024-02', FORECAST, '12000.00', '11000.00', '1000.00', '11000.00', 'ADVERSE', '-1000.00'),
      ytd('2024-03', OFFICE, '1500.00', '2300.00', '-800.00', '2300.00', 'FAVOURABLE', '800.00'),
      ytd('2024-03', SERVICES, '12000.00', '10000.00', '2000.00', '10000.00', 'ADVERSE', '-2000.00'),
      ytd('2024-03', REVENUE_MAR, '1200.00', '1000.00', '200.00', '1000.00', 'FAVOURABLE', '200.00'),
      ytd('2024-03', REFUND, '-500.00', null, '-500.00', null, 'FAVOURABLE', '500.00'),
      ytd('2024-03', FORECAST, '12000.00', '11000.00', '1000.00', '11000.00', 'ADVERSE', '-1000.00'),
    ],
  };
}

export function ledgerReportSample(): ReportData<LedgerFigures> {
  return {
    product: 'ledger',
    currency: 'USD',
    figures: ledgerFiguresSample(),
    quality: {
      batches: [
        { batch_id: 'c'.repeat(64), file_name: 'transactions.csv', entity: 'transactions', rows_read: 9, rows_loaded: 9, rows_quarantined: 0, loaded_at: '2025-06-30 12:00:03' },
      ],
      quarantine: [],
      gate: null,
      latestRun: null,
    },
  };
}
