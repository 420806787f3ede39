/**
 * The balances page's Vega-Lite charts: daily closing balance lines per account, the daily total
 * per currency, the positions per product and location with lien vs available stacked, and each
 * store's stock with reserved vs available stacked. Days are UTC (`utcyearmonthdate`) so the SVG
 * is the same in every time zone.
 */
import { productSchemas } from '@finlake/contracts';
import { CHART_CONFIG, CHART_WIDTH, cycle, divideDecimals, formatCount, formatMoney, isoUtc, list, moneyAxis, MUTED, PALETTE, type ChartPlan } from '@finlake/report';
import type { AccountDay, CurrencyDay, PositionRow, StoreVolumeRow } from './figures';

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

/** One bar of a chart by unit of measure: its name, measure, the volume of each part in stack order, its total and the text beside it. */
interface MeasureBar {
  readonly name: string;
  readonly measure: string;
  readonly parts: readonly number[];
  readonly total: number;
  readonly text: string;
}

/**
 * One horizontal bar chart per unit of measure (volumes in KG and in SHARE do not share an axis),
 * each bar stacked in the parts' order, its total and text written beside it (so the split reads
 * without colour). `field` names the bars in the data.
 */
function stackedByMeasure(bars: readonly MeasureBar[], field: string, parts: readonly { label: string; colour: string }[], legend: string): ChartPlan['spec'] {
  const measures = [...new Set(bars.map((b) => b.measure))];
  return {
    config: { ...CHART_CONFIG, title: { anchor: 'start', fontSize: 13, color: MUTED, offset: 6 } },
    vconcat: measures.map((uom) => {
      const shown = bars.filter((b) => b.measure === uom);
      const y = { field, type: 'nominal', sort: shown.map((b) => b.name), title: null, axis: { labelLimit: 260 } } as const;
      return {
        title: `Volume in ${uom}`,
        // Room beside the longest bar for its label.
        width: CHART_WIDTH - 160,
        height: { step: 24 },
        layer: [
          {
            data: { values: shown.flatMap((b) => parts.map((p, order) => ({ [field]: b.name, part: p.label, order, volume: b.parts[order] }))) },
            mark: { type: 'bar' },
            encoding: {
              y,
              x: { field: 'volume', type: 'quantitative', stack: 'zero', title: `Volume (${uom})` },
              color: { field: 'part', type: 'nominal', title: legend, scale: { domain: parts.map((p) => p.label), range: parts.map((p) => p.colour) } },
              order: { field: 'order', type: 'quantitative' },
            },
          },
          {
            data: { values: shown.map((b) => ({ [field]: b.name, volume: b.total, label: b.text })) },
            mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4 },
            encoding: { y, x: { field: 'volume', type: 'quantitative' }, text: { field: 'label' } },
          },
        ],
      };
    }),
  };
}

/** The positions per product and location, stacked available then under lien, one chart per unit of measure. */
export function positionsChart(rows: readonly PositionRow[], day: string | null): ChartPlan | null {
  if (rows.length === 0 || day === null) return null;
  const measures = [...new Set(rows.map((r) => r.unit_of_measure))];
  const label = (r: PositionRow) => {
    const share = lienShare(r);
    return `${formatQuantity(r.total_volume)} ${r.unit_of_measure}${share === null ? '' : ` (${share}% under lien)`}`;
  };
  const bars = rows.map((r) => ({ name: positionLabel(r), measure: r.unit_of_measure, parts: PARTS.map((p) => Number(r[p.key])), total: Number(r.total_volume), text: label(r) }));
  return {
    id: 'chart-positions',
    title: 'Positions by product and location: under lien vs available',
    description: `Stacked bar charts of every client's holding summed per product and location at the end of ${day}, in the product's unit of measure (units × the trading-unit size in force), one chart per unit of measure (${list(measures)}): ${list(rows.map((r) => `${positionLabel(r)} ${label(r)}`))}. Source: ${WAREHOUSE}.mart_product_position_daily.`,
    spec: stackedByMeasure(bars, 'position', PARTS, 'Units'),
  };
}

/** A store's share of its volume reserved, whole percent; null for an empty store. */
export const reservedShare = (r: Pick<StoreVolumeRow, 'reserved_volume' | 'total_volume'>) => divideDecimals(r.reserved_volume, r.total_volume, 0, 100, 6);

/** A store's stock in stack order: what may be issued or reserved, then what is held for an order. */
const STOCK_PARTS = [
  { key: 'available_volume', label: 'Available', colour: PALETTE[0]! },
  { key: 'reserved_volume', label: 'Reserved', colour: PALETTE[1]! },
] as const;

/** Each store's stock summed over its products and quality levels, stacked available then reserved, one chart per unit of measure. */
export function inventoryChart(rows: readonly StoreVolumeRow[], day: string | null): ChartPlan | null {
  if (rows.length === 0 || day === null) return null;
  const measures = [...new Set(rows.map((r) => r.unit_of_measure))];
  const label = (r: StoreVolumeRow) => {
    const share = reservedShare(r);
    return `${formatQuantity(r.total_volume)} ${r.unit_of_measure}${share === null ? '' : ` (${share}% reserved)`}`;
  };
  const bars = rows.map((r) => ({ name: r.store_id, measure: r.unit_of_measure, parts: STOCK_PARTS.map((p) => Number(r[p.key])), total: Number(r.total_volume), text: label(r) }));
  return {
    id: 'chart-inventory',
    title: 'Inventory by store: reserved vs available',
    description: `Stacked bar charts of each store's stock summed over its products and quality levels at the end of ${day}, in the products' unit of measure, one chart per unit of measure (${list(measures)}): ${list(rows.map((r) => `${r.store_id} ${label(r)}`))}. Source: ${WAREHOUSE}.fact_inventory_daily_position.`,
    spec: stackedByMeasure(bars, 'store', STOCK_PARTS, 'Stock'),
  };
}
