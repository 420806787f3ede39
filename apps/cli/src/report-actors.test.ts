/**
 * The actors report of a small hand-checked input (four actors over 2000–2004: a star who pauses
 * and turns good, a star who stops after one film, a newcomer starring on the unweighted mean
 * only, a bit player) shows exactly its figures in the right places, on every engine, read from
 * the HTML text; and the page `finlake report actors` writes reads cleanly in Chromium.
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

const HEADER = 'actor,actorid,film,year,votes,rating,filmid';
const credit = (actor: string, actorid: string, filmid: string, year: number, rating: string, votes = 100) => `${actor},${actorid},Film ${filmid},${year},${votes},${rating},${filmid}`;
const S = (filmid: string, year: number, rating: string) => credit('Star Person', 'nm0000001', filmid, year, rating);
const R = (filmid: string, year: number, rating: string) => credit('Retired Star', 'nm0000002', filmid, year, rating);
const N = (filmid: string, year: number, rating: string, votes?: number) => credit('Newcomer', 'nm0000003', filmid, year, rating, votes);
const B = (filmid: string, year: number, rating: string) => credit('Bit Player', 'nm0000004', filmid, year, rating);
/**
 * Star Person: star in 2000 (8.6, 8.4) and 2002 (8.2), none in 2001, good in 2003 (7.5), none in
 * 2004. Retired Star: one film, 2001 (9.0). Newcomer: average in 2003 (6.5), in 2004 8.5 with 10
 * votes and 7.9 with 1,000 (unweighted 8.2 star, weighted 7.906 good). Bit Player: bad in 2000
 * (5.0) and 2002 (6.0), average in 2004 (7.0). One line twice (DUPLICATE_ROW).
 */
const CREDITS = [
  S('tt0000001', 2000, '8.6'),
  S('tt0000002', 2000, '8.4'),
  B('tt0000003', 2000, '5.0'),
  R('tt0000004', 2001, '9.0'),
  S('tt0000005', 2002, '8.2'),
  B('tt0000006', 2002, '6.0'),
  B('tt0000006', 2002, '6.0'),
  S('tt0000007', 2003, '7.5'),
  N('tt0000008', 2003, '6.5'),
  N('tt0000009', 2004, '8.5', 10),
  N('tt0000010', 2004, '7.9', 1000),
  B('tt0000011', 2004, '7.0'),
];

function input(): string {
  const dir = tempDir('finlake-actors-');
  writeFileSync(join(dir, 'actor_films.csv'), [HEADER, ...CREDITS, ''].join('\n'));
  return dir;
}

const KPIS = {
  last_year: { value: '2004', note: 'films from 2000' },
  actors: { value: '4', note: 'with a film by 2004' },
  active_actors: { value: '2', note: 'with a film in 2004' },
  // Newcomer; Retired Star is carried over.
  active_stars: { value: '1', note: 'mean rating above 8 in 2004; 2 counting those carried over' },
  longest_star_streak: { value: '3 year(s)', note: 'Star Person, 2000–2002' },
  // Star Person 5, Retired Star 2, Newcomer 2, Bit Player 5.
  versions: { value: '14', note: 'in the SCD2 history of 4 actor(s)' },
  rows_loaded: { value: '11', note: 'of 12 rows read' },
  rows_quarantined: { value: '1' },
};

