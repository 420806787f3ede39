/**
 * The report: plan the charts (pure), render them to SVG (worker), lay out the page (pure).
 * Same ReportData in, byte-identical HTML out: no clock, no locale, no random ids.
 */
import { marginChart, productsChart, qualityChart, roasChart, type ChartPlan } from './charts';
import type { ReportData } from './data';
import { escapeHtml } from './escape';
import { formatCount, formatMonth, formatTimestamp, shortBatch } from './format';
import { detailsTable, figureHtml, htmlTable, pageHtml, tilesHtml, type Section } from './html';
import { kpiTiles } from './kpis';
import { channelOrder, channelRoas, computeTotals, quarantineByBatch, sortMonthly, topProducts, type Totals } from './summary';
import { accessibleSvg, renderSvgs } from './svg';
import { batchColumns, channelRoasColumns, gateColumns, monthlyColumns, productColumns, roasColumns } from './tables';

export interface BuiltReport {
  html: string;
  totals: Totals;
  currency: string;
  /** Chart renderer warnings (none expected). */
  warnings: string[];
}

export function planCharts(data: ReportData): ChartPlan[] {
  const channels = channelOrder(data);
  const charts = [
    marginChart(sortMonthly(data.monthly), channels, data.currency),
    roasChart(channelRoas(data.roas), channels),
    productsChart(topProducts(data.products), data.currency),
    qualityChart(quarantineByBatch(data)),
  ];
  return charts.filter((c): c is ChartPlan => c !== null);
}

export async function buildReport(data: ReportData): Promise<BuiltReport> {
  const charts = planCharts(data);
  const { svgs, warnings } = await renderSvgs(charts.map((c) => c.spec));
  const figures = new Map(charts.map((c, i) => [c.id, accessibleSvg(svgs[i]!, c.title, c.description)]));
  return { html: renderReport(data, figures), totals: computeTotals(data), currency: data.currency, warnings };
}

const title = (product: string) => `finlake report: ${product}`;
const isoTime = (value: string) => `${value.replace(' ', 'T').slice(0, 19)}Z`;
const STAMP_BATCHES = 8;

function headerHtml(data: ReportData, totals: Totals): string {
  const ids = data.batches.map((b) => `<code>${escapeHtml(shortBatch(b.batch_id))}</code>`);
  const shown = ids.length > STAMP_BATCHES ? [...ids.slice(-STAMP_BATCHES), `and ${ids.length - STAMP_BATCHES} earlier`] : ids;
  const asOf = totals.asOf ? `<time datetime="${escapeHtml(isoTime(totals.asOf))}">${escapeHtml(formatTimestamp(totals.asOf))}</time>` : 'no batch loaded';
  const covers = totals.firstMonth && totals.lastMonth ? ` · covers ${escapeHtml(formatMonth(totals.firstMonth))} – ${escapeHtml(formatMonth(totals.lastMonth))}` : '';
  const stamp = `<p class="asof" data-testid="as-of">Data as of ${asOf} (latest batch loaded)${covers} · ${data.batches.length} batch(es): ${shown.join(', ')}</p>`;
  const latest = data.latestRun;
  if (!latest || (latest.status !== 'rejected' && latest.status !== 'blocked')) return stamp;
  return `${stamp}\n<p class="warning" role="status">The latest run (<code>${escapeHtml(latest.run_id)}</code>, ${escapeHtml(formatTimestamp(latest.finished_at))}) was ${escapeHtml(latest.status)}: ${escapeHtml(latest.message ?? '')} The figures below are the last published data.</p>`;
}

function chartOrNote(figures: ReadonlyMap<string, string>, id: string, caption: string, note: string): string {
  const svg = figures.get(id);
  return svg ? figureHtml({ svg, caption }) : `<p data-testid="${escapeHtml(id)}-empty">${escapeHtml(note)}</p>`;
}

function gateHtml(gate: ReportData['gate']): string {
  if (!gate) return '<h3>Quality gate</h3>\n<p>No run has reached the quality gate yet.</p>';
  const { run, results } = gate;
  const failed = results.filter((r) => !r.passed);
  return [
    '<h3>Quality gate</h3>',
    `<p data-testid="gate-summary"><strong class="${failed.length ? 'bad' : 'good'}">${formatCount(results.length - failed.length)} of ${formatCount(results.length)} checks passed</strong> in the latest gated run, <code>${escapeHtml(run.run_id)}</code> (${escapeHtml(run.status)}, ${escapeHtml(formatTimestamp(run.finished_at))}).</p>`,
    failed.length ? htmlTable('table-gate-failed', 'Failed checks', gateColumns, failed) : '',
    detailsTable(`All ${results.length} checks of the run`, 'table-gate', 'Quality gate results (meta.gate_results)', gateColumns, results),
  ].join('\n');
}

