/**
 * The ledger's report of the seed's hand-checked sample (fixture A-1, docs/ledger.md) shows
 * exactly its figures in the right places, on every engine, read from the HTML text; names that
 * look like markup or formulas stay text in the page, its charts and its CSV downloads.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '@finlake/engine';
import { runPipeline } from '@finlake/pipeline';
import { HOSTILE_NAMES, TEST_ENGINES, TEST_NOW, inputDir, memoryEngine, tempDir } from '@finlake/pipeline/testing';
import { LEDGER_SEED } from '@finlake/products/testing';
import { buildReport, loadReportData, type BuiltReport } from '@finlake/report';
import { kpiTexts, tableCells } from '@finlake/report/testing';
import { reportSubject } from './commands/report';
import { finlake } from '../testing';

const ledger = reportSubject('ledger');
const runLedger = (engine: Engine, dir: string) => runPipeline(engine, { product: 'ledger', inputDir: dir, now: TEST_NOW });
const build = async (engine: Engine) => buildReport(await loadReportData(engine, ledger), ledger.report);

/** The <tr> of a table (by data-testid) whose first cell is `label`. */
function row(html: string, testId: string, label: string): string {
  const table = new RegExp(`<table data-testid="${testId}"[^>]*>([\\s\\S]*?)</table>`).exec(html);
  if (!table) throw new Error(`no table ${testId}`);
  const found = [...table[1]!.matchAll(/<tr[^>]*>[\s\S]*?<\/tr>/g)].map((m) => m[0]).find((tr) => tr.includes(`>${label}</td>`));
  if (!found) throw new Error(`no row ${label} in ${testId}`);
  return found;
}

/** The CSV a download link carries. */
function csv(html: string, testId: string): string {
  const link = new RegExp(`<a data-testid="${testId}" download="[^"]+" href="data:text/csv;charset=utf-8,([^"]*)">`).exec(html);
  if (!link) throw new Error(`no CSV link ${testId}`);
  return decodeURIComponent(link[1]!.replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&quot;/g, '"'));
}

const MARCH = 'table-bva-v1-budget-v1-2024-03';
/** Label, status, then the month's and the year to date's actual, budget, variance, variance %. */
const pick = (r: string[]) => [r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9]];

