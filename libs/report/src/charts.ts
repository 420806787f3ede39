/**
 * Vega-Lite specs for the report's charts: pure functions of mart rows. Months are UTC
 * (`utcyearmonth`) so the SVG is the same in every time zone; sizes are fixed because Node has
 * no container to measure (the page scales the SVG down through its viewBox).
 */
// Types only: vega-lite is ESM-only and its package root has no types for `moduleResolution: node`.
import type { Config, TopLevelSpec } from 'vega-lite/build/index';
import type { MonthlyMarginRow, ProductMarginRow } from './data';
import { formatCount, formatMoney, formatMonth, formatRoas, shortBatch } from './format';
import type { BatchQuality, ChannelRoas } from './summary';

export interface ChartPlan {
  /** Stable id: the section's data-testid and the chart's place on the page. */
  id: string;
  title: string;
  /** A text summary of what the chart shows, for the SVG's <desc> (screen readers). */
  description: string;
  spec: TopLevelSpec;
}

const TEXT = '#1f2937';
const MUTED = '#4b5563';

/** Dark enough for 4.5:1 on white; each channel also gets its own point shape (not colour alone). */
export const PALETTE = ['#1d4ed8', '#c2410c', '#047857', '#7e22ce', '#be123c', '#0e7490', '#a16207', '#4b5563'];
const SHAPES = ['circle', 'square', 'triangle-up', 'diamond', 'cross', 'triangle-down', 'triangle-right', 'triangle-left'];
const cycle = <T>(values: readonly T[], n: number) => Array.from({ length: n }, (_, i) => values[i % values.length]!);

/** Plot width in px; with axes and padding a chart is about 100 px wider, and shrinks on narrow pages. */
export const CHART_WIDTH = 460;

export const CHART_CONFIG: Config = {
  font: 'DejaVu Sans, Liberation Sans, Arial, sans-serif',
  background: '#ffffff',
  padding: 8,
  view: { stroke: null },
  axis: { labelColor: TEXT, titleColor: TEXT, labelFontSize: 12, titleFontSize: 12, titleFontWeight: 'normal', gridColor: '#e5e7eb', domainColor: MUTED, tickColor: MUTED },
  legend: { orient: 'bottom', direction: 'horizontal', labelColor: TEXT, titleColor: TEXT, labelFontSize: 12, titleFontSize: 12, symbolStrokeWidth: 2 },
  text: { fontSize: 12, color: TEXT },
};

const moneyAxis = (currency: string) => (currency === 'USD' ? '$,.0f' : ',.0f');
const isoUtc = (date: string) => `${date}T00:00:00Z`;
const list = (items: readonly string[]) => (items.length <= 6 ? items.join(', ') : `${items.slice(0, 6).join(', ')} and ${items.length - 6} more`);

export function marginChart(rows: readonly MonthlyMarginRow[], channels: readonly string[], currency: string): ChartPlan {
  const months = [...new Set(rows.map((r) => r.month))].sort();
  return {
    id: 'chart-margin',
    title: 'Monthly contribution margin by channel',
    description: `Line chart of contribution margin in ${currency} per month, ${formatMonth(months[0] ?? '')} to ${formatMonth(months[months.length - 1] ?? '')}, one line per channel: ${list(channels)}. Source: commerce_warehouse.mart_monthly_channel_margin; the table below has every figure.`,
    spec: {
      config: CHART_CONFIG,
      width: CHART_WIDTH,
      height: 240,
      data: { values: rows.map((r) => ({ month: isoUtc(r.month), channel: r.channel, margin: Number(r.contribution_margin) })) },
      mark: { type: 'line', point: { filled: true, size: 64 }, strokeWidth: 2 },
      encoding: {
        x: { field: 'month', type: 'temporal', timeUnit: 'utcyearmonth', title: 'Month (UTC)', axis: { format: '%b %Y', grid: false, labelOverlap: true, tickCount: Math.min(months.length, 12) } },
        y: { field: 'margin', type: 'quantitative', title: `Contribution margin (${currency})`, axis: { format: moneyAxis(currency) } },
        color: { field: 'channel', type: 'nominal', title: 'Channel', scale: { domain: [...channels], range: cycle(PALETTE, channels.length) } },
        shape: { field: 'channel', type: 'nominal', title: 'Channel', scale: { domain: [...channels], range: cycle(SHAPES, channels.length) } },
      },
    },
  };
}

