import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { FileReasonCodes, RowReasonCodes } from '@finlake/contracts';
import { UsageError } from '@finlake/errors';
import { quarantineRows, quarantineSummary, type QuarantineFilter } from '@finlake/pipeline';
import { allProducts } from '@finlake/products';
import { toCsv } from '@finlake/report';
import type { GlobalOptions } from '../main';
import { log, printJson, renderTable } from '../output';
import { withExistingWarehouse } from '../warehouse';

export interface QuarantineCommandOptions extends GlobalOptions, QuarantineFilter {
  action: 'summary' | 'list' | 'export';
  out: string;
  limit: number;
}

const COLUMNS = ['file_name', 'line_number', 'column_name', 'reason_code', 'raw_value', 'raw_record', 'batch_id'];
const SUMMARY_COLUMNS = ['file_name', 'status', 'reason_code', 'rows', 'issues', 'batch_id', 'columns'];

/** Every reason code a quarantine row can carry: the built-in ones and each registered product's. */
function knownReasons(): string[] {
  const products = allProducts().flatMap((p) => Object.keys(p.contract.reasonCodes ?? {}));
  return [...new Set([...Object.keys(FileReasonCodes), ...Object.keys(RowReasonCodes), ...products])].sort();
}

export async function quarantineCommand(options: QuarantineCommandOptions): Promise<void> {
  if (options.reason !== undefined && !knownReasons().includes(options.reason.toUpperCase())) {
    throw new UsageError(`--reason ${options.reason} is not a reason code. Reason codes: ${knownReasons().join(', ')}.`);
  }
  const filter: QuarantineFilter = { batch: options.batch, reason: options.reason, file: options.file };
  await withExistingWarehouse(options, `finlake quarantine ${options.action}`, async (engine) => {
    if (options.action === 'summary') {
      const rows = await quarantineSummary(engine, filter);
      if (options.json) return printJson(rows);
      // What to fix first on a narrow terminal: the file, its fate, the reason and how many rows.
      process.stdout.write(rows.length ? `${renderTable(rows, SUMMARY_COLUMNS)}\n` : 'No quarantined rows.\n');
      return;
    }
    if (options.action === 'list') {
      // One row more than asked tells whether the list is cut.
      const found = await quarantineRows(engine, { ...filter, limit: options.limit + 1 });
      const rows = found.slice(0, options.limit);
      if (options.json) return printJson(rows);
      process.stdout.write(rows.length ? `${renderTable(rows, COLUMNS)}\n` : 'No quarantined rows.\n');
      if (found.length > rows.length) process.stdout.write(`Showing the first ${rows.length} rows; more match: --limit <n> shows more, \`finlake quarantine export\` writes them all.\n`);
      return;
    }
    const rows = await quarantineRows(engine, filter);
    mkdirSync(dirname(options.out), { recursive: true });
    writeFileSync(options.out, toCsv(rows, COLUMNS));
    if (options.json) printJson({ file: options.out, rows: rows.length });
    else log(`Wrote ${rows.length} quarantined row(s) to ${options.out}`);
  });
}