describe.each(TEST_ENGINES)('ledger report of the seed sample (A-1) on $name', ({ create }) => {
  let engine: Engine;
  let report: BuiltReport;
  beforeAll(async () => {
    engine = await create();
    expect((await runLedger(engine, LEDGER_SEED)).status).toBe('published');
    report = await build(engine);
  });
  afterAll(() => engine.close());

  it('renders its chart without warnings', () => {
    expect(report.warnings).toEqual([]);
    expect(report.html.match(/<svg role="img"/g)).toHaveLength(1);
    expect(report.html).toContain('<title>Variance by department and month: Budget v1</title>');
  });

  it('KPI tiles: totals from the sums, the percentage from the totals', async () => {
    const [material] = await engine.query<{ n: number }>(`select count(*) as n from ledger_warehouse.mart_budget_variance_monthly where material`);
    expect(Number(material!.n)).toBe(2); // D101/A003 Jan (−5,000, −16.67 %) and D102/A004 Feb (+2,000, +20 %)
    expect(kpiTexts(report.html)).toMatchObject({
      actual: { value: '$47,750.00', note: 'Jan 2024 – Mar 2024, natural sign' },
      budget: { value: '$51,800.00', note: 'Budget v1, Jan 2024 – Mar 2024' },
      // −4,050 / 51,800 = −7.818 %
      variance: { value: '-$4,050.00', note: 'actual − budget, favourable' },
      variance_pct: { value: '-7.82%', note: 'of $51,800.00 budget' },
      material_variances: { value: '2' },
    });
    expect(report.totals).toMatchObject({ actual: '47750.00', budget: '51800.00', variance: '-4050.00', variancePct: '-7.82', materialVariances: 2 });
  });

  it('the latest month (March) with the year to date: by business unit, department and account', () => {
    expect(tableCells(report.html, MARCH).map(pick)).toEqual([
      // Expenses 50.00 under budget in all: favourable.
      ['Total', 'favourable', '$7,950.00', '$8,000.00', '-$50.00', '-0.63%', '$47,750.00', '$51,800.00', '-$4,050.00', '-7.82%'],
      ['Corporate', 'adverse', '$8,450.00', '$8,000.00', '+$450.00', '+5.63%', '$47,500.00', '$50,800.00', '-$3,300.00', '-6.50%'],
      ['D101 Operations', 'adverse', '$8,000.00', '$7,500.00', '+$500.00', '+6.67%', '$34,750.00', '$39,800.00', '-$5,050.00', '-12.69%'],
      ['A001 Office & General Expenses', 'no figures this month', '–', '–', '–', '–', '$1,500.00', '$2,000.00', '-$500.00', '-25.00%'],
      ['A002 Software & Cloud Subscriptions', 'no figures this month', '–', '–', '–', '–', '$250.00', '$300.00', '-$50.00', '-16.67%'],
      ['A003 IT Equipment', 'no figures this month', '–', '–', '–', '–', '$25,000.00', '$30,000.00', '-$5,000.00', '-16.67%'],
      ['A004 Professional Services', 'OVER · adverse', '$8,000.00', '$7,500.00', '+$500.00', '+6.67%', '$8,000.00', '$7,500.00', '+$500.00', '+6.67%'],
      ['D102 Technology', 'favourable', '$450.00', '$500.00', '-$50.00', '-10.00%', '$12,750.00', '$11,000.00', '+$1,750.00', '+15.91%'],
      ['A001 Office & General Expenses', 'UNDER · favourable', '$450.00', '$500.00', '-$50.00', '-10.00%', '$450.00', '$500.00', '-$50.00', '-10.00%'],
      ['A002 Software & Cloud Subscriptions', 'no figures this month', '–', '–', '–', '–', '$300.00', '$500.00', '-$200.00', '-40.00%'],
      ['A004 Professional Services', 'no figures this month', '–', '–', '–', '–', '$12,000.00', '$10,000.00', '+$2,000.00', '+20.00%'],
      ['Marketing', 'favourable', '-$500.00', '—', '-$500.00', '—', '$250.00', '$1,000.00', '-$750.00', '-75.00%'],
      ['D103 Marketing', 'favourable', '-$500.00', '—', '-$500.00', '—', '$250.00', '$1,000.00', '-$750.00', '-75.00%'],
      ['A001 Office & General Expenses', 'no figures this month', '–', '–', '–', '–', '$750.00', '$1,000.00', '-$250.00', '-25.00%'],
      // The refund: GL lines, no budget line.
      ['A003 IT Equipment', 'UNBUDGETED · favourable', '-$500.00', '—', '-$500.00', '—', '-$500.00', '—', '-$500.00', '—'],
    ]);
    // Full-year budget and remaining (fy budget − YTD actual) of the total: 51,800 − 47,750.
    expect(tableCells(report.html, MARCH)[0]!.slice(10)).toEqual(['$51,800.00', '$4,050.00']);
  });

  it('year to date through February: 39,800 against 43,800', () => {
    const feb = tableCells(report.html, 'table-bva-v1-budget-v1-2024-02');
    // Expenses 1,700.00 over budget: adverse, with D102/A004's material variance.
    expect(pick(feb[0]!)).toEqual(['Total', 'adverse · 1 material', '$13,000.00', '$11,300.00', '+$1,700.00', '+15.04%', '$39,800.00', '$43,800.00', '-$4,000.00', '-9.13%']);
  });

  it('colours by favourability: an expense over budget is red, one under budget green', () => {
    const over = row(report.html, 'table-bva-v1-budget-v1-2024-02', 'A004 Professional Services');
    expect(over).toMatch(/^<tr class="highlight">/); // material
    expect(over).toContain('<td class="bad">OVER · adverse · material</td>');
    expect(over).toContain('<td class="num bad">+$2,000.00</td><td class="num bad">+20.00%</td>');
    const under = row(report.html, 'table-bva-v1-budget-v1-2024-01', 'A001 Office &amp; General Expenses');
    expect(under).toMatch(/^<tr>/);
    expect(under).toContain('<td class="good">UNDER · favourable</td>');
    expect(under).toContain('<td class="num good">-$500.00</td><td class="num good">-25.00%</td>');
  });

  it('months in calendar order, each with its year to date', () => {
    expect(tableCells(report.html, 'table-months-v1-budget-v1').map((r) => [r[0], r[1], r[2], r[3], r[4], r[7], r[8]])).toEqual([
      ['Jan 2024', '$26,800.00', '$32,500.00', '-$5,700.00', '-17.54%', '$26,800.00', '$32,500.00'],
      ['Feb 2024', '$13,000.00', '$11,300.00', '+$1,700.00', '+15.04%', '$39,800.00', '$43,800.00'],
      ['Mar 2024', '$7,950.00', '$8,000.00', '-$50.00', '-0.63%', '$47,750.00', '$51,800.00'],
    ]);
  });

  it('exports both marts as CSV, every row, percentages exact', () => {
    const monthly = csv(report.html, 'csv-monthly').trim().split('\n');
    expect(monthly[0]).toBe('period,fiscal_year,fiscal_period,business_unit,current_business_unit,department_id,department_name,account_id,account_name,account_type,scenario,version,actual,budget,variance,variance_pct,status,favourable,material');
    expect(monthly).toHaveLength(10);
    expect(monthly).toContain('2024-03,2024,3,Marketing,Marketing,D103,Marketing,A003,IT Equipment,Asset,Budget,v1,-500.00,,-500.00,,UNBUDGETED,FAVOURABLE,false');
    expect(monthly).toContain('2024-01,2024,1,Corporate,Corporate,D101,Operations,A003,IT Equipment,Asset,Budget,v1,25000.00,30000.00,-5000.00,-16.67,UNDER,FAVOURABLE,true');
    expect(csv(report.html, 'csv-ytd').trim().split('\n')[0]).toBe('fiscal_year,through_period,business_unit,current_business_unit,department_id,department_name,account_id,account_name,account_type,scenario,version,ytd_actual,ytd_budget,ytd_variance,ytd_variance_pct,fy_budget,remaining_budget,favourable');
  });

  it('is byte-identical when built again from the same data', async () => {
    expect((await build(engine)).html).toBe(report.html);
  });
});

