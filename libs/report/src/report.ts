/**
 * The report: a product's page (its figures, charts and sections, from the product's folder)
 * inside the frame every page shares — the "as of" stamp, the data-quality section, freshness and
 * the footer. Plan the charts (pure), render them to SVG (worker), lay out the page (pure). Same
 * data in, byte-identical HTML out: no clock, no locale, no random ids.
 */
import { productSchemas } from '@finlake/contracts';
import { quoteIdent, type Engine } from '@finlake/engine';
import { UsageError } from '@finlake/errors';
import { qualityChart, type ChartPlan } from './charts';
import { escapeHtml } from './escape';
import { formatCount, formatMonth, formatTimestamp, shortBatch } from './format';
import { detailsTable, figureHtml, htmlTable, pageHtml, tilesHtml, type Section } from './html';
import type { KeyFigure, PageContext, Period, ReportPage } from './page';
import { loadQuality, quarantineByBatch, qualityTotals, type Quality, type QualityTotals } from './quality';
import { accessibleSvg, renderSvgs } from './svg';
import { batchColumns, gateColumns } from './tables';

/** What a report is built for: a registered product with a page (a DataProduct with `report`). */
export interface ReportSubject<F> {
  name: string;
  currency: string;
  /** The product's marts: the report is refused until every one is published. */
  marts: readonly { table: string }[];
  report: ReportPage<F>;
}

export interface ReportData<F> {
  product: string;
  currency: string;
  figures: F;
  quality: Quality;
}

export interface BuiltReport {
  html: string;
  /** The page's totals and the quality totals, exact (for --json). */
  totals: Record<string, string | number | null>;
  /** The page's key figures for the terminal. */
  keyFigures: KeyFigure[];
  currency: string;
  /** Chart renderer warnings (none expected). */
  warnings: string[];
}

/** Read the page's figures and the product's quality records; a clear error until its marts are published. */
export async function loadReportData<F>(engine: Engine, subject: ReportSubject<F>): Promise<ReportData<F>> {
  const { warehouse } = productSchemas(subject.name);
  const tables = await engine.query<{ table_name: string }>(`select table_name from information_schema.tables where table_schema = ?`, [warehouse]);
  const published = new Set(tables.map((t) => t.table_name));
  const missing = subject.marts.map((m) => m.table).filter((m) => !published.has(m));
  if (missing.length > 0) throw new UsageError(`Nothing published for ${subject.name} yet (missing ${missing.join(', ')}): run \`finlake run ${subject.name} --input <dir>\` first.`);
  const figures = await subject.report.load(engine, (name) => `${warehouse}.${quoteIdent(name)}`);
  return { product: subject.name, currency: subject.currency, figures, quality: await loadQuality(engine, subject.name) };
}

/** The page's charts, then the quality chart when any row was quarantined. */
export function planCharts<F>(data: ReportData<F>, page: ReportPage<F>): ChartPlan[] {
  const quality = qualityChart(quarantineByBatch(data.quality));
  return [...page.charts(data.figures, data.currency), ...(quality ? [quality] : [])];
}

export async function buildReport<F>(data: ReportData<F>, page: ReportPage<F>): Promise<BuiltReport> {
  const charts = planCharts(data, page);
  const { svgs, warnings } = await renderSvgs(charts.map((c) => c.spec));
  const figures = new Map(charts.map((c, i) => [c.id, accessibleSvg(svgs[i]!, c.title, c.description)]));
  const context = { currency: data.currency, quality: qualityTotals(data.quality) };
  return {
    html: renderReport(data, page, figures),
    totals: { ...page.totals(data.figures), ...context.quality },
    keyFigures: page.keyFigures(data.figures, context),
    currency: data.currency,
    warnings,
  };
}

const title = (product: string) => `finlake report: ${product}`;
const isoTime = (value: string) => `${value.replace(' ', 'T').slice(0, 19)}Z`;
const STAMP_BATCHES = 8;
/** The last month ends after the last day with data (a month in progress, or a cut-off). */
function isPartialMonth(p: Period): boolean {
  if (!p.through || !p.last || p.through.slice(0, 7) !== p.last.slice(0, 7)) return false;
  const [y, m] = p.through.split('-').map(Number);
  const monthEnd = new Date(Date.UTC(y!, m!, 0)).toISOString().slice(0, 10);
  return p.through < monthEnd;
}
const span = (p: Period) => (p.first && p.last ? `${formatMonth(p.first)} – ${formatMonth(p.last)}` : null);

