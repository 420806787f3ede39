/**
 * The activity page's Vega-Lite charts: daily, weekly and monthly active users per day, the
 * stickiness ratio per day, and the latest month's hits per host and day as a heatmap. Days are
 * UTC (`utcyearmonthdate`) so the SVG is the same in every time zone.
 */
import { productSchemas } from '@finlake/contracts';
import { CHART_CONFIG, CHART_WIDTH, divideDecimals, formatCount, formatMonth, formatPercent, list, PALETTE, type ChartPlan } from '@finlake/report';
import type { DayRow, HostDay } from './figures';

const WAREHOUSE = productSchemas('activity').warehouse;
const DAY_AXIS = { field: 'day', type: 'temporal', timeUnit: 'utcyearmonthdate', title: 'Activity day', axis: { format: '%d %b %Y', grid: false, labelOverlap: true } } as const;
/** Points on the lines only while they stay readable (about two months of days). */
const POINTS_UP_TO = 62;

/** The three counts, in legend order; a dash pattern each, so the lines differ without colour. */
export const ACTIVE_SERIES = [
  { key: 'daily_active_users', label: 'Daily', dash: [1, 0] },
  { key: 'weekly_active_users', label: 'Weekly (7 days)', dash: [6, 3] },
  { key: 'monthly_active_users', label: 'Monthly (32 days)', dash: [2, 2] },
] as const;

/** DAU / MAU in percent to one place, exact from the two counts (the mart's DOUBLE is for SQL readers); null without MAU. */
export const stickiness = (r: Pick<DayRow, 'daily_active_users' | 'monthly_active_users'>) => divideDecimals(String(r.daily_active_users), String(r.monthly_active_users), 1, 100);
export const stickinessPct = (r: Pick<DayRow, 'daily_active_users' | 'monthly_active_users'>) => formatPercent(stickiness(r));

export function activeUsersChart(rows: readonly DayRow[]): ChartPlan | null {
  if (rows.length === 0) return null;
  const last = rows[rows.length - 1]!;
  const labels = ACTIVE_SERIES.map((s) => s.label);
  return {
    id: 'chart-active-users',
    title: 'Daily, weekly and monthly active users',
    description: `Line chart of the users active on each day, in the 7 days through it and in the 32 days through it, ${rows.length} day(s) from ${rows[0]!.activity_date} to ${last.activity_date}; on ${last.activity_date}: ${ACTIVE_SERIES.map((s) => `${s.label.toLowerCase()} ${formatCount(last[s.key])}`).join(', ')} active user(s). Source: ${WAREHOUSE}.mart_activity_daily.`,
    spec: {
      config: CHART_CONFIG,
      width: CHART_WIDTH,
      height: 240,
      data: { values: rows.flatMap((r) => ACTIVE_SERIES.map((s) => ({ day: `${r.activity_date}T00:00:00Z`, series: s.label, users: r[s.key] }))) },
      mark: { type: 'line', strokeWidth: 2, point: rows.length <= POINTS_UP_TO },
      encoding: {
        x: DAY_AXIS,
        y: { field: 'users', type: 'quantitative', title: 'Users', axis: { format: ',d', tickMinStep: 1 } },
        // Stroke symbols, so the legend shows each line's dash pattern (points would hide it).
        color: { field: 'series', type: 'nominal', title: 'Active users', scale: { domain: labels, range: PALETTE.slice(0, labels.length) }, legend: { symbolType: 'stroke', symbolStrokeWidth: 2, labelLimit: 220 } },
        strokeDash: { field: 'series', type: 'nominal', title: 'Active users', scale: { domain: labels, range: ACTIVE_SERIES.map((s) => [...s.dash]) } },
      },
    },
  };
}

export function stickinessChart(rows: readonly DayRow[]): ChartPlan | null {
  // A day without monthly active users has no ratio: left out, not drawn as 0.
  const shown = rows.filter((r) => r.monthly_active_users > 0);
  if (shown.length === 0) return null;
  const last = shown[shown.length - 1]!;
  return {
    id: 'chart-stickiness',
    title: 'Stickiness: daily over monthly active users',
    description: `Line chart of DAU / MAU per day (the share of the 32 days' users active on the day), ${shown.length} day(s) from ${shown[0]!.activity_date} to ${last.activity_date}; ${stickinessPct(last)} on ${last.activity_date}. Source: ${WAREHOUSE}.mart_activity_daily.`,
    spec: {
      config: CHART_CONFIG,
      width: CHART_WIDTH,
      height: 160,
      data: { values: shown.map((r) => ({ day: `${r.activity_date}T00:00:00Z`, ratio: r.daily_active_users / r.monthly_active_users })) },
      mark: { type: 'line', strokeWidth: 2, color: PALETTE[2]!, point: shown.length <= POINTS_UP_TO },
      encoding: {
        x: DAY_AXIS,
        y: { field: 'ratio', type: 'quantitative', title: 'DAU / MAU', scale: { domain: [0, 1] }, axis: { format: '.0%' } },
      },
    },
  };
}

/** Hits per host (rows, busiest first) and day of the month (columns); darker is more hits. */
export function hostDaysChart(month: string | null, hosts: readonly string[], rows: readonly HostDay[]): ChartPlan | null {
  if (month === null || rows.length === 0) return null;
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.host, (totals.get(r.host) ?? 0) + Number(r.hits));
  const busiest = rows.reduce((a, b) => (Number(b.hits) > Number(a.hits) ? b : a));
  return {
    id: 'chart-host-days',
    title: `Hits per host and day, ${formatMonth(month)}`,
    description: `Heatmap of hits per host and day of ${formatMonth(month)}, ${hosts.length} host(s) with the most hits: ${list(hosts.map((h) => `${h} ${formatCount(totals.get(h) ?? 0)}`))} in the month; the most on one day, ${formatCount(busiest.hits)}, on ${busiest.host} on ${busiest.activity_date}. Source: ${WAREHOUSE}.fact_host_daily_activity.`,
    spec: {
      config: CHART_CONFIG,
      width: CHART_WIDTH,
      height: { step: 22 },
      data: { values: rows.map((r) => ({ host: r.host, day: Number(r.day_of_month), hits: Number(r.hits), visitors: Number(r.unique_visitors) })) },
      mark: { type: 'rect', stroke: '#ffffff', strokeWidth: 1 },
      encoding: {
        x: { field: 'day', type: 'ordinal', title: `Day of ${formatMonth(month)}`, axis: { labelAngle: 0, labelOverlap: true } },
        y: { field: 'host', type: 'nominal', title: null, sort: [...hosts], axis: { labelLimit: 200 } },
        // From 0, so a day without hits is the lightest cell whatever the month's quietest day had.
        color: { field: 'hits', type: 'quantitative', title: 'Hits', scale: { scheme: 'blues', domainMin: 0 }, legend: { format: ',d', tickMinStep: 1 } },
      },
    },
  };
}
