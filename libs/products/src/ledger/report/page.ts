/**
 * The ledger report page: the budget-vs-actual pack (docs/ledger.md "Report"). For each scenario
 * and version, the latest month with its year to date by business unit → department → account,
 * as posted and restated, earlier months folded away, and a chart of variance by department and
 * month; CSV downloads of both marts. The frame adds data quality. No script: the CSP forbids
 * it, so a month or the restated view opens with <details>, as commerce's data tables do.
 */
import {
  csvDownloadLink,
  detailsTable,
  escapeHtml,
  formatCount,
  formatMoney,
  formatMonth,
  htmlTable,
  qualityTiles,
  type PageContext,
  type QualityTotals,
  type ReportPage,
  type Section,
  type Tile,
} from '@finlake/report';
import { varianceChart } from './charts';
import { monthlyCsv, ytdCsv } from './export';
import { loadLedgerFigures, type LedgerFigures } from './figures';
import { budgetVersions, bvaLines, computeTotals, departmentMonths, favourability, monthTotals, months, reading, type BudgetVersion, type LedgerTotals, type Month, type Organisation } from './summary';
import { bvaColumns, bvaHeaderGroups, bvaRowClass, MONTH_TOTALS_GROUPS, monthTotalsColumns, NO_BUDGET, signedMoney, signedPercent } from './tables';

const span = (t: Pick<LedgerTotals, 'firstMonth' | 'lastMonth'>) => (t.firstMonth && t.lastMonth ? `${formatMonth(t.firstMonth)} – ${formatMonth(t.lastMonth)}` : 'no months');

/** The KPI tiles: the first version's totals over every month, from the sums. */
export function kpiTiles(t: LedgerTotals, favourable: ReturnType<typeof favourability>, quality: QualityTotals, currency: string): Tile[] {
  const version = t.scenario === null ? 'no budget version' : `${t.scenario} ${t.version}`;
  const tone = favourable === 'FAVOURABLE' ? 'good' : favourable === 'ADVERSE' ? 'bad' : undefined;
  return [
    { id: 'actual', label: 'Actual', value: formatMoney(t.actual, currency), note: `${span(t)}, natural sign` },
    { id: 'budget', label: 'Budget', value: t.budget === null ? NO_BUDGET : formatMoney(t.budget, currency), note: `${version}, ${span(t)}` },
    { id: 'variance', label: 'Variance', value: signedMoney(t.variance, currency), note: `actual − budget, ${reading(favourable)}`, ...(tone ? { tone } : {}) },
    { id: 'variance_pct', label: 'Variance %', value: signedPercent(t.variancePct), note: t.budget === null ? 'no budget line' : `of ${formatMoney(t.budget, currency)} budget`, ...(tone ? { tone } : {}) },
    { id: 'material_variances', label: 'Material variances', value: formatCount(t.materialVariances), note: 'month × department × account rows over the materiality threshold' },
    ...qualityTiles(quality),
  ];
}

const totalFavourability = (figures: LedgerFigures) => {
  const [first] = budgetVersions(figures);
  return favourability(first ? figures.monthly.filter((r) => r.scenario === first.scenario && r.version === first.version).map((r) => r.favourable_variance) : []);
};

const ORGANISATION: Record<Organisation, string> = {
  posted: 'as posted (the business unit in force in the month)',
  restated: "restated to today's organisation (current business unit)",
};

/** Account lines a pack lists; a larger pack stops at departments (the CSV has every row). */
export const MAX_ACCOUNT_LINES = 250;
/** Rows a CSV download carries inside the page; a larger mart is left to `finlake report --json`. */
export const MAX_CSV_ROWS = 10_000;

function bvaTable(figures: LedgerFigures, v: BudgetVersion, month: Month, organisation: Organisation, currency: string): string {
  const id = `table-bva-${v.slug}-${month.period}${organisation === 'restated' ? '-restated' : ''}`;
  const lines = bvaLines(figures, v, month.period, organisation);
  const accounts = lines.filter((l) => l.kind === 'account').length;
  const shown = accounts > MAX_ACCOUNT_LINES ? lines.filter((l) => l.kind !== 'account') : lines;
  const detail = accounts > MAX_ACCOUNT_LINES ? `; ${formatCount(accounts)} account lines are too many to list here: by department, the CSV export has every account` : '';
  const caption = `${v.label}: ${month.label} and the year to date through it, ${ORGANISATION[organisation]}${detail}`;
  return htmlTable(id, caption, bvaColumns(currency), shown, { rowClass: bvaRowClass, headerGroups: bvaHeaderGroups(month.label), compact: true });
}

const details = (summary: string, body: string) => `<details><summary>${escapeHtml(summary)}</summary>\n${body}\n</details>`;

/** The months a version has rows in, in calendar order. */
const versionMonths = (figures: LedgerFigures, v: BudgetVersion, calendar: readonly Month[]) =>
  calendar.filter((m) => figures.monthly.some((r) => r.period === m.period && r.scenario === v.scenario && r.version === v.version));