function headerHtml(quality: Quality, totals: QualityTotals, period: Period): string {
  const ids = quality.batches.map((b) => `<code>${escapeHtml(shortBatch(b.batch_id))}</code>`);
  const shown = ids.length > STAMP_BATCHES ? [...ids.slice(-STAMP_BATCHES), `and ${ids.length - STAMP_BATCHES} earlier`] : ids;
  const loaded = totals.asOf ? `<time datetime="${escapeHtml(isoTime(totals.asOf))}">${escapeHtml(formatTimestamp(totals.asOf))}</time>` : 'no batch loaded';
  // What the figures cover first (the last day, else the last month), then when it was loaded.
  const end = period.through ?? (period.last ? formatMonth(period.last) : null);
  const partial = isPartialMonth(period) ? ` (${escapeHtml(formatMonth(period.last!))} partial)` : '';
  const asOf = end ? `Data as of ${escapeHtml(end)}${partial}` : 'No data yet';
  const covers = span(period) ? ` · covers ${escapeHtml(span(period)!)}` : '';
  const stamp = `<p class="asof" data-testid="as-of">${asOf}${covers} · loaded ${loaded} (latest batch) · ${quality.batches.length} batch(es): ${shown.join(', ')}</p>`;
  const latest = quality.latestRun;
  if (!latest || (latest.status !== 'rejected' && latest.status !== 'blocked')) return stamp;
  return `${stamp}\n<p class="warning" role="status">The latest run (<code>${escapeHtml(latest.run_id)}</code>, ${escapeHtml(formatTimestamp(latest.finished_at))}) was ${escapeHtml(latest.status)}: ${escapeHtml(latest.message ?? '')} The figures below are the last published data.</p>`;
}

function chartOrNote(figures: ReadonlyMap<string, string>, id: string, caption: string, note: string): string {
  const svg = figures.get(id);
  return svg ? figureHtml({ svg, caption }) : `<p data-testid="${escapeHtml(id)}-empty">${escapeHtml(note)}</p>`;
}

function gateHtml(gate: Quality['gate']): string {
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

function freshnessHtml(quality: Quality, totals: QualityTotals, period: Period): string {
  const last = quality.batches[quality.batches.length - 1];
  return [
    '<h3>Freshness</h3>',
    '<dl data-testid="freshness">',
    `<dt>Last loaded batch</dt><dd>${last ? `${escapeHtml(last.file_name)} (<code>${escapeHtml(shortBatch(last.batch_id))}</code>), ${escapeHtml(formatTimestamp(last.loaded_at))}` : 'none'}</dd>`,
    `<dt>Months covered</dt><dd>${span(period) ? `${escapeHtml(span(period)!)} (${escapeHtml(period.detail)})` : 'none'}</dd>`,
    `<dt>Rows</dt><dd>${formatCount(totals.rowsRead)} read, ${formatCount(totals.rowsLoaded)} loaded, ${formatCount(totals.rowsQuarantined)} quarantined</dd>`,
    '</dl>',
    detailsTable(`All ${quality.batches.length} loaded batches`, 'table-batches', 'Loaded batches (meta.ledger)', batchColumns, quality.batches),
  ].join('\n');
}

function qualitySection(quality: Quality, totals: QualityTotals, period: Period, figures: ReadonlyMap<string, string>): Section {
  const quarantined = chartOrNote(
    figures,
    'chart-quality',
    'Rows kept out of the warehouse, by reason code, per loaded batch; a row failing several checks counts under each reason. Run finlake quarantine list to see the rows.',
    `No rows were quarantined in the ${quality.batches.length} loaded batch(es).`,
  );
  const body = `<div class="columns">\n<div>\n<h3>Quarantined rows</h3>\n${quarantined}\n</div>\n<div>\n${gateHtml(quality.gate)}\n${freshnessHtml(quality, totals, period)}\n</div>\n</div>`;
  return { id: 'quality', title: 'Data quality', wide: true, body };
}

/** The page for the data and its rendered charts (by chart id). Pure. */
export function renderReport<F>(data: ReportData<F>, page: ReportPage<F>, figures: ReadonlyMap<string, string>): string {
  const quality = qualityTotals(data.quality);
  const period = page.period(data.figures);
  const context: PageContext = { currency: data.currency, quality, chart: (id, caption, note) => chartOrNote(figures, id, caption, note) };
  const sections: Section[] = [
    { id: 'kpis', title: 'Key figures', wide: true, body: tilesHtml(page.tiles(data.figures, context)) },
    ...page.sections(data.figures, context),
    qualitySection(data.quality, quality, period, figures),
  ];
  return pageHtml({
    title: title(data.product),
    header: headerHtml(data.quality, quality, period),
    sections,
    footer: `Figures come from the published ${page.sources} of ${productSchemas(data.product).warehouse}; data quality from meta.ledger, meta.quarantine and meta.gate_results. Money in ${data.currency}; months in UTC. Written by finlake report ${data.product}.`,
  });
}
