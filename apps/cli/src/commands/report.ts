import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Row } from '@finlake/engine';
import { UsageError } from '@finlake/errors';
import { ledger, productFor } from '@finlake/pipeline';
import type { GlobalOptions } from '../main';
import { MARTS, readMarts } from '../marts';
import { bold, log, printJson, renderTable } from '../output';
import { withWarehouse } from '../warehouse';

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

export async function reportCommand(options: GlobalOptions & { product: string; out: string }): Promise<void> {
  productFor(options.product);
  if (!MARTS[options.product]) throw new UsageError(`No report is defined for ${options.product}.`);
  await withWarehouse(options, async (engine) => {
    const marts = await readMarts(engine, options.product);
    if (marts.length === 0) throw new UsageError(`Nothing published for ${options.product} in ${options.db} yet: run \`finlake run ${options.product} --input <dir>\` first.`);
    const batches = (await ledger(engine, 1000)).filter((e) => e.status === 'loaded');
    const sections = marts.map(({ view, rows }) => `## ${view.title}\n\n\`${view.table}\`, ${rows.length} rows.\n\n${markdownTable(rows)}`);
    const markdown = [
      `# finlake report: ${options.product}`,
      '',
      `Published batches: ${batches.length}. Latest: ${batches.slice(0, 5).map((b) => `${markdownCell(b.file_name)} (${b.batch})`).join(', ') || 'none'}.`,
      '',
      ...sections,
    ].join('\n');
    mkdirSync(dirname(options.out), { recursive: true });
    writeFileSync(options.out, markdown);
    if (options.json) return printJson({ file: options.out, marts: Object.fromEntries(marts.map((m) => [m.view.table, m.rows])) });
    for (const { view, rows } of marts) process.stdout.write(`\n${bold(view.title)} (${view.table})\n${renderTable(rows, view.terminal)}\n`);
    log(`\nWrote ${options.out}`);
  });
}