describe.each(TEST_ENGINES)('actors report on $name', ({ create }) => {
  let engine: Engine;
  let report: BuiltReport;
  beforeAll(async () => {
    engine = await create();
    expect((await runPipeline(engine, { product: 'actors', inputDir: input(), now: TEST_NOW, maxQuarantineRate: 1 })).status).toBe('published');
    const subject = reportSubject('actors');
    report = await buildReport(await loadReportData(engine, subject), subject.report);
  });
  afterAll(() => engine.close());

  it('renders the quality timeline and the carried and active actors without warnings', () => {
    expect(report.warnings).toEqual([]);
    expect(report.html.match(/<svg role="img"/g)).toHaveLength(3);
    expect(report.html).toContain('<title>Active actors per quality class and year</title>');
    expect(report.html).toContain('<title>Actors carried and active per year</title>');
    expect(report.html).toContain('covers Jan 2000 – Dec 2004');
  });

  it('KPI tiles: the latest year\'s actors, active actors and stars, the longest star streak and the versions', () => {
    expect(kpiTexts(report.html)).toMatchObject(KPIS);
    expect(report.totals).toMatchObject({
      first_year: 2000,
      last_year: 2004,
      actors: 4,
      active_actors: 2,
      active_star: 1,
      active_good: 0,
      active_average: 1,
      active_bad: 0,
      versions: 14,
      longest_star_streak_years: 3,
      longest_star_streak_actor: 'nm0000001',
      weighted_class_differs: 1,
    });
  });

  it('lists every year, latest first: active actors per class, and every actor carried from the first film on', () => {
    expect(tableCells(report.html, 'table-years')).toEqual([
      ['2004', '1', '0', '1', '0', '2', '4'],
      ['2003', '0', '1', '1', '0', '2', '4'],
      ['2002', '1', '0', '0', '1', '2', '3'],
      ['2001', '1', '0', '0', '0', '1', '3'],
      ['2000', '1', '0', '0', '1', '2', '2'],
    ]);
  });

  it('the longest star streaks: a pause inside counts, the years after the last film as a star do not', () => {
    expect(tableCells(report.html, 'table-star-streaks')).toEqual([
      ['Star Person', 'nm0000001', '2000', '2002', '3', '2', 'good from 2003'],
      ['Retired Star', 'nm0000002', '2001', '2001', '1', '1', 'no film since 2001'],
      ['Newcomer', 'nm0000003', '2004', '2004', '1', '1', 'still a star'],
    ]);
  });

  it('explains the classes and the history on the longest streak\'s actor, and the weighted mean on the data', () => {
    expect(tableCells(report.html, 'table-history-example')).toEqual([
      ['star', 'true', '2000', '2000', 'no'],
      ['star', 'false', '2001', '2001', 'no'],
      ['star', 'true', '2002', '2002', 'no'],
      ['good', 'true', '2003', '2003', 'no'],
      ['good', 'false', '2004', '2004', 'yes'],
    ]);
    expect(report.html).toContain(
      'For example, Star Person (nm0000001) has 5 version(s): star in 2000; star (inactive, class carried over) in 2001; star in 2002; good in 2003; good (inactive, class carried over) in 2004.',
    );
    expect(report.html).toContain('In 2004, 1 of 4 actor(s) would be in another class by it. For example, Newcomer in 2004: the unweighted mean 8.20 makes star, the vote-weighted 7.91 would make good.');
    expect(report.html).toContain('a mean of exactly 8.0 is good, 7.0 average, 6.0 bad');
  });
});

describe('finlake report actors in Chromium', () => {
  const ARTIFACTS = join(__dirname, '..', '..', '..', 'reports', 'test-artifacts');
  let browser: ReportBrowser;
  let file: string;
  let stdout: string;

  beforeAll(async () => {
    const dir = tempDir();
    const db = join(dir, 'w.duckdb');
    file = join(dir, 'actors.html');
    expect(finlake(['--db', db, 'run', 'actors', '--input', input(), '--no-marts', '--max-quarantine-rate', '1']).status).toBe(0);
    const r = finlake(['--db', db, 'report', 'actors', '--out', file]);
    expect(r.status).toBe(0);
    stdout = r.stdout;
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('prints the key figures', () => {
    // The years as a span, without a thousands separator.
    expect(stdout).toMatch(/│ years\s+│ 2000–2004\s+│/);
    expect(stdout).toMatch(/│ active stars\s+│ 1\s+│/);
    expect(stdout).toMatch(/│ longest star streak \(years\)\s+│ 3\s+│/);
  });

  it.each([800, 1280])('reads cleanly at %i px, with the figures in their places', async (width) => {
    const page = await checkReportPage(browser.browser, file, width, join(ARTIFACTS, `report-actors-${width}.png`));
    expect(page.problems).toEqual([]);
    expect(page.requests).toEqual([page.url]);
    expect(page.scrollWidth).toBeLessThanOrEqual(page.innerWidth);
    expect(page.overlaps).toEqual([]);
    // The third is the frame's quarantine chart (the duplicate line).
    expect(page.charts.map((c) => c.section)).toEqual(['quality-timeline', 'quality-timeline', 'quality']);
    for (const chart of page.charts.filter((c) => c.section !== 'quality')) {
      expect(chart).toMatchObject({ insideSection: true, hasDesc: true });
      expect(chart.marks).toBeGreaterThan(0);
      expect(chart.texts).toBeGreaterThan(0);
      expect(chart.width).toBeGreaterThan(200);
      expect(chart.height).toBeGreaterThan(100);
    }
    // Every table has a header row; ours have the rows of the hand-checked figures above.
    expect(page.tablesWithHeaders).toBe(Object.keys(page.tableRows).length);
    expect(page.tableRows).toMatchObject({ 'table-years': 5, 'table-star-streaks': 3, 'table-history-example': 5, 'table-batches': 1 });
    expect(page.kpis).toEqual(Object.fromEntries(Object.entries(KPIS).map(([id, t]) => [id, t.value])));
  });
});
