/** The commerce report page: margin by channel, ROAS, top products (the frame adds data quality). */
import { detailsTable, formatCount, formatMoney, formatMonth, formatPercent, formatRoas, htmlTable, qualityTiles, tone, type QualityTotals, type ReportPage, type Tile } from '@finlake/report';
import { marginChart, productsChart, roasChart } from './charts';
import { loadCommerceFigures, type CommerceFigures } from './figures';
import { channelOrder, channelRoas, computeTotals, sortMonthly, topProducts, type CommerceTotals } from './summary';
import { channelRoasColumns, monthlyColumns, productColumns, roasColumns } from './tables';

const period = (t: CommerceTotals) => (t.firstMonth && t.lastMonth ? `${formatMonth(t.firstMonth)} – ${formatMonth(t.lastMonth)}` : 'no months');

/** The KPI tiles at the top of the report, in reading order. */
export function kpiTiles(t: CommerceTotals, quality: QualityTotals, currency: string): Tile[] {
  const money = (v: string | null) => formatMoney(v, currency);
  return [
    { id: 'net_revenue', label: 'Net revenue', value: money(t.netRevenue), note: `${period(t)}, net of discounts and returns`, tone: tone(t.netRevenue) },
    { id: 'contribution_margin', label: 'Contribution margin', value: money(t.contributionMargin), note: 'after COGS, shipping and fees, costed sales', tone: tone(t.contributionMargin) },
    { id: 'contribution_margin_pct', label: 'Contribution margin %', value: formatPercent(t.contributionMarginPct), note: `of ${money(t.costedNetRevenue)} costed net revenue`, tone: tone(t.contributionMarginPct) },
    { id: 'marketing_spend', label: 'Marketing spend', value: money(t.marketingSpend), note: 'all channels and campaigns' },
    { id: 'roas', label: 'ROAS (blended)', value: formatRoas(t.roas), note: t.roas === null ? 'no marketing spend' : 'net revenue ÷ marketing spend' },
    ...qualityTiles(quality),
    {
      id: 'uncosted_sales',
      label: 'Uncosted sales',
      value: `${formatCount(t.uncostedLines)} ${t.uncostedLines === 1 ? 'line' : 'lines'}`,
      note: `${money(t.uncostedNetRevenue)} net revenue with no cost, left out of margins`,
    },
  ];
}

export const commerceReport: ReportPage<CommerceFigures> = {
  load: loadCommerceFigures,
  sources: 'marts mart_monthly_channel_margin, mart_channel_roas and mart_product_margin',
  period(figures) {
    const t = computeTotals(figures);
    return { first: t.firstMonth, last: t.lastMonth, detail: `${t.months} with sales` };
  },
  charts(figures, currency) {
    const channels = channelOrder(figures);
    return [marginChart(sortMonthly(figures.monthly), channels, currency), roasChart(channelRoas(figures.roas), channels), productsChart(topProducts(figures.products), currency)];
  },
  tiles: (figures, { quality, currency }) => kpiTiles(computeTotals(figures), quality, currency),
  sections(figures, { currency, chart }) {
    const monthly = sortMonthly(figures.monthly);
    const roas = sortMonthly(figures.roas);
    const top = topProducts(figures.products);
    return [
      {
        id: 'margin',
        title: 'Monthly contribution margin by channel',
        body: [
          chart('chart-margin', 'Net revenue plus shipping charged, minus COGS, shipping cost and platform fees, over costed sales.', 'No sales yet.'),
          detailsTable(`Data: ${monthly.length} rows of mart_monthly_channel_margin`, 'table-monthly', 'Monthly contribution margin by channel', monthlyColumns(currency), monthly),
        ].join('\n'),
      },
      {
        id: 'roas',
        title: 'ROAS by channel',
        body: [
          chart('chart-roas', 'Return on ad spend over all months: net revenue ÷ marketing spend of the channel.', 'No marketing spend yet.'),
          htmlTable('table-roas-channels', 'Spend and net revenue by channel, all months', channelRoasColumns(currency), channelRoas(figures.roas)),
          detailsTable(`Data: ${roas.length} rows of mart_channel_roas`, 'table-roas', 'ROAS by month and channel', roasColumns(currency), roas),
        ].join('\n'),
      },
      {
        id: 'products',
        title: `Top ${top.length} products by gross margin`,
        wide: true,
        body: [
          chart('chart-products', 'Gross margin = net revenue − COGS over costed sales, all time.', 'No product sales yet.'),
          htmlTable('table-products-top', `Top ${top.length} of ${figures.products.length} products by gross margin`, productColumns(currency, 'short'), top),
          detailsTable(`Data: all ${figures.products.length} rows of mart_product_margin`, 'table-products', 'Products by gross margin', productColumns(currency), figures.products),
        ].join('\n'),
      },
    ];
  },
  totals: (figures) => ({ ...computeTotals(figures) }),
  keyFigures(figures, { quality: q, currency }) {
    const t = computeTotals(figures);
    return [
      { figure: `net revenue (${currency})`, value: t.netRevenue },
      { figure: `contribution margin (${currency})`, value: t.contributionMargin },
      { figure: 'contribution margin %', value: t.contributionMarginPct },
      { figure: `marketing spend (${currency})`, value: t.marketingSpend },
      { figure: 'ROAS (net revenue ÷ spend)', value: t.roas },
      { figure: 'rows loaded', value: q.rowsLoaded },
      { figure: 'rows quarantined', value: q.rowsQuarantined },
      { figure: 'uncosted sale lines', value: t.uncostedLines },
      { figure: `uncosted net revenue (${currency})`, value: t.uncostedNetRevenue },
    ];
  },
};