/** One version's pack: the latest month as posted, restated and every earlier month folded away. */
function bvaSection(figures: LedgerFigures, v: BudgetVersion, calendar: readonly Month[], currency: string): Section[] {
  const own = versionMonths(figures, v, calendar);
  const latest = own[own.length - 1];
  if (!latest) return [];
  // Earlier months of the latest month's fiscal year (its year to date); older years are in the month-by-month table and the CSV.
  const year = figures.monthly.find((r) => r.period === latest.period)!.fiscal_year;
  const sameYear = new Set(figures.monthly.filter((r) => r.fiscal_year === year).map((r) => r.period));
  const earlier = own.slice(0, -1).filter((m) => sameYear.has(m.period)).reverse();
  return [
    {
      id: `bva-${v.slug}`,
      title: `Budget vs actual, ${latest.label}: ${v.label}`,
      wide: true,
      body: [
        `<p>Roll-ups sum actual and budget first; variance and variance % come from the sums. ${NO_BUDGET} marks no budget line (never 0). Green is favourable and red adverse, by account type; material variances are highlighted and marked.</p>`,
        bvaTable(figures, v, latest, 'posted', currency),
        details(`${latest.label} restated to today's organisation`, bvaTable(figures, v, latest, 'restated', currency)),
        ...earlier.map((m) => details(`${m.label}, as posted and restated`, [bvaTable(figures, v, m, 'posted', currency), bvaTable(figures, v, m, 'restated', currency)].join('\n'))),
      ].join('\n'),
    },
  ];
}

function varianceSection(versions: readonly BudgetVersion[], { chart }: PageContext): Section {
  const charts = versions.map(
    (v) =>
      `<div>\n<h3>${escapeHtml(v.label)}</h3>\n${chart(`chart-variance-${v.slug}`, 'Variance = actual − budget of each department per month, its accounts summed; green favourable, red adverse, by account type.', 'No months with figures.')}\n</div>`,
  );
  return { id: 'variance', title: 'Variance by department and month', wide: true, body: `<div class="columns">\n${charts.join('\n')}\n</div>` };
}

function monthsSection(figures: LedgerFigures, versions: readonly BudgetVersion[], currency: string): Section {
  const tables = versions.map((v) =>
    htmlTable(`table-months-${v.slug}`, `${v.label}: each month and the year to date through it`, monthTotalsColumns(currency), monthTotals(figures, v), { headerGroups: MONTH_TOTALS_GROUPS, compact: true }),
  );
  return { id: 'months', title: 'Month by month', wide: true, body: tables.join('\n') };
}

function csvLink(file: string, label: string, rows: number, csv: () => string, testId: string): string {
  if (rows > MAX_CSV_ROWS) return `<p data-testid="${testId}-too-large">${escapeHtml(label)}: ${formatCount(rows)} rows, too many to carry in the page; <code>finlake --json report ledger</code> gives every row.</p>`;
  return csvDownloadLink(file, `${label} (${formatCount(rows)} rows, CSV)`, csv(), testId);
}

export const ledgerReport: ReportPage<LedgerFigures> = {
  load: loadLedgerFigures,
  sources: 'marts mart_budget_variance_monthly and mart_budget_variance_ytd',
  period(figures) {
    const t = computeTotals(figures);
    return { first: t.firstMonth, last: t.lastMonth, detail: `${t.months} with figures` };
  },
  charts(figures, currency) {
    const calendar = months(figures);
    return budgetVersions(figures).flatMap((v) => varianceChart(departmentMonths(figures, v), calendar, v, currency) ?? []);
  },
  tiles: (figures, { quality, currency }) => kpiTiles(computeTotals(figures), totalFavourability(figures), quality, currency),
  sections(figures, context) {
    const calendar = months(figures);
    const versions = budgetVersions(figures);
    return [
      ...versions.flatMap((v) => bvaSection(figures, v, calendar, context.currency)),
      varianceSection(versions, context),
      monthsSection(figures, versions, context.currency),
      {
        id: 'export',
        title: 'Export',
        body: [
          '<p>Both marts as CSV, percentages worked out exactly from the amounts (in percent; empty without a budget). Text that a spreadsheet would run as a formula starts with an apostrophe.</p>',
          csvLink('ledger_budget_variance_monthly.csv', 'Monthly variance', figures.monthly.length, () => monthlyCsv(figures), 'csv-monthly'),
          csvLink('ledger_budget_variance_ytd.csv', 'Year-to-date variance', figures.ytd.length, () => ytdCsv(figures), 'csv-ytd'),
          detailsTable(`Versions: ${versions.length}`, 'table-versions', 'Scenarios and versions in the marts', [{ header: 'Scenario', cell: (v: BudgetVersion) => v.scenario }, { header: 'Version', cell: (v) => v.version }], versions),
        ].join('\n'),
      },
    ];
  },
  totals: (figures) => ({ ...computeTotals(figures) }),
  keyFigures(figures, { quality: q, currency }) {
    const t = computeTotals(figures);
    return [
      { figure: `actual (${currency})`, value: t.actual },
      { figure: `budget (${[currency, ...(t.scenario === null ? [] : [`${t.scenario} ${t.version}`])].join(', ')})`, value: t.budget },
      { figure: `variance (${currency})`, value: t.variance },
      { figure: 'variance %', value: t.variancePct },
      { figure: 'material variances', value: t.materialVariances },
      { figure: 'rows loaded', value: q.rowsLoaded },
      { figure: 'rows quarantined', value: q.rowsQuarantined },
    ];
  },
};
