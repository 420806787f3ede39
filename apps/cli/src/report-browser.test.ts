/**
 * The report in a real browser (Chromium through puppeteer-core) at 800 and 1280 px: no console
 * or page errors, no request but the file itself, charts with marks inside their sections, no
 * horizontal overflow, and tables with as many rows as the marts. Screenshots go to
 * reports/test-artifacts/ (gitignored). Without Chromium this fails, by design: CI installs it.
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '@finlake/engine';
import { runPipeline } from '@finlake/pipeline';
import { hostileInput, memoryEngine, run, tempDir, TEST_NOW } from '@finlake/pipeline/testing';
import { allProducts } from '@finlake/products';
import { checkReportPage, launchBrowser, type ReportBrowser } from '@finlake/report/testing';
import { buildReport, loadReportData } from '@finlake/report';
import { reportSubject } from './commands/report';

const commerce = reportSubject('commerce');

const ARTIFACTS = join(__dirname, '..', '..', '..', 'reports', 'test-artifacts');

/** Row counts straight from the database, to compare with the page's tables. */
async function expectedTableRows(engine: Engine): Promise<Record<string, number>> {
  const [row] = await engine.query<Record<string, number>>(
    `select (select count(*) from commerce_warehouse.mart_monthly_channel_margin) as monthly,
            (select count(*) from commerce_warehouse.mart_channel_roas) as roas,
            (select count(distinct channel) from commerce_warehouse.mart_channel_roas) as channels,
            (select count(*) from commerce_warehouse.mart_product_margin) as products,
            (select count(*) from meta.gate_results where run_id = (select max(run_id) from meta.gate_results)) as gate,
            (select count(*) from meta.ledger where status = 'loaded') as batches`,
  );
  const n = (k: string) => Number(row![k]);
  return {
    'table-monthly': n('monthly'),
    'table-roas-channels': n('channels'),
    'table-roas': n('roas'),
    'table-products-top': Math.min(10, n('products')),
    'table-products': n('products'),
    'table-gate': n('gate'),
    'table-batches': n('batches'),
  };
}

describe('the report in Chromium', () => {
  let engine: Engine;
  let browser: ReportBrowser;
  let file: string;
  let expectedRows: Record<string, number>;

  beforeAll(async () => {
    engine = await memoryEngine();
    expect((await run(engine, hostileInput(), { maxQuarantineRate: 0.5 })).status).toBe('published');
    file = join(tempDir(), 'commerce.html');
    writeFileSync(file, (await buildReport(await loadReportData(engine, commerce), commerce.report)).html);
    expectedRows = await expectedTableRows(engine);
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await engine?.close();
  });

  it.each([800, 1280])('reads cleanly at %i px', async (width) => {
    const screenshot = join(ARTIFACTS, `report-${width}.png`);
    const page = await checkReportPage(browser.browser, file, width, screenshot);

    expect(page.problems).toEqual([]);
    expect(page.requests).toEqual([page.url]);
    expect(page.scrollWidth).toBeLessThanOrEqual(page.innerWidth);
    expect(page.overlaps).toEqual([]);

    expect(page.charts.map((c) => c.section)).toEqual(['margin', 'roas', 'products', 'quality']);
    for (const chart of page.charts) {
      expect(chart).toMatchObject({ insideSection: true, hasDesc: true });
      expect(chart.marks).toBeGreaterThan(0);
      expect(chart.texts).toBeGreaterThan(0);
      expect(chart.title).not.toBe('');
      expect(chart.width).toBeGreaterThan(200);
      expect(chart.height).toBeGreaterThan(100);
    }

    expect(page.tableRows).toEqual(expectedRows);
    expect(page.tablesWithHeaders).toBe(Object.keys(page.tableRows).length);
    // Same transactions as the golden fixture (the bad rows are quarantined).
    expect(page.kpis).toMatchObject({ net_revenue: '$463.97', contribution_margin: '$166.13', rows_quarantined: '4' });
    expect(existsSync(screenshot) && statSync(screenshot).size).toBeGreaterThan(10_000);
  });

  it('catches what it looks for (negative control)', async () => {
    const bad = join(tempDir(), 'bad.html');
    const html = (await buildReport(await loadReportData(engine, commerce), commerce.report)).html
      .replace('<main>', '<main><img src="http://example.invalid/x.png" alt=""><div style="width:3000px">wide</div>')
      .replace('</body>', '<script>console.error("boom")</script></body>');
    writeFileSync(bad, html);
    const page = await checkReportPage(browser.browser, bad, 800);
    // The CSP blocks both, and each block is reported: the image request and the inline script.
    expect(page.problems.join('\n')).toMatch(/image 'http:\/\/example\.invalid\/x\.png' violates the following Content Security Policy/);
    expect(page.problems.join('\n')).toMatch(/inline script violates the following Content Security Policy/);
    expect(page.requests).toContain('http://example.invalid/x.png');
    expect(page.scrollWidth).toBeGreaterThan(page.innerWidth);
  });

  it('says how to install Chromium when it is missing', async () => {
    await expect(launchBrowser('/no/such/chromium')).rejects.toThrow(/^Chromium not found at \/no\/such\/chromium: install Debian's `chromium fonts-dejavu-core` .*CHROMIUM_PATH[^\n]*$/);
  });
});

/**
 * Every registered product with a report page, on its bundled samples: the same page-level
 * checks, so a new product's page is held to them without a test of its own.
 */
const withPages = allProducts().filter((p) => p.report && p.samples);

describe.each(withPages.map((p) => ({ name: p.name, product: p })))('the $name report of its samples in Chromium', ({ name, product }) => {
  let engine: Engine;
  let browser: ReportBrowser;
  let file: string;
  let charts: number;

  beforeAll(async () => {
    engine = await memoryEngine();
    expect((await runPipeline(engine, { product: name, inputDir: product.samples!, now: TEST_NOW })).status).toBe('published');
    const subject = reportSubject(name);
    const report = await buildReport(await loadReportData(engine, subject), subject.report);
    expect(report.warnings).toEqual([]);
    charts = (report.html.match(/<svg role="img"/g) ?? []).length;
    file = join(tempDir(), `${name}.html`);
    writeFileSync(file, report.html);
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await engine?.close();
  });

  it.each([800, 1280])('reads cleanly at %i px: no errors, no request, charts drawn inside their sections', async (width) => {
    const page = await checkReportPage(browser.browser, file, width, join(ARTIFACTS, `report-${name}-samples-${width}.png`));
    expect(page.problems).toEqual([]);
    expect(page.requests).toEqual([page.url]);
    expect(page.scrollWidth).toBeLessThanOrEqual(page.innerWidth);
    expect(page.overlaps).toEqual([]);
    expect(charts).toBeGreaterThan(0);
    expect(page.charts).toHaveLength(charts);
    for (const chart of page.charts) {
      expect(chart).toMatchObject({ insideSection: true, hasDesc: true });
      expect(chart.marks).toBeGreaterThan(0);
      expect(chart.title).not.toBe('');
      expect(chart.width).toBeGreaterThan(200);
      expect(chart.height).toBeGreaterThan(100);
    }
    expect(page.tablesWithHeaders).toBe(Object.keys(page.tableRows).length);
    expect(Object.keys(page.kpis).length).toBeGreaterThan(2);
  });
});
