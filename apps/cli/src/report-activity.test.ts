/**
 * The activity report of a small hand-checked input (two hosts, three users, one of them on two
 * browsers, across a month end) shows exactly its figures in the right places, on every engine,
 * read from the HTML text; and the page `finlake report activity` writes reads cleanly in Chromium.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '@finlake/engine';
import { runPipeline } from '@finlake/pipeline';
import { TEST_ENGINES, TEST_NOW, tempDir } from '@finlake/pipeline/testing';
import { buildReport, loadReportData, type BuiltReport } from '@finlake/report';
import { checkReportPage, kpiTexts, launchBrowser, tableCells, type ReportBrowser } from '@finlake/report/testing';
import { reportSubject } from './commands/report';
import { finlake } from '../testing';

const DEVICES_HEADER = 'device_id,browser_type,browser_version_major,browser_version_minor,browser_version_patch,device_type,device_version_major,device_version_minor,device_version_patch,os_type,os_version_major,os_version_minor,os_version_patch';
const EVENTS_HEADER = 'url,referrer,user_id,device_id,host,event_time';
const DEVICES = ['d1,Chrome,120,0,1,Desktop,,,,Linux,,,', 'd2,Safari,17,1,0,iPhone,15,,,iOS,17,1,', 'd3,Firefox,121,0,0,Desktop,,,,Windows,10,,'];
const hit = (user: string, device: string, host: string, at: string, url = '/') => `${url},,${user},${device},${host},${at}`;
/**
 * 1001 (Chrome) on 01-30, 01-31, 02-01 and 02-03; 1002 on Safari on 01-30 and 02-01 and on Chrome
 * on 02-01; 1003 (Firefox) on 01-31; two anonymous hits on b.example. Nobody on 02-02.
 */
const EVENTS = [
  hit('1001', 'd1', 'a.example', '2024-01-30T09:00:00Z'),
  hit('1001', 'd1', 'a.example', '2024-01-30T10:00:00Z', '/more'),
  hit('1002', 'd2', 'a.example', '2024-01-30T11:00:00Z'),
  hit('1001', 'd1', 'a.example', '2024-01-31T09:00:00Z'),
  hit('1003', 'd3', 'b.example', '2024-01-31T12:00:00Z'),
  hit('1001', 'd1', 'a.example', '2024-02-01T09:00:00Z'),
  hit('1002', 'd1', 'a.example', '2024-02-01T10:00:00Z'),
  hit('1002', 'd2', 'b.example', '2024-02-01T11:00:00Z'),
  '/,,,,b.example,2024-02-01T12:00:00Z',
  hit('1001', 'd1', 'a.example', '2024-02-03T09:00:00Z'),
  hit('1001', 'd1', 'b.example', '2024-02-03T10:00:00Z'),
  '/x,,,,b.example,2024-02-03T11:00:00Z',
];

function input(): string {
  const dir = tempDir('finlake-activity-');
  writeFileSync(join(dir, 'devices.csv'), [DEVICES_HEADER, ...DEVICES, ''].join('\n'));
  writeFileSync(join(dir, 'events.csv'), [EVENTS_HEADER, ...EVENTS, ''].join('\n'));
  return dir;
}

const KPIS = {
  daily_active_users: { value: '1', note: 'on 2024-02-03' },
  weekly_active_users: { value: '3', note: 'in the 7 days through 2024-02-03' },
  monthly_active_users: { value: '3', note: 'in the 32 days through 2024-02-03' },
  // 1 of 3.
  stickiness: { value: '33.3%', note: "of the 32 days' users were active on 2024-02-03" },
  hosts: { value: '2', note: 'with a hit in Feb 2024; 2 on 2024-02-03' },
  // a.example 2 + 1, b.example 2 + 2.
  hits: { value: '7', note: 'in Feb 2024; 3 on 2024-02-03' },
  rows_loaded: { value: '15', note: 'of 15 rows read' },
  rows_quarantined: { value: '0' },
};

