import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { quarantineRows, quarantineSummary, type QuarantineFilter } from '@finlake/pipeline';
import { toCsv } from '@finlake/report';
import type { GlobalOptions } from '../main';
import { log, printJson, renderTable } from '../output';
import { withExistingWarehouse } from '../warehouse';

export interface QuarantineCommandOptions extends GlobalOptions, QuarantineFilter {
  action: 'summary' | 'list' | 'export';
  out: string;
}

const COLUMNS = ['file_name', 'line_number', 'column_name', 'reason_code', 'raw_value', 'raw_record', 'batch'];

export async function quarantineCommand(options: QuarantineCommandOptions): Promise<void> {
  const filter: QuarantineFilter = { batch: options.batch, reason: options.reason, file: options.file };
  await withExistingWarehouse(options, `finlake quarantine ${options.action}`, async (engine) => {
    if (options.action === 'summary') {
      const rows = await quarantineSummary(engine, filter);
      if (options.json) return printJson(rows);
      process.stdout.write(rows.length ? `${renderTable(rows)}\n` : 'No quarantined rows.\n');
      return;
    }
    if (options.action === 'list') {
      const rows = await quarantineRows(engine, { ...filter, limit: options.limit });
      if (options.json) return printJson(rows);
      process.stdout.write(rows.length ? `${renderTable(rows, COLUMNS)}\n` : 'No quarantined rows.\n');
      return;
    }
    const rows = await quarantineRows(engine, filter);
    mkdirSync(dirname(options.out), { recursive: true });
    writeFileSync(options.out, toCsv(rows, COLUMNS));
    if (options.json) printJson({ file: options.out, rows: rows.length });
    else log(`Wrote ${rows.length} quarantined row(s) to ${options.out}`);
  });
}
