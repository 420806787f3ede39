/**
 * The report of the hand-computed golden fixture shows exactly its figures (worked out in
 * libs/pipeline/src/__tests__/golden.test.ts), on every engine, read from the HTML text.
 */
import type { Engine } from '@finlake/engine';
import { GOLDEN, TEST_ENGINES, run } from '@finlake/pipeline/testing';
import { kpiTexts, tableCells } from '@finlake/report/testing';
import { buildReport, loadReportData, type BuiltReport } from '@finlake/report';
import { reportSubject } from './commands/report';

const commerce = reportSubject('commerce');

describe.each(TEST_ENGINES)('report of the golden fixture on $name', ({ create }) => {
  let engine: Engine;
  let report: BuiltReport;
  beforeAll(async () => {
    engine = await create();
    expect((await run(engine, GOLDEN)).status).toBe('published');
    report = await buildReport(await loadReportData(engine, commerce), commerce.report);
  });
  afterAll(() => engine.close());

  it('renders its charts without warnings', () => {
    expect(report.warnings).toEqual([]);
    expect(report.html.match(/<svg role="img"/g)).toHaveLength(3); // nothing quarantined: no quality chart
    expect(report.html).toContain('No rows were quarantined in the 4 loaded batch(es).');
    // The ROAS chart's dashed line is labelled in the drawing itself.
    expect(report.html).toMatch(/<text[^>]*>1× break-even<\/text>/);
  });

  it('KPI tiles: sums and ratios of the marts', () => {
    expect(kpiTexts(report.html)).toEqual({
      // Σ mart net revenue: 160.00 + 133.97 + 115.00 + 5.00 + 50.00
      net_revenue: { value: '$463.97', note: 'Jan 2024 – Feb 2024, net of discounts and returns' },
      // 20.00 + 78.73 + 35.50 - 5.60 + 37.50
      contribution_margin: { value: '$166.13', note: 'after COGS, shipping and fees, costed sales' },
      // 166.13 / (463.97 - 110.00 uncosted T4) = 46.93%
      contribution_margin_pct: { value: '46.9%', note: 'of $353.97 costed net revenue' },
      // 80.00 + 225.50 + 90.25
      marketing_spend: { value: '$395.75', note: 'all channels and campaigns' },
      // 463.97 / 395.75 = 1.1724
      roas: { value: '1.17×', note: 'net revenue ÷ marketing spend' },
      // 3 products + 4 COGS + 4 spend + 9 transactions
      rows_loaded: { value: '20', note: 'of 20 rows read' },
      rows_quarantined: { value: '0', note: '0.0% of rows read' },
      uncosted_sales: { value: '1 line', note: '$110.00 net revenue with no cost, left out of margins' },
    });
    expect(report.totals).toMatchObject({ netRevenue: '463.97', contributionMargin: '166.13', contributionMarginPct: '46.9', marketingSpend: '395.75', roas: '1.1724' });
  });

  it('monthly margin table: every mart row, month then channel', () => {
    const pick = (r: string[]) => [r[0], r[1], r[4], r[8], r[9], r[10], r[11]];
    expect(tableCells(report.html, 'table-monthly').map(pick)).toEqual([
      ['Jan 2024', 'Amazon', '$160.00', '$20.00', '40.0%', '1', '$110.00'],
      ['Jan 2024', 'Online Store', '$133.97', '$78.73', '58.8%', '0', '$0.00'],
      ['Feb 2024', 'Amazon', '$115.00', '$35.50', '30.9%', '0', '$0.00'],
      ['Feb 2024', 'Online Store', '$5.00', '-$5.60', '-112.0%', '0', '$0.00'],
      ['Feb 2024', 'Retail Store', '$50.00', '$37.50', '75.0%', '0', '$0.00'],
    ]);
  });

  it('ROAS: per channel over all months, and the monthly mart', () => {
    expect(tableCells(report.html, 'table-roas-channels')).toEqual([
      // (160.00 + 115.00) / (80.00 + 90.25) = 1.6153
      ['Amazon', '$170.25', '$275.00', '1.62×'],
      // (133.97 + 5.00) / 225.50 = 0.6163
      ['Online Store', '$225.50', '$138.97', '0.62×'],
      ['Retail Store', '$0.00', '$50.00', 'no spend'],
    ]);
    expect(tableCells(report.html, 'table-roas').map((r) => [r[0], r[1], r[2], r[5], r[6], r[7], r[9]])).toEqual([
      ['Jan 2024', 'Amazon', '$80.00', '2.0%', '$0.80', '$16.00', '2.00×'],
      ['Jan 2024', 'Online Store', '$225.50', '2.5%', '$0.50', '$12.53', '0.59×'],
      ['Feb 2024', 'Amazon', '$90.25', '2.5%', '$0.60', '$15.04', '1.27×'],
      ['Feb 2024', 'Online Store', '$0.00', '–', '–', '–', '–'],
      ['Feb 2024', 'Retail Store', '$0.00', '–', '–', '–', '–'],
    ]);
  });

  it('top products by gross margin, in rank order', () => {
    expect(tableCells(report.html, 'table-products-top')).toEqual([
      ['1', 'Trail Backpack (P1)', '3', '$150.00', '$62.50', '$87.50', '58.3%'],
      ['2', 'Rain Jacket (P3)', '2', '$225.00', '$40.00', '$75.00', '65.2%'],
      ['3', 'Water Bottle (P2)', '7', '$88.97', '$21.88', '$67.09', '75.4%'],
    ]);
    expect(tableCells(report.html, 'table-products')).toHaveLength(3);
  });

  it('data quality: the gate of the run, the batches and the months covered', () => {
    expect(report.html).toMatch(/<strong class="good">(\d+) of \1 checks passed<\/strong> in the latest gated run/);
    expect(tableCells(report.html, 'table-batches').map((r) => [r[1], r[2], r[4], r[5], r[6]])).toEqual([
      ['products.csv', 'products', '3', '3', '0'],
      ['cogs.csv', 'cogs', '4', '4', '0'],
      ['marketing_spend.csv', 'marketing_spend', '4', '4', '0'],
      ['transactions.csv', 'transactions', '9', '9', '0'],
    ]);
    expect(report.html).toContain('<dt>Months covered</dt><dd>Jan 2024 – Feb 2024 (2 with sales)</dd>');
  });

  it('is byte-identical when built again from the same data', async () => {
    expect((await buildReport(await loadReportData(engine, commerce), commerce.report)).html).toBe(report.html);
  });
});
