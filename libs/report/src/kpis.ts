import { isNegative } from './decimal';
import { formatCount, formatMoney, formatMonth, formatPercent, formatRoas, NONE } from './format';
import type { Tile } from './html';
import type { Totals } from './summary';

const period = (t: Totals) => (t.firstMonth && t.lastMonth ? `${formatMonth(t.firstMonth)} – ${formatMonth(t.lastMonth)}` : 'no months');
const tone = (value: string | null): Tile['tone'] => (value !== null && isNegative(value) ? 'bad' : undefined);

/** The KPI tiles at the top of the report, in reading order. */
export function kpiTiles(t: Totals, currency: string): Tile[] {
  const money = (v: string | null) => formatMoney(v, currency);
  return [
    { id: 'net_revenue', label: 'Net revenue', value: money(t.netRevenue), note: `${period(t)}, net of discounts and returns`, tone: tone(t.netRevenue) },
    { id: 'contribution_margin', label: 'Contribution margin', value: money(t.contributionMargin), note: 'after COGS, shipping and fees, costed sales', tone: tone(t.contributionMargin) },
    { id: 'contribution_margin_pct', label: 'Contribution margin %', value: formatPercent(t.contributionMarginPct), note: `of ${money(t.costedNetRevenue)} costed net revenue`, tone: tone(t.contributionMarginPct) },
    { id: 'marketing_spend', label: 'Marketing spend', value: money(t.marketingSpend), note: 'all channels and campaigns' },
    { id: 'roas', label: 'ROAS (blended)', value: formatRoas(t.roas), note: t.roas === null ? 'no marketing spend' : 'net revenue ÷ marketing spend' },
    { id: 'rows_loaded', label: 'Rows loaded', value: formatCount(t.rowsLoaded), note: `of ${formatCount(t.rowsRead)} rows read` },
    {
      id: 'rows_quarantined',
      label: 'Rows quarantined',
      value: formatCount(t.rowsQuarantined),
      note: t.quarantinedPct === null ? NONE : `${formatPercent(t.quarantinedPct)} of rows read`,
    },
    {
      id: 'uncosted_sales',
      label: 'Uncosted sales',
      value: `${formatCount(t.uncostedLines)} ${t.uncostedLines === 1 ? 'line' : 'lines'}`,
      note: `${money(t.uncostedNetRevenue)} net revenue with no cost, left out of margins`,
    },
  ];
}
