/**
 * Helpers for the report's tests and the README screenshot (exported as @finlake/report/testing):
 * reading tables and tiles back from the HTML, and browser checks that drive a real Chromium through puppeteer-core,
 * which never downloads a browser: the tests find Chromium, or install Debian's (chromium.ts).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer, { type Browser } from 'puppeteer-core';
import { CHROMIUM_NOT_FOUND, findChromium, missingChromium } from './chromium';

export { CHROMIUM_NAMES, CHROMIUM_NOT_FOUND, CHROMIUM_PACKAGES, ensureChromium, findChromium, missingChromium } from './chromium';

/** --no-sandbox because CI runs as root; the rest keep Chromium from reaching the network on its own. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface ReportBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Launch Chromium (by default the one findChromium resolves) with a fresh profile; a missing
 * browser is a one-line error that says what to install.
 */
export async function launchBrowser(executablePath = findChromium()): Promise<ReportBrowser> {
  if (!executablePath) throw new Error(missingChromium(CHROMIUM_NOT_FOUND));
  if (!existsSync(executablePath)) throw new Error(missingChromium(`Chromium not found at ${executablePath}`));
  const profile = mkdtempSync(join(tmpdir(), 'finlake-chromium-'));
  const browser = await puppeteer.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, userDataDir: profile });
  return {
    browser,
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface ChartCheck {
  section: string;
  width: number;
  height: number;
  /** Graphic marks (bars, lines, points, rules), not counting axes, legends or text. */
  marks: number;
  texts: number;
  title: string;
  hasDesc: boolean;
  insideSection: boolean;
}

export interface PageCheck {
  url: string;
  /** Console errors and warnings, page errors, dialogs, failed requests. */
  problems: string[];
  /** Every request the page made, the page itself included. */
  requests: string[];
  innerWidth: number;
  scrollWidth: number;
  charts: ChartCheck[];
  /** tbody row count of each table, by data-testid. */
  tableRows: Record<string, number>;
  /** Tables whose header row is made of <th> cells. */
  tablesWithHeaders: number;
  /** KPI tile values by data-kpi id. */
  kpis: Record<string, string>;
  /** Pairs of sections whose boxes overlap. */
  overlaps: string[];
}

/**
 * Runs in the page. Kept as plain JavaScript text: transpilers (tsx, swc) add helpers such as
 * __name to compiled functions, and those do not exist inside the browser.
 */
const MEASURE = `(() => {
  const box = (e) => e.getBoundingClientRect();
  const sections = [...document.querySelectorAll('section[data-testid]')];
  const charts = [...document.querySelectorAll('section[data-testid] svg.marks')].map((svg) => {
    const section = svg.closest('section');
    const s = box(section);
    const c = box(svg);
    const title = svg.querySelector(':scope > title');
    const desc = svg.querySelector(':scope > desc');
    return {
      section: section.getAttribute('data-testid'),
      width: c.width,
      height: c.height,
      marks: svg.querySelectorAll('.role-mark:not(.mark-text) > *').length,
      texts: svg.querySelectorAll('text').length,
      title: title ? title.textContent : '',
      hasDesc: Boolean(desc && desc.textContent),
      insideSection: c.left >= s.left - 0.5 && c.right <= s.right + 0.5 && c.top >= s.top - 0.5 && c.bottom <= s.bottom + 0.5,
    };
  });
  const overlaps = [];
  sections.forEach((a, i) => sections.slice(i + 1).forEach((b) => {
    const x = box(a);
    const y = box(b);
    if (x.left < y.right - 0.5 && y.left < x.right - 0.5 && x.top < y.bottom - 0.5 && y.top < x.bottom - 0.5) overlaps.push(a.getAttribute('data-testid') + ' / ' + b.getAttribute('data-testid'));
  }));
  const tables = [...document.querySelectorAll('table[data-testid]')];
  return {
    innerWidth: window.innerWidth,
    scrollWidth: document.documentElement.scrollWidth,
    charts,
    tableRows: Object.fromEntries(tables.map((t) => [t.getAttribute('data-testid'), t.querySelectorAll('tbody tr').length])),
    tablesWithHeaders: tables.filter((t) => t.querySelectorAll('thead th').length > 0 && t.querySelectorAll('thead td').length === 0).length,
    kpis: Object.fromEntries([...document.querySelectorAll('[data-kpi]')].map((k) => [k.getAttribute('data-kpi'), (k.querySelector('.value') || {}).textContent || ''])),
    overlaps,
  };
})()`;

/** Open a report file at a viewport width, collect what went wrong and measure the layout. */
export async function checkReportPage(browser: Browser, file: string, width: number, screenshot?: string): Promise<PageCheck> {
  const page = await browser.newPage();
  const url = pathToFileURL(file).href;
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warn') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${String(e)}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('request', (r) => requests.push(r.url()));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  try {
    await page.setViewport({ width, height: 900 });
    await page.goto(url, { waitUntil: 'load' });
    const measured = (await page.evaluate(MEASURE)) as Omit<PageCheck, 'url' | 'problems' | 'requests'>;
    if (screenshot) await page.screenshot({ path: screenshot as `${string}.png`, fullPage: true });
    return { url, problems, requests, ...measured };
  } finally {
    await page.close();
  }
}

const unescapeHtml = (text: string) =>
  text.replace(/<[^>]*>/g, '').replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e]!);

/** The body cells of a table (by data-testid) as text, row by row. */
export function tableCells(html: string, testId: string): string[][] {
  const table = new RegExp(`<table data-testid="${testId}"[^>]*>([\\s\\S]*?)</table>`).exec(html);
  if (!table) throw new Error(`no table ${testId} in the report`);
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(table[1]!)![1]!;
  return [...body.matchAll(/<tr(?:\s[^>]*)?>([\s\S]*?)<\/tr>/g)].map((row) => [...row[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((cell) => unescapeHtml(cell[1]!)));
}

/** KPI tiles as { id: { value, note } }, text unescaped. */
export function kpiTexts(html: string): Record<string, { value: string; note: string }> {
  const tiles = [...html.matchAll(/<li class="tile" data-kpi="([^"]+)">[\s\S]*?<span class="value[^"]*">([\s\S]*?)<\/span><span class="note">([\s\S]*?)<\/span><\/li>/g)];
  return Object.fromEntries(tiles.map((t) => [t[1]!, { value: unescapeHtml(t[2]!), note: unescapeHtml(t[3]!) }]));
}
