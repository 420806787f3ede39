/**
 * Vega-Lite specs for the report's charts: pure functions of mart rows. Months are UTC
 * (`utcyearmonth`) so the SVG is the same in every time zone; sizes are fixed because Node has
 * no container to measure (the page scales the SVG down through its viewBox).
 */
// Types only: vega-lite is ESM-only and its package root has no types for `moduleResolution: node`.
import type { Config, TopLevelSpec } from 'vega-lite/build/index';
import { formatCount, shortBatch } from './format';
import type { BatchQuality } from './quality';

export interface ChartPlan {
  /** Stable id: the section's data-testid and the chart's place on the page. */
  id: string;
  title: string;
  /** A text summary of what the chart shows, for the SVG's <desc> (screen readers). */
  description: string;
  spec: TopLevelSpec;
}

const TEXT = '#1f2937';
export const MUTED = '#4b5563';

/** Dark enough for 4.5:1 on white; each channel also gets its own point shape (not colour alone). */
export const PALETTE = ['#1d4ed8', '#c2410c', '#047857', '#7e22ce', '#be123c', '#0e7490', '#a16207', '#4b5563'];
export const SHAPES = ['circle', 'square', 'triangle-up', 'diamond', 'cross', 'triangle-down', 'triangle-right', 'triangle-left'];
export const cycle = <T>(values: readonly T[], n: number) => Array.from({ length: n }, (_, i) => values[i % values.length]!);

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

export const moneyAxis = (currency: string) => (currency === 'USD' ? '$,.0f' : ',.0f');
export const isoUtc = (date: string) => `${date}T00:00:00Z`;
export const list = (items: readonly string[]) => (items.length <= 6 ? items.join(', ') : `${items.slice(0, 6).join(', ')} and ${items.length - 6} more`);

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
