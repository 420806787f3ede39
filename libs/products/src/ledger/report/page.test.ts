import { renderReport } from '@finlake/report';
import { kpiTexts, tableCells } from '@finlake/report/testing';
import { ledgerReport, MAX_ACCOUNT_LINES, MAX_CSV_ROWS } from './page';
import { ledgerReportSample } from './sample';

/** The <tr> of a table (by data-testid) whose first cell is `label`. */
function row(html: string, testId: string, label: string): string {
  const table = new RegExp(`<table data-testid="${testId}"[^>]*>([\\s\\S]*?)</table>`).exec(html)![1]!;
  const found = [...table.matchAll(/<tr[^>]*>[\s\S]*?<\/tr>/g)].map((m) => m[0]).find((tr) => tr.includes(`>${label}</td>`));
  if (!found) throw new Error(`no row ${label} in ${testId}`);
  return found;
}

describe('the ledger report page (without charts)', () => {
  const html = renderReport(ledgerReportSample(), ledgerReport, new Map());

  it('has no scripts, no external references and unique ids; the only links are the CSV downloads', () => {
    expect(html).not.toMatch(/<script|javascript:|\bsrc=|<link|@import|url\(/i);
    expect([...html.matchAll(/<a [^>]*>/g)].map((m) => /data-testid="([^"]+)"/.exec(m[0])![1])).toEqual(['csv-monthly', 'csv-ytd']);
    expect([...html.matchAll(/href="([^"]*)"/g)].every((m) => m[1]!.startsWith('data:text/csv;charset=utf-8,'))).toBe(true);
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(renderReport(ledgerReportSample(), ledgerReport, new Map())).toBe(html);
  });

  it('KPI tiles: the first version over every month, the percentage from the sums', () => {
    expect(kpiTexts(html)).toEqual({
      actual: { value: '$14,200.00', note: 'Jan 2024 – Mar 2024, natural sign' },
      budget: { value: '$13,300.00', note: 'Budget v1, Jan 2024 – Mar 2024' },
      // Σ favourable variance = 500 - 2000 + 200 + 500 + 300 = -500: adverse, though the variance is positive.
      variance: { value: '+$900.00', note: 'actual − budget, adverse' },
      variance_pct: { value: '+6.77%', note: 'of $13,300.00 budget' },
      material_variances: { value: '1', note: 'month × department × account rows over the materiality threshold' },
      rows_loaded: { value: '9', note: 'of 9 rows read' },
      rows_quarantined: { value: '0', note: '0.0% of rows read' },
    });
    expect(html).toContain('<span class="value bad">+$900.00</span>');
  });

  it('one pack per version, the latest month shown with its year to date, earlier months folded away', () => {
    expect([...html.matchAll(/<h2 id="[^"]+">([^<]*)<\/h2>/g)].map((m) => m[1])).toEqual([
      'Key figures',
      'Budget vs actual, Mar 2024: Budget v1',
      'Budget vs actual, Feb 2024: Forecast Q2 &lt;re&gt;',
      'Variance by department and month',
      'Month by month',
      'Export',
      'Data quality',
    ]);
    expect(html).toContain('<thead><tr><th colspan="2" class="group"></th>');
    expect(html).toContain('<th scope="colgroup" colspan="4" class="group">Mar 2024</th><th scope="colgroup" colspan="4" class="group">Year to date</th>');
    expect(html).toContain('<details><summary>Mar 2024 restated to today&#39;s organisation</summary>');
    expect([...html.matchAll(/<summary>([^<]*, as posted and restated)<\/summary>/g)].map((m) => m[1])).toEqual(['Feb 2024, as posted and restated', 'Jan 2024, as posted and restated']);
  });

  it('the pack reads business unit → department → account, with "—" for no budget line', () => {
    expect(tableCells(html, 'table-bva-v1-budget-v1-2024-03').map((r) => [r[0], r[1], r[2], r[3], r[4], r[5], r[9], r[10], r[11]])).toEqual([
      ['Total', 'favourable', '-$500.00', '$300.00', '-$800.00', '-266.67%', '+6.77%', '$13,300.00', '-$900.00'],
      ['Corporate', 'favourable', '$0.00', '$300.00', '-$300.00', '-100.00%', '+9.76%', '$12,300.00', '-$1,200.00'],
      ['D101 Operations', 'favourable', '$0.00', '$300.00', '-$300.00', '-100.00%', '-34.78%', '$2,300.00', '$800.00'],
      ['A001 Office', 'NO_ACTIVITY · favourable', '$0.00', '$300.00', '-$300.00', '-100.00%', '-34.78%', '$2,300.00', '$800.00'],
      ['D102 Technology', 'no figures this month', '–', '–', '–', '–', '+20.00%', '$10,000.00', '-$2,000.00'],
      ['A004 Professional Services', 'no figures this month', '–', '–', '–', '–', '+20.00%', '$10,000.00', '-$2,000.00'],
      ['Sales', 'favourable', '-$500.00', '—', '-$500.00', '—', '-30.00%', '$1,000.00', '$300.00'],
      ['D103 Marketing <b>', 'favourable', '-$500.00', '—', '-$500.00', '—', '-30.00%', '$1,000.00', '$300.00'],
      ['A003 IT Equipment', 'UNBUDGETED · favourable', '-$500.00', '—', '-$500.00', '—', '—', '—', '—'],
      ['R100 Service Revenue', 'no figures this month', '–', '–', '–', '–', '+20.00%', '$1,000.00', '-$200.00'],
    ]);
  });

  it('colours variances by favourability, not by sign, and highlights material ones', () => {
    // Expense over budget: adverse (red), material (highlighted, and said in words).
    const services = row(html, 'table-bva-v1-budget-v1-2024-02', 'A004 Professional Services');
    expect(services).toMatch(/^<tr class="highlight">/);
    expect(services).toContain('<td class="bad">OVER · adverse · material</td>');
    expect(services).toContain('<td class="num bad">+$2,000.00</td><td class="num bad">+20.00%</td>');
    // Revenue over budget: the same sign, favourable (green).
    const revenue = row(html, 'table-bva-v1-budget-v1-2024-02', 'R100 Service Revenue');
    expect(revenue).toContain('<td class="num good">+$200.00</td><td class="num good">+20.00%</td>');
    expect(revenue).toMatch(/^<tr>/);
    // Expense under budget: favourable (green).
    expect(row(html, 'table-bva-v1-budget-v1-2024-01', 'A001 Office')).toContain('<td class="num good">-$500.00</td>');
    expect(row(html, 'table-bva-v1-budget-v1-2024-01', 'Total')).toMatch(/^<tr class="total">/);
    expect(row(html, 'table-bva-v1-budget-v1-2024-01', 'Corporate')).toMatch(/^<tr class="subtotal">/);
    expect(row(html, 'table-bva-v1-budget-v1-2024-01', 'D101 Operations')).toContain('<td class="long indent-1">D101 Operations</td>');
  });

  it('as posted and restated group the moved department under its business unit of then and of now', () => {
    const units = (id: string) => tableCells(html, id).filter((r) => ['Corporate', 'Marketing', 'Sales'].includes(r[0]!)).map((r) => r[0]);
    expect(units('table-bva-v1-budget-v1-2024-02')).toEqual(['Corporate', 'Marketing']);
    expect(units('table-bva-v1-budget-v1-2024-02-restated')).toEqual(['Corporate', 'Sales']);
  });

  it('month by month in calendar order, each with its year to date', () => {
    expect(tableCells(html, 'table-months-v1-budget-v1').map((r) => [r[0], r[3], r[4], r[5], r[6], r[7], r[8], r[9]])).toEqual([
      ['Jan 2024', '-$500.00', '-25.00%', 'favourable', '0', '$1,500.00', '$2,000.00', '-$500.00'],
      ['Feb 2024', '+$2,200.00', '+20.00%', 'adverse', '1', '$14,700.00', '$13,000.00', '+$1,700.00'],
      ['Mar 2024', '-$800.00', '-266.67%', 'favourable', '0', '$14,200.00', '$13,300.00', '+$900.00'],
    ]);
  });

  it('names its sources in the footer, under the product\'s own schema', () => {
    expect(html).toContain('<footer>Figures come from the published marts mart_budget_variance_monthly and mart_budget_variance_ytd of ledger_warehouse;');
  });

  it('stays a readable size on a large ledger: departments without accounts, no CSV too large for the page', () => {
    const sample = ledgerReportSample();
    const [first] = sample.figures.monthly.filter((r) => r.period === '2024-03');
    const many = Array.from({ length: Math.max(MAX_ACCOUNT_LINES, MAX_CSV_ROWS) + 1 }, (_, i) => ({ ...first!, account_id: `X${String(i).padStart(5, '0')}` }));
    const big = renderReport({ ...sample, figures: { ...sample.figures, monthly: [...sample.figures.monthly, ...many] } }, ledgerReport, new Map());
    const march = tableCells(big, 'table-bva-v1-budget-v1-2024-03');
    expect(march.map((r) => r[0])).toEqual(['Total', 'Corporate', 'D101 Operations', 'D102 Technology', 'Sales', 'D103 Marketing <b>']);
    expect(big).toContain(`account lines are too many to list here: by department, the CSV export has every account</caption>`);
    expect(big).toContain('<p data-testid="csv-monthly-too-large">Monthly variance: 10,007 rows, too many to carry in the page;');
    expect(big).toContain('<a data-testid="csv-ytd"');
  });
});
