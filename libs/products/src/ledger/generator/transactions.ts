/**
 * transactions.csv (the GL lines) and budget.csv in one streaming pass, in posting-date order:
 * the lines of each month, then that month's budget lines. Memory stays flat in the number of
 * lines: a day's count, the previous row (for duplicates) and the budget's per-key accumulators.
 */
import { addMonths, allocate, BadSlotPlan, csvLine, DAY_MS, formatCents, isoDate, Rng, type ChunkedWriter } from '@finlake/generator';
import { badTransaction, copiesPrevious, TRANSACTION_BAD_KINDS, usableKind, type EmittedRow } from './bad-rows';
import { BudgetWriter } from './budget';
import { rangeWeights } from './calendar';
import { LineFactory, type GlLine } from './lines';
import type { LedgerModel } from './model';
import type { Tally } from './tally';

export const PROGRESS_EVERY = 100_000;
const TRANSACTIONS_FILE = 'transactions.csv';

export const transactionId = (n: number): string => 'GL' + String(n).padStart(10, '0');

export function transactionFields(model: LedgerModel, line: GlLine, id: number, date: string): string[] {
  return [transactionId(id), date, model.departments[line.department].id, model.accounts[line.account].id, formatCents(line.cents), line.description, line.currency];
}

export interface LinesJob {
  readonly model: LedgerModel;
  readonly rows: number;
  readonly seed: number;
  readonly badRate: number;
  readonly tally: Tally;
  readonly onProgress?: (rowsWritten: number, total: number) => void;
}

/** Writes the lines to `tx` and the budget to `budget` (both already holding their header). */
export async function writeLinesAndBudget(job: LinesJob, tx: ChunkedWriter, budgetOut: ChunkedWriter): Promise<{ budgetRows: number }> {
  const { model, rows, seed } = job;
  const range = model.months.slice(0, model.calendar.months);
  const counts = allocate(rows, rangeWeights(range, new Rng(seed, 'days')));
  const plan = new BadSlotPlan(rows, Math.round(job.badRate * rows), new Rng(seed, 'bad-transactions'), TRANSACTION_BAD_KINDS);
  const factory = new LineFactory(model.accounts, model.departments, model.fx, new Rng(seed, 'lines'));
  const budget = new BudgetWriter(model.accounts, model.departments, range.length, factory, budgetOut, new Rng(seed, 'budget'), job.badRate, new Rng(seed, 'bad-budget'), job.tally);
  // The month before the range has no fx rate: where a foreign line without a rate is dated.
  const beforeRange = isoDate(addMonths(range[0].startMs, -1) + 14 * DAY_MS);
  let nextId = 1;
  let previous: EmittedRow | undefined;
  let previousLine: GlLine | undefined;
  let i = 0;
  let day = 0;
  for (const month of range) {
    for (let d = 0; d < month.days; d++, day++) {
      const date = isoDate(month.startMs + d * DAY_MS);
      for (let n = 0; n < counts[day]; n++, i++) {
        const line = factory.line(month.index);
        const planned = plan.kindAt(i);
        let out: string | Buffer;
        if (!planned) {
          const fields = transactionFields(model, line, nextId++, date);
          out = csvLine(fields);
          previous = { fields, line: out, clean: true };
          previousLine = line;
          budget.add(line);
        } else {
          const kind = usableKind(planned, TRANSACTION_BAD_KINDS, previous);
          const fresh = transactionFields(model, line, copiesPrevious(kind) ? nextId : nextId++, date);
          const { row, rejected } = badTransaction(kind, fresh, previous, beforeRange);
          // A conflicting duplicate sinks the row it copies: that row's amount leaves the actuals.
          if (kind === 'duplicate_key' && previousLine) budget.remove(previousLine);
          previous = row;
          previousLine = undefined;
          job.tally.count(TRANSACTIONS_FILE, kind, rejected);
          out = row.line;
        }
        if (typeof out !== 'string') await tx.addBytes(out);
        else if (tx.add(out)) await tx.flush();
        if ((i + 1) % PROGRESS_EVERY === 0) job.onProgress?.(i + 1, rows);
      }
    }
    await budget.closeMonth(month);
  }
  if (rows === 0 || rows % PROGRESS_EVERY !== 0) job.onProgress?.(rows, rows);
  return { budgetRows: budget.rows };
}