function freshnessHtml(data: ReportData, totals: Totals): string {
  const last = data.batches[data.batches.length - 1];
  const months = new Set(data.monthly.map((r) => r.month)).size;
  return [
    '<h3>Freshness</h3>',
    '<dl data-testid="freshness">',
    `<dt>Last loaded batch</dt><dd>${last ? `${escapeHtml(last.file_name)} (<code>${escapeHtml(shortBatch(last.batch_id))}</code>), ${escapeHtml(formatTimestamp(last.loaded_at))}` : 'none'}</dd>`,
    `<dt>Months covered</dt><dd>${totals.firstMonth && totals.lastMonth ? `${escapeHtml(formatMonth(totals.firstMonth))} – ${escapeHtml(formatMonth(totals.lastMonth))} (${months} with sales)` : 'none'}</dd>`,
    `<dt>Rows</dt><dd>${formatCount(totals.rowsRead)} read, ${formatCount(totals.rowsLoaded)} loaded, ${formatCount(totals.rowsQuarantined)} quarantined</dd>`,
    '</dl>',
    detailsTable(`All ${data.batches.length} loaded batches`, 'table-batches', 'Loaded batches (meta.ledger)', batchColumns, data.batches),
  ].join('\n');
}

function qualityBody(data: ReportData, totals: Totals, figures: ReadonlyMap<string, string>): string {
  const quarantined = chartOrNote(
    figures,
    'chart-quality',
    'Rows kept out of the warehouse, by reason code, per loaded batch; a row failing several checks counts under each reason. Run finlake quarantine list to see the rows.',
    `No rows were quarantined in the ${data.batches.length} loaded batch(es).`,
  );
  return `<div class="columns">\n<div>\n<h3>Quarantined rows</h3>\n${quarantined}\n</div>\n<div>\n${gateHtml(data.gate)}\n${freshnessHtml(data, totals)}\n</div>\n</div>`;
}

/** The page for the data and its rendered charts (by chart id). Pure. */
export function renderReport(data: ReportData, figures: ReadonlyMap<string, string>): string {
  const totals = computeTotals(data);
  const monthly = sortMonthly(data.monthly);
  const roas = sortMonthly(data.roas);
  const byChannel = channelRoas(data.roas);
  const top = topProducts(data.products);
  const sections: Section[] = [
    { id: 'kpis', title: 'Key figures', wide: true, body: tilesHtml(kpiTiles(totals, data.currency)) },
    {
      id: 'margin',
      title: 'Monthly contribution margin by channel',
      body: [
        chartOrNote(figures, 'chart-margin', 'Net revenue plus shipping charged, minus COGS, shipping cost and platform fees, over costed sales.', 'No sales yet.'),
        detailsTable(`Data: ${monthly.length} rows of mart_monthly_channel_margin`, 'table-monthly', 'Monthly contribution margin by channel', monthlyColumns(data.currency), monthly),
      ].join('\n'),
    },
    {
      id: 'roas',
      title: 'ROAS by channel',
      body: [
        chartOrNote(figures, 'chart-roas', 'Return on ad spend over all months: net revenue ÷ marketing spend of the channel.', 'No marketing spend yet.'),
        htmlTable('table-roas-channels', 'Spend and net revenue by channel, all months', channelRoasColumns(data.currency), byChannel),
        detailsTable(`Data: ${roas.length} rows of mart_channel_roas`, 'table-roas', 'ROAS by month and channel', roasColumns(data.currency), roas),
      ].join('\n'),
    },
    {
      id: 'products',
      title: `Top ${top.length} products by gross margin`,
      wide: true,
      body: [
        chartOrNote(figures, 'chart-products', 'Gross margin = net revenue − COGS over costed sales, all time.', 'No product sales yet.'),
        htmlTable('table-products-top', `Top ${top.length} of ${data.products.length} products by gross margin`, productColumns(data.currency, 'short'), top),
        detailsTable(`Data: all ${data.products.length} rows of mart_product_margin`, 'table-products', 'Products by gross margin', productColumns(data.currency), data.products),
      ].join('\n'),
    },
    { id: 'quality', title: 'Data quality', wide: true, body: qualityBody(data, totals, figures) },
  ];
  return pageHtml({
    title: title(data.product),
    header: headerHtml(data, totals),
    sections,
    footer: `Figures come from the published marts commerce_warehouse.mart_monthly_channel_margin, mart_channel_roas and mart_product_margin; data quality from meta.ledger, meta.quarantine and meta.gate_results. Money in ${data.currency}; months in UTC. Written by finlake report ${data.product}.`,
  });
}
