/**
 * generateLedger: accounts.csv, departments.csv, fx_rates.csv, transactions.csv (the GL lines)
 * and budget.csv into outDir. The same options always give byte-identical files.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { GenerateOptions, GenerateResult } from '../../types';
import { accountRows, departmentRows } from './chart';
import { fileOf, LEDGER_HEADERS } from './columns';
import { streamFiles, writeSmallFile } from './files';
import { fxRows } from './fx';
import { buildModel, defaultCalendar, type LedgerCalendar } from './model';
import type { LedgerShape } from './shape';
import { Tally } from './tally';
import { writeLinesAndBudget } from './transactions';
import { checkGenerateOptions } from '../../generate-options';

export interface LedgerGenerateOptions extends GenerateOptions {
  /** First generated month, YYYY-MM (default 2022-01). */
  startMonth?: string;
  /** Generated months (default 36). */
  months?: number;
}

export interface LedgerGenerateResult extends GenerateResult {
  /** Rejected rows per bad-row kind (BAD_ROW_KINDS); only kinds that occur. */
  badRowsByKind: Record<string, number>;
  /** The generated months; the incremental close posts to the month after them. */
  calendar: LedgerCalendar;
  shape: LedgerShape;
}

/** `rows` is the number of GL lines (transactions.csv); the other files scale with it (see ledgerShape). */
export async function generateLedger(opts: LedgerGenerateOptions): Promise<LedgerGenerateResult> {
  checkGenerateOptions(opts);
  const defaults = defaultCalendar();
  const calendar: LedgerCalendar = { startMonth: opts.startMonth ?? defaults.startMonth, months: opts.months ?? defaults.months };
  const model = buildModel(opts.seed, opts.rows, calendar);
  await mkdir(opts.outDir, { recursive: true });
  const files = [
    await writeSmallFile(opts.outDir, 'accounts', accountRows(model.accounts, model.months)),
    await writeSmallFile(opts.outDir, 'departments', departmentRows(model.departments, model.months)),
    await writeSmallFile(opts.outDir, 'fx_rates', fxRows(model.fx, model.months)),
  ];
  const tally = new Tally();
  const [txName, budgetName] = [fileOf('transactions'), fileOf('budget')];
  const [txPath, budgetPath] = [join(opts.outDir, txName), join(opts.outDir, budgetName)];
  const { budgetRows } = await streamFiles([txPath, budgetPath], [LEDGER_HEADERS.transactions, LEDGER_HEADERS.budget], ([tx, budget]) =>
    writeLinesAndBudget({ model, rows: opts.rows, seed: opts.seed, badRate: opts.badRate ?? 0, tally, onProgress: opts.onProgress }, tx, budget),
  );
  files.push({ name: txName, path: txPath, rows: opts.rows, badRows: tally.of(txName) });
  files.push({ name: budgetName, path: budgetPath, rows: budgetRows, badRows: tally.of(budgetName) });
  return { files, badRowsByKind: tally.byKind, calendar, shape: model.shape };
}
