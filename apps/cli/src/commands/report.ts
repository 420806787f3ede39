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
import { bold, log, printJson, renderTable } from '../output';
import { withExistingWarehouse } from '../warehouse';

export interface ReportCommandOptions extends GlobalOptions {
  product: string;
  /** .html (default) or .md */
  out: string;
  open: boolean;
}

export const defaultReportPath = (product: string) => join('reports', `${product}.html`);

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
    `Published batches: ${batches.length}. Latest: ${batches.slice(0, 5).map((b) => `${markdownCell(b.file_name)} (${b.batch})`).join(', ') || 'none'}.`,
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

/** Open the report in the default browser when the platform has an opener; otherwise say how. Never fails. */
export function openReport(file: string): void {
  const path = resolve(file);
  const hint = () => log(`Open ${pathToFileURL(path).href} in a browser.`);
  const { command, args } = openerFor(process.platform, path);
  if (process.platform !== 'win32' && !onPath(command)) return hint();
  try {
    const child = spawn(command, args, { detached: true, stdio: 'ignore', windowsHide: true });
    child.once('error', hint);
    child.unref();
    log(`Opening ${file} with ${command}.`);
  } catch {
    hint();
  }
}

export async function reportCommand(options: ReportCommandOptions): Promise<void> {
  reportSubject(options.product);
  const markdown = extname(options.out).toLowerCase() === '.md';
  await withExistingWarehouse(options, 'finlake report', async (engine) => {
    // The terminal shows a preview; --json and a Markdown file carry every row (the HTML reads the marts itself).
    const marts = await readMarts(engine, options.product, options.json || markdown ? undefined : REPORT_PREVIEW_ROWS);
    if (marts.length === 0) throw new UsageError(`Nothing published for ${options.product} in ${options.engine === 'postgres' ? 'the PostgreSQL warehouse' : options.db} yet: run \`finlake run ${options.product} --input <dir>\` first.`);
    let report: BuiltReport | undefined;
    if (markdown) writeAtomically(options.out, await markdownReport(engine, options.product, marts));
    else report = await writeHtmlReport(engine, options.product, options.out);

    if (options.json) return printJson({ file: options.out, format: markdown ? 'markdown' : 'html', totals: report?.totals, marts: Object.fromEntries(marts.map((m) => [m.view.table, m.rows])) });
    if (report) process.stdout.write(`\n${bold('Key figures')}\n${renderTable(report.keyFigures)}\n`);
    printMarts(marts, `${options.out} has them all (or --json, or --out <file>.md).`);
    log(`\nWrote ${options.out}`);
  });
  if (options.open) openReport(options.out);
}
