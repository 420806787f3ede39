/**
 * The ledger page's Vega-Lite chart: variance by department and month, one small bar chart per
 * department on one shared scale, bars green when favourable and red when adverse (the same
 * reading as the tables; the sign of a variance alone does not say it). Months are an ordered
 * category in calendar order (period_key), so no time zone can move a bar.
 */
import { productSchemas } from '@finlake/contracts';
import { CHART_CONFIG, CHART_WIDTH, formatMoney, list, moneyAxis, MUTED, type ChartPlan } from '@finlake/report';
import { reading, type BudgetVersion, type DepartmentMonth, type Month } from './summary';

const WAREHOUSE = productSchemas('ledger').warehouse;

/** The text colours of .good and .bad: 4.5:1 on white. */
export const FAVOURABLE_COLOUR = '#047857';
export const ADVERSE_COLOUR = '#b91c1c';

/** Departments charted; the tables list every one. */
export const CHART_DEPARTMENTS = 12;

export function varianceChart(rows: readonly DepartmentMonth[], calendar: readonly Month[], version: BudgetVersion, currency: string): ChartPlan | null {
  const departments = [...new Set(rows.map((r) => r.department))].slice(0, CHART_DEPARTMENTS);
  if (departments.length === 0) return null;
  const shown = rows.filter((r) => departments.includes(r.department));
  const values = shown.map((r) => Number(r.amounts.variance));
  const [low, high] = [Math.min(0, ...values), Math.max(0, ...values)];
  const labels = calendar.map((m) => m.label);
  // Only the readings that occur, each with its own colour whatever else is there.
  const colours: [string, string][] = [['favourable', FAVOURABLE_COLOUR], ['adverse', ADVERSE_COLOUR], ['on budget', MUTED], ['not applicable', MUTED]];
  const present = colours.filter(([r]) => shown.some((d) => reading(d.favourable) === r));
  return {
    id: `chart-variance-${version.slug}`,
    title: `Variance by department and month: ${version.label}`,
    description: `Bar charts of variance (actual − budget) in ${currency} per month, ${labels[0]} to ${labels[labels.length - 1]}, one per department (${list(departments)}); green bars are favourable, red adverse. ${list(
      shown.map((r) => `${r.department} ${r.month.label}: ${formatMoney(r.amounts.variance, currency)} ${reading(r.favourable)}`),
    )}. Source: ${WAREHOUSE}.mart_budget_variance_monthly, ${version.label}.`,
    spec: {
      config: { ...CHART_CONFIG, title: { anchor: 'start', fontSize: 13, color: '#1f2937', offset: 6 } },
      // One chart per department (not a facet: layered facets with independent scales make Vega-Lite warn).
      vconcat: departments.map((department, i) => ({
        title: department,
        width: CHART_WIDTH,
        height: 90,
        data: {
          values: shown
            .filter((r) => r.department === department)
            .map((r) => ({ month: r.month.label, variance: Number(r.amounts.variance), reading: reading(r.favourable) })),
        },
        mark: { type: 'bar' },
        encoding: {
          x: { field: 'month', type: 'ordinal', sort: labels, scale: { domain: labels }, title: i === departments.length - 1 ? 'Month' : null, axis: { labelAngle: 0, labelOverlap: true } },
          y: { field: 'variance', type: 'quantitative', scale: { domain: [low, high], nice: true, zero: true }, title: `Variance (${currency})`, axis: { format: moneyAxis(currency), tickCount: 3 } },
          color: { field: 'reading', type: 'nominal', title: 'Variance', scale: { domain: present.map(([r]) => r), range: present.map(([, c]) => c) } },
        },
      })),
    },
  };
}