export function roasChart(rows: readonly ChannelRoas[], channels: readonly string[]): ChartPlan {
  const withSpend = rows.filter((r) => r.roas !== null);
  const noSpend = rows.filter((r) => r.roas === null).map((r) => r.channel);
  const colour = (channel: string) => PALETTE[Math.max(0, channels.indexOf(channel)) % PALETTE.length]!;
  return {
    id: 'chart-roas',
    title: 'ROAS by channel',
    description: `Bar chart of return on ad spend (net revenue ÷ marketing spend) over all months for ${withSpend.length} channel(s) with spend: ${withSpend.map((r) => `${r.channel} ${formatRoas(r.roas)}`).join(', ')}. A dashed line marks break-even (1×).${noSpend.length ? ` No spend: ${list(noSpend)}.` : ''} Source: commerce_warehouse.mart_channel_roas.`,
    spec: {
      config: CHART_CONFIG,
      width: CHART_WIDTH,
      height: { step: 34 },
      data: { values: withSpend.map((r) => ({ channel: r.channel, roas: Number(r.roas), label: formatRoas(r.roas), colour: colour(r.channel) })) },
      layer: [
        {
          mark: { type: 'bar' },
          encoding: {
            y: { field: 'channel', type: 'nominal', sort: withSpend.map((r) => r.channel), title: null, axis: { labelLimit: 180 } },
            x: { field: 'roas', type: 'quantitative', title: 'ROAS (net revenue ÷ spend)', axis: { format: ',.2~f' } },
            color: { field: 'colour', type: 'nominal', scale: null, legend: null },
          },
        },
        {
          mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4 },
          encoding: {
            y: { field: 'channel', type: 'nominal', sort: withSpend.map((r) => r.channel) },
            x: { field: 'roas', type: 'quantitative' },
            text: { field: 'label' },
          },
        },
        { data: { values: [{ breakEven: 1 }] }, mark: { type: 'rule', strokeDash: [4, 3], color: MUTED }, encoding: { x: { field: 'breakEven', type: 'quantitative' } } },
      ],
    },
  };
}

/** "Trail Backpack (P1)": names need not be unique, ids are. */
export const productLabel = (r: Pick<ProductMarginRow, 'product_name' | 'product_id'>) => `${r.product_name} (${r.product_id})`;

export function productsChart(top: readonly ProductMarginRow[], currency: string): ChartPlan {
  return {
    id: 'chart-products',
    title: `Top ${top.length} products by gross margin`,
    description: `Bar chart of gross margin in ${currency} over all time for the ${top.length} products with the largest margin, largest first: ${list(top.map((r) => `${productLabel(r)} ${formatMoney(r.gross_margin, currency)}`))}. Source: commerce_warehouse.mart_product_margin.`,
    spec: {
      config: CHART_CONFIG,
      // Narrower plot: product names need the room (Vega estimates text widths generously in Node).
      width: CHART_WIDTH - 100,
      height: { step: 26 },
      data: { values: top.map((r) => ({ product: productLabel(r), margin: Number(r.gross_margin), label: formatMoney(r.gross_margin, currency) })) },
      encoding: {
        y: { field: 'product', type: 'nominal', sort: top.map(productLabel), title: null, axis: { labelLimit: 420 } },
        x: { field: 'margin', type: 'quantitative', title: `Gross margin (${currency})`, axis: { format: moneyAxis(currency) } },
      },
      layer: [
        { mark: { type: 'bar' }, encoding: { color: { condition: { test: 'datum.margin < 0', value: PALETTE[4]! }, value: PALETTE[0]! } } },
        { mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4 }, encoding: { text: { field: 'label' } } },
      ],
    },
  };
}

/** Batches with most quarantined rows shown in the chart; the batch table lists every batch. */
export const QUALITY_CHART_BATCHES = 15;

export const batchLabel = (b: { file_name: string; batch_id: string }) => `${b.file_name} · ${shortBatch(b.batch_id)}`;

/**
 * Quarantined rows by reason code, one small bar chart per batch (latest batches that have any);
 * null when none do. Small multiples rather than colours: there are 20 reason codes.
 */
export function qualityChart(batches: readonly BatchQuality[]): ChartPlan | null {
  const shown = batches.filter((b) => b.reasons.length > 0).slice(-QUALITY_CHART_BATCHES);
  if (shown.length === 0) return null;
  const max = Math.max(...shown.flatMap((b) => b.reasons.map((r) => r.rows)));
  return {
    id: 'chart-quality',
    title: 'Quarantined rows by reason code, per batch',
    description: `Bar charts of quarantined rows by reason code, one per loaded batch, for ${shown.length} batch(es): ${list(shown.map((b) => `${batchLabel(b.batch)}: ${b.reasons.map((r) => `${r.reason_code} ${r.rows}`).join(', ')}`))}. Source: meta.quarantine.`,
    spec: {
      config: { ...CHART_CONFIG, title: { anchor: 'start', fontSize: 13, color: TEXT, offset: 6 } },
      // One chart per batch (not a facet: layered facets with independent scales make Vega-Lite warn).
      vconcat: shown.map((b, i) => ({
        title: batchLabel(b.batch),
        width: CHART_WIDTH - 120,
        height: { step: 20 },
        data: { values: b.reasons.map((r) => ({ reason: r.reason_code, rows: r.rows, label: formatCount(r.rows) })) },
        encoding: {
          y: { field: 'reason', type: 'nominal', sort: b.reasons.map((r) => r.reason_code), title: null, axis: { labelLimit: 240 } },
          // Same scale in every batch, so bar lengths compare; the axis title only under the last one.
          x: { field: 'rows', type: 'quantitative', scale: { domain: [0, max] }, title: i === shown.length - 1 ? 'Quarantined rows' : null, axis: { format: ',d', tickMinStep: 1 } },
        },
        layer: [
          { mark: { type: 'bar', color: PALETTE[1]! } },
          { mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4 }, encoding: { text: { field: 'label' } } },
        ],
      })),
    },
  };
}
