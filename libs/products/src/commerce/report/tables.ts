/** The commerce page's tables: which mart columns people see, and how they read. */
import { countColumn as count, formatMoney, formatMonth, formatPercent, formatRoas, type Column } from '@finlake/report';
import { productLabel } from './charts';
import type { MonthlyMarginRow, ProductMarginRow, RoasRow } from './figures';
import type { ChannelRoas } from './summary';

export function monthlyColumns(currency: string): Column<MonthlyMarginRow>[] {
  const money = (header: string, get: (r: MonthlyMarginRow) => string): Column<MonthlyMarginRow> => ({ header, numeric: true, cell: (r) => formatMoney(get(r), currency) });
  return [
    { header: 'Month', cell: (r) => formatMonth(r.month) },
    { header: 'Channel', cell: (r) => r.channel },
    count('Orders', (r) => r.orders),
    count('Units', (r) => r.units),
    money('Net revenue', (r) => r.net_revenue),
    money('COGS', (r) => r.cogs),
    money('Shipping cost', (r) => r.shipping_cost),
    money('Platform fees', (r) => r.platform_fees),
    money('Contribution margin', (r) => r.contribution_margin),
    { header: 'Margin %', numeric: true, cell: (r) => formatPercent(r.contribution_margin_pct) },
    count('Uncosted lines', (r) => r.uncosted_lines),
    money('Uncosted net revenue', (r) => r.uncosted_net_revenue),
  ];
}

export function roasColumns(currency: string): Column<RoasRow>[] {
  return [
    { header: 'Month', cell: (r) => formatMonth(r.month) },
    { header: 'Channel', cell: (r) => r.channel },
    { header: 'Spend', numeric: true, cell: (r) => formatMoney(r.spend, currency) },
    count('Impressions', (r) => r.impressions),
    count('Clicks', (r) => r.clicks),
    { header: 'CTR', numeric: true, cell: (r) => formatPercent(r.ctr_pct) },
    { header: 'CPC', numeric: true, cell: (r) => formatMoney(r.cpc, currency) },
    { header: 'CPM', numeric: true, cell: (r) => formatMoney(r.cpm, currency) },
    { header: 'Net revenue', numeric: true, cell: (r) => formatMoney(r.net_revenue, currency) },
    { header: 'ROAS', numeric: true, cell: (r) => formatRoas(r.roas) },
  ];
}

export function channelRoasColumns(currency: string): Column<ChannelRoas>[] {
  return [
    { header: 'Channel', cell: (r) => r.channel },
    { header: 'Spend', numeric: true, cell: (r) => formatMoney(r.spend, currency) },
    { header: 'Net revenue', numeric: true, cell: (r) => formatMoney(r.netRevenue, currency) },
    { header: 'ROAS', numeric: true, cell: (r) => (r.roas === null ? 'no spend' : formatRoas(r.roas)) },
  ];
}

/** 'short' leaves out category and uncosted lines, so the visible top-products table fits 800 px. */
export function productColumns(currency: string, form: 'full' | 'short' = 'full'): Column<ProductMarginRow>[] {
  const full = form === 'full';
  return [
    count('Rank', (r) => r.margin_rank),
    { header: 'Product', cell: productLabel, long: true },
    ...(full ? [{ header: 'Category', cell: (r: ProductMarginRow) => r.category }] : []),
    count('Units', (r) => r.units),
    { header: 'Net revenue', numeric: true, cell: (r) => formatMoney(r.net_revenue, currency) },
    { header: 'COGS', numeric: true, cell: (r) => formatMoney(r.cogs, currency) },
    { header: 'Gross margin', numeric: true, cell: (r) => formatMoney(r.gross_margin, currency) },
    { header: 'Margin %', numeric: true, cell: (r) => formatPercent(r.gross_margin_pct) },
    ...(full ? [count('Uncosted lines', (r: ProductMarginRow) => r.uncosted_lines)] : []),
  ];
}
