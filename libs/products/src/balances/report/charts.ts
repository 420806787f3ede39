/**
 * The balances page's Vega-Lite charts: daily closing balance lines per account, the daily total
 * per currency, and the positions per product and location with lien vs available stacked. Days
 * are UTC (`utcyearmonthdate`) so the SVG is the same in every time zone.
 */
import { productSchemas } from '@finlake/contracts';
import { CHART_CONFIG, CHART_WIDTH, cycle, divideDecimals, formatCount, formatMoney, isoUtc, list, moneyAxis, MUTED, PALETTE, type ChartPlan } from '@finlake/report';
import type { AccountDay, CurrencyDay, PositionRow } from './figures';

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

/** Exact decimal text without trailing zeros, thousands grouped: "406250.000000" → "406,250". */
export const formatQuantity = (value: string | number) => formatCount(String(value).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, ''));
/** "MAIZE · WH1": a position's product and location. */
export const positionLabel = (r: Pick<PositionRow, 'product_code' | 'location_code'>) => `${r.product_code} · ${r.location_code}`;
/** The share of a position under lien, whole percent; null for an empty position. */
export const lienShare = (r: Pick<PositionRow, 'lien_units' | 'total_units'>) => divideDecimals(r.lien_units, r.total_units, 0, 100, 6);

/** The two stacked parts, in stack order: what may be sold or withdrawn, then what a lien holds. */
const PARTS = [
  { key: 'available_volume', label: 'Available', colour: PALETTE[0]! },
  { key: 'lien_volume', label: 'Under lien', colour: PALETTE[1]! },
] as const;

/**
 * One horizontal bar chart per unit of measure (volumes in KG and in SHARE do not share an axis),
 * a bar per product and location stacked available then under lien, its total and lien share
 * written beside it (so the split reads without colour).
 */
export function positionsChart(rows: readonly PositionRow[], day: string | null): ChartPlan | null {
  if (rows.length === 0 || day === null) return null;
  const measures = [...new Set(rows.map((r) => r.unit_of_measure))];
  const label = (r: PositionRow) => {
    const share = lienShare(r);
    return `${formatQuantity(r.total_volume)} ${r.unit_of_measure}${share === null ? '' : ` (${share}% under lien)`}`;
  };
  return {
    id: 'chart-positions',
    title: 'Positions by product and location: under lien vs available',
    description: `Stacked bar charts of every client's holding summed per product and location at the end of ${day}, in the product's unit of measure (units × the trading-unit size in force), one chart per unit of measure (${list(measures)}): ${list(rows.map((r) => `${positionLabel(r)} ${label(r)}`))}. Source: ${WAREHOUSE}.mart_product_position_daily.`,
    spec: {
      config: { ...CHART_CONFIG, title: { anchor: 'start', fontSize: 13, color: MUTED, offset: 6 } },
      vconcat: measures.map((uom) => {
        const shown = rows.filter((r) => r.unit_of_measure === uom);
        const sort = shown.map(positionLabel);
        const y = { field: 'position', type: 'nominal', sort, title: null, axis: { labelLimit: 260 } } as const;
        return {
          title: `Volume in ${uom}`,
          // Room beside the longest bar for its label.
          width: CHART_WIDTH - 160,
          height: { step: 24 },
          layer: [
            {
              data: { values: shown.flatMap((r) => PARTS.map((p, order) => ({ position: positionLabel(r), part: p.label, order, volume: Number(r[p.key]) }))) },
              mark: { type: 'bar' },
              encoding: {
                y,
                x: { field: 'volume', type: 'quantitative', stack: 'zero', title: `Volume (${uom})` },
                color: { field: 'part', type: 'nominal', title: 'Units', scale: { domain: PARTS.map((p) => p.label), range: PARTS.map((p) => p.colour) } },
                order: { field: 'order', type: 'quantitative' },
              },
            },
            {
              data: { values: shown.map((r) => ({ position: positionLabel(r), volume: Number(r.total_volume), label: label(r) })) },
              mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4 },
              encoding: { y, x: { field: 'volume', type: 'quantitative' }, text: { field: 'label' } },
            },
          ],
        };
      }),
    },
  };
}
