/**
 * The actors page's Vega-Lite charts: the quality timeline (active actors per quality class per
 * year, stacked) and the actors carried in the cumulative table against the active ones per year.
 * Years are plain numbers (no dates), so nothing depends on a time zone.
 */
import { productSchemas } from '@finlake/contracts';
import { CHART_CONFIG, CHART_WIDTH, formatCount, list, PALETTE, type ChartPlan } from '@finlake/report';
import { QUALITY_CLASSES, type ClassYear } from './figures';

const WAREHOUSE = productSchemas('actors').warehouse;
/** Class colours, best first: the palette's blue, green, orange and red-ish in a fixed order. */
const CLASS_COLOURS = [PALETTE[0]!, PALETTE[2]!, PALETTE[6]!, PALETTE[4]!];
const YEAR_AXIS = { field: 'year', type: 'ordinal', title: 'Year', axis: { labelAngle: -90, labelOverlap: true } } as const;

/** One row per year: the year's actors and active actors, and the active ones by class. */
export function yearTotals(rows: readonly ClassYear[]): { year: number; actors: number; active: number; byClass: Record<string, number> }[] {
  const years = new Map<number, { year: number; actors: number; active: number; byClass: Record<string, number> }>();
  for (const r of rows) {
    const y = years.get(r.current_year) ?? { year: r.current_year, actors: 0, active: 0, byClass: {} };
    y.actors += r.actors;
    y.active += r.active_actors;
    y.byClass[r.quality_class] = r.active_actors;
    years.set(r.current_year, y);
  }
  return [...years.values()];
}

export function qualityTimelineChart(rows: readonly ClassYear[]): ChartPlan | null {
  const years = yearTotals(rows);
  if (years.length === 0) return null;
  const last = years[years.length - 1]!;
  return {
    id: 'chart-quality-timeline',
    title: 'Active actors per quality class and year',
    description: `Stacked bar chart of the actors with a film in each year by quality class, ${years.length} year(s) from ${years[0]!.year} to ${last.year}; in ${last.year}: ${list(QUALITY_CLASSES.map((c) => `${c} ${formatCount(last.byClass[c] ?? 0)}`))} of ${formatCount(last.active)} active actor(s). Source: ${WAREHOUSE}.mart_actor_quality_yearly.`,
    spec: {
      config: CHART_CONFIG,
      width: CHART_WIDTH,
      height: 240,
      data: { values: rows.map((r) => ({ year: r.current_year, quality: r.quality_class, rank: r.class_rank, actors: r.active_actors })) },
      mark: { type: 'bar' },
      encoding: {
        x: YEAR_AXIS,
        y: { field: 'actors', type: 'quantitative', title: 'Active actors', stack: 'zero', axis: { format: ',d', tickMinStep: 1 } },
        color: { field: 'quality', type: 'nominal', title: 'Quality class', scale: { domain: [...QUALITY_CLASSES], range: CLASS_COLOURS }, legend: { labelLimit: 220 } },
        // Star at the bottom of each bar, bad on top: the legend's order.
        order: { field: 'rank', type: 'quantitative', sort: 'ascending' },
      },
    },
  };
}

export function activeActorsChart(rows: readonly ClassYear[]): ChartPlan | null {
  const years = yearTotals(rows);
  if (years.length === 0) return null;
  const last = years[years.length - 1]!;
  const series = [
    { label: 'All actors (carried)', dash: [1, 0], pick: (y: (typeof years)[number]) => y.actors },
    { label: 'Active', dash: [6, 3], pick: (y: (typeof years)[number]) => y.active },
  ];
  const labels = series.map((s) => s.label);
  return {
    id: 'chart-active-actors',
    title: 'Actors carried and active per year',
    description: `Line chart of the actors with a row in the cumulative table (every actor from the first film on) and of those with a film, per year, ${years.length} year(s) from ${years[0]!.year} to ${last.year}; in ${last.year}: ${formatCount(last.actors)} actor(s), ${formatCount(last.active)} active. Source: ${WAREHOUSE}.mart_actor_quality_yearly.`,
    spec: {
      config: CHART_CONFIG,
      width: CHART_WIDTH,
      height: 200,
      data: { values: years.flatMap((y) => series.map((s) => ({ year: y.year, series: s.label, actors: s.pick(y) }))) },
      mark: { type: 'line', strokeWidth: 2, point: years.length <= 60 },
      encoding: {
        x: { field: 'year', type: 'quantitative', title: 'Year', scale: { zero: false }, axis: { format: 'd', tickMinStep: 1, labelOverlap: true } },
        y: { field: 'actors', type: 'quantitative', title: 'Actors', axis: { format: ',d', tickMinStep: 1 } },
        color: { field: 'series', type: 'nominal', title: null, scale: { domain: labels, range: [PALETTE[0]!, PALETTE[1]!] }, legend: { symbolType: 'stroke', symbolStrokeWidth: 2, labelLimit: 220 } },
        strokeDash: { field: 'series', type: 'nominal', title: null, scale: { domain: labels, range: series.map((s) => [...s.dash]) } },
      },
    },
  };
}