/** Every start tag with its attribute names; attribute values are double-quoted, as the report writes them. */
function startTags(html: string): { name: string; attributes: string[]; text: string }[] {
  return [...html.matchAll(/<([a-zA-Z][\w:-]*)((?:\s+[\w:-]+(?:="[^"]*")?)*)\s*\/?>/g)].map((m) => ({
    name: m[1]!.toLowerCase(),
    attributes: [...m[2]!.matchAll(/\s([\w:-]+)(?:="[^"]*")?/g)].map((a) => a[1]!.toLowerCase()),
    text: m[0],
  }));
}

describe('a ledger report of hostile names', () => {
  let engine: Engine;
  let html: string;
  const [formula, script, img] = [HOSTILE_NAMES.P1, HOSTILE_NAMES.P2, HOSTILE_NAMES.P3];
  const field = (text: string) => `"${text.replace(/"/g, '""')}"`;
  beforeAll(async () => {
    engine = await memoryEngine();
    const departments = `DepartmentID,DepartmentName,BusinessUnit,CostCenter,EffectiveFrom\nD101,${field(formula)},${field(img)},CC-101,1900-01-01\nD102,${field(script)},Corporate,CC-102,1900-01-01\nD103,Marketing,Marketing,CC-103,1900-01-01\n`;
    const accounts = `AccountID,AccountName,AccountType,AccountSubType,ChartOfAccountsCategory,EffectiveFrom\nA001,${field(img)},Expense,Operating Expense,Operating Expenses,1900-01-01\nA002,${field(formula)},Expense,Operating Expense,Operating Expenses,1900-01-01\nA003,${field(script)},Asset,Capital Expenditure,Fixed Assets,1900-01-01\nA004,Professional Services,Expense,Operating Expense,Operating Expenses,1900-01-01\n`;
    expect((await runLedger(engine, inputDir(LEDGER_SEED, { 'departments.csv': departments, 'accounts.csv': accounts }))).status).toBe('published');
    html = (await build(engine)).html;
  });
  afterAll(() => engine.close());

  it('has no markup from the data: no script, no img, no event handler; the only links are CSV downloads', () => {
    const tags = startTags(html);
    expect(tags.filter((t) => ['script', 'img', 'iframe', 'object', 'link'].includes(t.name))).toEqual([]);
    expect(tags.filter((t) => t.attributes.some((a) => a.startsWith('on') || a === 'src'))).toEqual([]);
    const links = tags.filter((t) => t.name === 'a' || t.attributes.includes('href'));
    expect(links.map((t) => /data-testid="([^"]+)"/.exec(t.text)![1])).toEqual(['csv-monthly', 'csv-ytd']);
    expect(links.every((t) => /^<a data-testid="[^"]+" download="[^"]+" href="data:text\/csv;charset=utf-8,[^"]*">$/.test(t.text))).toBe(true);
    // Every "<" starts one of the report's tags, an end tag or the doctype: none comes from the data.
    expect(html.replace(/<([a-zA-Z][\w:-]*)((?:\s+[\w:-]+(?:="[^"]*")?)*)\s*\/?>|<\/[a-zA-Z][\w:-]*>|<!doctype html>/g, '')).not.toContain('<');
    expect(html).toContain('>D102 &lt;script&gt;alert(1)&lt;/script&gt; | pipe</td>');
    expect(html).toContain('>Rain &quot;Jacket&quot; &lt;img src=x onerror=alert(2)&gt; &amp; &#39;co&#39;</td>');
  });

  it('shows formula-like names as the text they are', () => {
    const labels = tableCells(html, 'table-bva-v1-budget-v1-2024-01').map((r) => r[0]);
    expect(labels).toEqual(['Total', 'Corporate', `D102 ${script}`, `A002 ${formula}`, img, `D101 ${formula}`, `A001 ${img}`, `A003 ${script}`]);
  });

  it('escapes the names inside the SVG chart (labels and <desc>)', () => {
    const svg = html.match(/<svg role="img"[\s\S]*?<\/svg>/g)!.find((s) => s.includes('<title>Variance by department and month: Budget v1</title>'))!;
    expect(svg).toContain('D102 &lt;script&gt;alert(1)&lt;/script&gt; | pipe');
    expect(svg).toMatch(/<desc>[^<]*D101 =HYPERLINK\(&quot;http:\/\/evil\.example&quot;,&quot;x&quot;\)/);
    expect(svg).not.toMatch(/<script|<img/);
  });

  it('neutralises formulas in the CSV downloads: they open as text', () => {
    const text = csv(html, 'csv-monthly');
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(text).toContain('"Rain ""Jacket"" <img src=x onerror=alert(2)> & \'co\'"');
    expect(text.split('\n').filter((l) => /(^|,)[=+@]/.test(l))).toEqual([]);
    expect(csv(html, 'csv-ytd')).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
  });
});

describe('finlake report ledger', () => {
  const dir = tempDir();
  const db = join(dir, 'w.duckdb');
  beforeAll(() => {
    expect(finlake(['--db', db, 'run', 'ledger', '--input', LEDGER_SEED, '--no-marts']).status).toBe(0);
  });

  it('writes the page and prints its key figures, byte-identical in every time zone', () => {
    const [a, b] = [join(dir, 'a.html'), join(dir, 'b.html')];
    const r = finlake(['--db', db, 'report', 'ledger', '--out', a], { TZ: 'UTC' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/│ actual \(USD\)\s+│\s+47,750\.00 │/);
    expect(r.stdout).toMatch(/│ variance %\s+│\s+-7\.82 │/);
    expect(readFileSync(a, 'utf8')).toContain('<span class="value">$47,750.00</span>');
    expect(finlake(['--db', db, 'report', 'ledger', '--out', b], { TZ: 'Pacific/Auckland' }).status).toBe(0);
    expect(readFileSync(b).equals(readFileSync(a))).toBe(true);
  });
});
