/**
 * The balances page's Vega-Lite charts: daily closing balance lines per account and the daily
 * total per currency. Days are UTC (`utcyearmonthdate`) so the SVG is the same in every time zone.
 */
import { productSchemas } from '@finlake/contracts';
import { CHART_CONFIG, CHART_WIDTH, cycle, formatMoney, isoUtc, list, moneyAxis, PALETTE, type ChartPlan } from '@finlake/report';
import type { AccountDay, CurrencyDay } from './figures';

const WAREHOUSE = productSchemas('balances').warehouse;
const DAY_AXIS = { field: 'day', type: 'temporal', timeUnit: 'utcyearmonthdate', title: 'Business day', axis: { format: '%d %b %Y', grid: false, labelOverlap: true } } as const;

export function accountBalanceChart(rows: readonly AccountDay[]): ChartPlan | null {
  const accounts = [...new Set(rows.map((r) => r.account_id))];
  if (accounts.length === 0) return null;
  const last = new Map(rows.map((r) => [r.account_id, r]));
  return {
    id: 'chart-account-balances',
    title: 'Daily closing balance by account',
    description: `Line chart of each account's closing balance per business day, ${accounts.length} account(s) with the largest last balance: ${list(accounts.map((a) => `${a} ${formatMoney(last.get(a)!.closing_balance, last.get(a)!.currency)}`))} on the last day. Source: ${WAREHOUSE}.fact_account_daily_balance.`,
    spec: {
      config: CHART_CONFIG,
      width: CHART_WIDTH,
      height: 260,
      data: { values: rows.map((r) => ({ day: isoUtc(r.balance_date), account: `${r.account_id} (${r.currency})`, balance: Number(r.closing_balance) })) },
      mark: { type: 'line', strokeWidth: 2, interpolate: 'step-after' },
      encoding: {
        x: DAY_AXIS,
        y: { field: 'balance', type: 'quantitative', title: 'Closing balance (account currency)', axis: { format: ',.0f' } },
        color: { field: 'account', type: 'nominal', title: 'Account', scale: { range: cycle(PALETTE, accounts.length) } },
      },
    },
  };
}

export function currencyTotalChart(rows: readonly CurrencyDay[]): ChartPlan | null {
  const currencies = [...new Set(rows.map((r) => r.currency))];
  if (currencies.length === 0) return null;
  return {
    id: 'chart-currency-totals',
    title: 'Total balance per currency and day',
    description: `Line chart of the sum of every account's closing balance per business day, one line per currency (${list(currencies)}): summed across accounts on one day, never across days. Source: ${WAREHOUSE}.fact_account_daily_balance.`,
    spec: {
      config: CHART_CONFIG,
      width: CHART_WIDTH,
      height: 220,
      data: { values: rows.map((r) => ({ day: isoUtc(r.balance_date), currency: r.currency, total: Number(r.total_balance) })) },
      mark: { type: 'line', strokeWidth: 2 },
      encoding: {
        x: DAY_AXIS,
        y: { field: 'total', type: 'quantitative', title: 'Total closing balance', axis: { format: moneyAxis(currencies.length === 1 ? currencies[0]! : '') } },
        color: { field: 'currency', type: 'nominal', title: 'Currency', scale: { domain: currencies, range: cycle(PALETTE, currencies.length) } },
      },
    },
  };
}
