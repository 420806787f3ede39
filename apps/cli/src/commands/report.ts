import { spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Engine, Row } from '@finlake/engine';
import { UsageError } from '@finlake/errors';
import { ledger } from '@finlake/pipeline';
import { allProducts, getProduct } from '@finlake/products';
import { buildReport, loadReportData, type BuiltReport, type ReportSubject } from '@finlake/report';
import type { GlobalOptions } from '../main';
import { printMarts, readMarts } from '../marts';
import { bold, log, printJson, renderTable, yellow } from '../output';
import { cliCommand, defaultReportPath, withExistingWarehouse } from '../warehouse';

export interface ReportCommandOptions extends GlobalOptions {
  product: string;
  /** .html or .md; by default named after the warehouse (defaultReportPath). */
  out?: string;
  open: boolean;
}

/** Escape text for a Markdown table cell: pipes, HTML and line breaks never break out of the cell. */
export function markdownCell(value: unknown): string {
  if (value === null || value === undefined) return '–';
  return String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function markdownTable(rows: readonly Row[]): string {
  if (rows.length === 0) return '_No rows._\n';
  const names = Object.keys(rows[0]!);
  const numeric = names.map((n) => rows.every((r) => r[n] === null || /^-?\d+(\.\d+)?$/.test(String(r[n]))));
  return [
    `| ${names.join(' | ')} |`,
    `| ${numeric.map((isNum) => (isNum ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((r) => `| ${names.map((n) => markdownCell(r[n])).join(' | ')} |`),
  ].join('\n') + '\n';
}

/** Rows of each mart `finlake report` prints on the terminal. */
const REPORT_PREVIEW_ROWS = 200;

/** Write via a temporary file and a rename, so a reader (or a second writer) never sees half a report. */
function writeAtomically(file: string, content: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, content);
  renameSync(temp, file);
}

/** The product's report page; a clear error for a product without one. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each product's page has figures of its own shape
export function reportSubject(name: string): ReportSubject<any> {
  const product = getProduct(name);
  if (!product.report) throw new UsageError(`No report page is defined for ${name}. Products with a report: ${allProducts().filter((p) => p.report).map((p) => p.name).join(', ') || 'none'}.`);
  return { ...product, report: product.report };
}

/** Build the HTML report from the published marts and write it; returns what it shows. */
export async function writeHtmlReport(engine: Engine, product: string, out: string): Promise<BuiltReport> {
  const subject = reportSubject(product);
  const report = await buildReport(await loadReportData(engine, subject), subject.report);
  writeAtomically(out, report.html);
  // Chart warnings mean a spec needs fixing, not that the report is wrong: tests fail on them.
  if (process.env.FINLAKE_DEBUG) for (const w of report.warnings) log(`chart warning: ${w}`);
  return report;
}

async function markdownReport(engine: Engine, product: string, marts: Awaited<ReturnType<typeof readMarts>>): Promise<string> {
  const batches = (await ledger(engine, 1000)).filter((e) => e.status === 'loaded');
  const sections = marts.map(({ view, rows }) => `## ${view.title}\n\n\`${view.table}\`, ${rows.length} rows.\n\n${markdownTable(rows)}`);
  return [
    `# finlake report: ${product}`,
    '',
    `Published batches: ${batches.length}. Latest: ${batches.slice(0, 5).map((b) => `${markdownCell(b.file_name)} (${String(b.batch_id).slice(0, 12)})`).join(', ') || 'none'}.`,
    '',
    ...sections,
  ].join('\n');
}

/** The platform's "open with the default application" command. */
export function openerFor(platform: NodeJS.Platform, file: string): { command: string; args: string[] } {
  if (platform === 'darwin') return { command: 'open', args: [file] };
  // `start` is built into cmd; its first quoted argument is a window title, hence the empty one.
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""', file] };
  return { command: 'xdg-open', args: [file] };
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** How long to wait for the opener's verdict; one still running then is taken to be showing the report. */
const OPENER_WAIT_MS = 5000;

/**
 * Open the report in the default browser with the platform's opener. Always prints the report's
 * URL; an opener that is missing, cannot start or exits with an error is reported, and the
 * command still succeeds (the report was written).
 */
export async function openReport(file: string): Promise<void> {
  const path = resolve(file);
  const url = pathToFileURL(path).href;
  const { command, args } = openerFor(process.platform, path);
  if (process.platform !== 'win32' && !onPath(command)) {
    log(yellow(`No ${command} on this system to open the report: open ${url} in a browser.`));
    return;
  }
  log(`Opening ${url} with ${command}.`);
  const failure = await new Promise<string | undefined>((done) => {
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(command, args, { detached: true, stdio: 'ignore', windowsHide: true });
    } catch (err) {
      return done((err as Error).message);
    }
    const timer = setTimeout(() => {
      child.unref();
      done(undefined);
    }, OPENER_WAIT_MS);
    const settle = (outcome: string | undefined) => {
      clearTimeout(timer);
      done(outcome);
    };
    child.once('error', (err) => settle(err.message));
    child.once('exit', (code, signal) => settle(code === 0 ? undefined : signal ? `stopped by ${signal}` : `exit code ${code}`));
  });
  if (failure) log(yellow(`${command} could not open the report (${failure}): open ${url} in a browser.`));
}

/** The report formats, by the extension of --out. */
export const REPORT_FORMATS: Readonly<Record<string, 'html' | 'markdown'>> = { '.html': 'html', '.htm': 'html', '.md': 'markdown' };

/** The format --out asks for; any other extension is a usage error naming the supported ones. */
export function reportFormat(out: string): 'html' | 'markdown' {
  const format = REPORT_FORMATS[extname(out).toLowerCase()];
  if (!format) throw new UsageError(`--out ${out}: unsupported report format${extname(out) ? ` ${extname(out)}` : ' (no extension)'}. Supported: ${Object.keys(REPORT_FORMATS).join(', ')} (self-contained HTML, or Markdown tables).`);
  return format;
}

export async function reportCommand(options: ReportCommandOptions): Promise<void> {
  reportSubject(options.product);
  const out = options.out ?? defaultReportPath(options, options.product);
  const markdown = reportFormat(out) === 'markdown';
  await withExistingWarehouse(options, 'finlake report', async (engine) => {
    // The terminal shows a preview; --json and a Markdown file carry every row (the HTML reads the marts itself).
    const marts = await readMarts(engine, options.product, options.json || markdown ? undefined : REPORT_PREVIEW_ROWS);
    if (marts.length === 0) throw new UsageError(`Nothing published for ${options.product} in ${options.engine === 'postgres' ? 'the PostgreSQL warehouse' : options.db} yet: run \`${cliCommand(options, `run ${options.product} --input <path>`)}\` first.`);
    let report: BuiltReport | undefined;
    if (markdown) writeAtomically(out, await markdownReport(engine, options.product, marts));
    else report = await writeHtmlReport(engine, options.product, out);

    if (options.json) return printJson({ file: out, format: markdown ? 'markdown' : 'html', totals: report?.totals, marts: Object.fromEntries(marts.map((m) => [m.view.table, m.rows])) });
    if (report) process.stdout.write(`\n${bold('Key figures')}\n${renderTable(report.keyFigures)}\n`);
    printMarts(marts, `${out} has them all (or --json, or --out <file>.md).`);
    log(`\nWrote ${out}`);
  });
  if (options.open) await openReport(out);
}