describe.each(TEST_ENGINES)('activity report on $name', ({ create }) => {
  let engine: Engine;
  let report: BuiltReport;
  beforeAll(async () => {
    engine = await create();
    expect((await runPipeline(engine, { product: 'activity', inputDir: input(), now: TEST_NOW })).status).toBe('published');
    const subject = reportSubject('activity');
    report = await buildReport(await loadReportData(engine, subject), subject.report);
  });
  afterAll(() => engine.close());

  it('renders the active-user lines, the stickiness line and the host × day heatmap without warnings', () => {
    expect(report.warnings).toEqual([]);
    expect(report.html.match(/<svg role="img"/g)).toHaveLength(3);
    expect(report.html).toContain('<title>Daily, weekly and monthly active users</title>');
    expect(report.html).toContain('<title>Stickiness: daily over monthly active users</title>');
    expect(report.html).toContain('<title>Hits per host and day, Feb 2024</title>');
  });

  it('KPI tiles: the last day\'s DAU, WAU, MAU and stickiness, the latest month\'s hosts and hits', () => {
    expect(kpiTexts(report.html)).toMatchObject(KPIS);
    expect(report.totals).toMatchObject({
      first_day: '2024-01-30',
      last_day: '2024-02-03',
      days: 5,
      daily_active_users: 1,
      weekly_active_users: 3,
      monthly_active_users: 3,
      stickiness_pct: '33.3',
      hits_last_day: 3,
      latest_month: '2024-02-01',
      latest_month_hosts: 2,
      latest_month_hits: '7',
    });
  });

  it('lists every day, latest first: 1002 on two browsers counts once, and 02-02 has no user but the 32 days\' three', () => {
    expect(tableCells(report.html, 'table-days')).toEqual([
      ['2024-02-03', '1', '3', '3', '33.3%', '3', '2'],
      ['2024-02-02', '0', '3', '3', '0.0%', '0', '0'],
      ['2024-02-01', '2', '3', '3', '66.7%', '4', '2'],
      ['2024-01-31', '2', '3', '3', '66.7%', '2', '2'],
      ['2024-01-30', '2', '2', '2', '100.0%', '3', '1'],
    ]);
  });

  it('the heatmap\'s numbers: the latest month\'s days per host, busiest host first', () => {
    expect(tableCells(report.html, 'table-host-days')).toEqual([
      ['b.example', '2', '0', '2', '4'],
      ['a.example', '2', '0', '1', '3'],
    ]);
  });

  it('hosts per month: monthly unique visitors beside the sum of the daily ones, which do not add up', () => {
    expect(tableCells(report.html, 'table-host-months')).toEqual([
      ['Feb 2024', 'b.example', '3', '4', '2', '2', '0'],
      // 1001 on 02-01 and 02-03: one visitor of the month, counted on both days.
      ['Feb 2024', 'a.example', '3', '3', '2', '3', '1'],
      ['Jan 2024', 'a.example', '31', '4', '2', '3', '1'],
      ['Jan 2024', 'b.example', '31', '1', '1', '1', '0'],
    ]);
    expect(report.html).toContain('Distinct counts do not add up');
    expect(report.html).toContain('In Feb 2024, a.example had 2 unique visitor(s) over the month but 3 summed over its days.');
  });

  it('explains the datelist on the last day: bit k = active k days before as_of, bit 0 on the right', () => {
    expect(tableCells(report.html, 'table-datelists')).toEqual([
      ['1001', 'Chrome', `${'0'.repeat(27)}11101`, '29', '0, 2, 3, 4', '4', '4', 'yes', 'yes', 'yes'],
      ['1002', 'Safari', `${'0'.repeat(27)}10100`, '20', '2, 4', '2', '2', 'no', 'yes', 'yes'],
      ['1002', 'Chrome', `${'0'.repeat(29)}100`, '4', '2', '1', '1', 'no', 'yes', 'yes'],
      ['1003', 'Firefox', `${'0'.repeat(28)}1000`, '8', '3', '1', '1', 'no', 'yes', 'yes'],
    ]);
    expect(report.html).toContain(
      `For example, user 1001 on Chrome as of 2024-02-03: <code>${'0'.repeat(27)}11101</code> is 29 = 2^0 + 2^2 + 2^3 + 2^4, so active on 2024-02-03 (k = 0), 2024-02-01 (k = 2), 2024-01-31 (k = 3), 2024-01-30 (k = 4).`,
    );
  });
});

describe('finlake report activity in Chromium', () => {
  const ARTIFACTS = join(__dirname, '..', '..', '..', 'reports', 'test-artifacts');
  let browser: ReportBrowser;
  let file: string;
  let stdout: string;

  beforeAll(async () => {
    const dir = tempDir();
    const db = join(dir, 'w.duckdb');
    file = join(dir, 'activity.html');
    expect(finlake(['--db', db, 'run', 'activity', '--input', input(), '--no-marts']).status).toBe(0);
    const r = finlake(['--db', db, 'report', 'activity', '--out', file]);
    expect(r.status).toBe(0);
    stdout = r.stdout;
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('prints the key figures', () => {
    // A column of dates and counts: left-aligned.
    expect(stdout).toMatch(/│ last activity day\s+│ 2024-02-03 │/);
    expect(stdout).toMatch(/│ daily active users\s+│ 1\s+│/);
    expect(stdout).toMatch(/│ DAU \/ MAU %\s+│ 33\.3\s+│/);
  });

  it.each([800, 1280])('reads cleanly at %i px, with the figures in their places', async (width) => {
    const page = await checkReportPage(browser.browser, file, width, join(ARTIFACTS, `report-activity-${width}.png`));
    expect(page.problems).toEqual([]);
    expect(page.requests).toEqual([page.url]);
    expect(page.scrollWidth).toBeLessThanOrEqual(page.innerWidth);
    expect(page.overlaps).toEqual([]);
    expect(page.charts.map((c) => c.section)).toEqual(['users', 'users', 'host-days']);
    for (const chart of page.charts) {
      expect(chart).toMatchObject({ insideSection: true, hasDesc: true });
      expect(chart.marks).toBeGreaterThan(0);
      expect(chart.texts).toBeGreaterThan(0);
      expect(chart.width).toBeGreaterThan(200);
      expect(chart.height).toBeGreaterThan(100);
    }
    // Every table has a header row; ours have the rows of the hand-checked figures above.
    expect(page.tablesWithHeaders).toBe(Object.keys(page.tableRows).length);
    expect(page.tableRows).toMatchObject({ 'table-days': 5, 'table-host-days': 2, 'table-host-months': 4, 'table-datelists': 4, 'table-batches': 2 });
    expect(page.kpis).toEqual(Object.fromEntries(Object.entries(KPIS).map(([id, t]) => [id, t.value])));
  });
});
