/**
 * The bench's incremental run for the ledger: a one-month close, the GL lines of the month after
 * the generated range as one file, `transactions_close_<YYYY-MM>.csv`. TransactionIDs continue
 * after the full file's, the masters and rates are rebuilt from the same seed and size (so every
 * department and account is known, with the version valid that month) and fx_rates.csv already
 * holds that month's rates. No budget comes with it: the close month's lines are UNBUDGETED.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { allocate, csvLine, DAY_MS, isoDate, Rng } from '@finlake/generator';
import type { IncrementOptions, IncrementResult } from '../../types';
import { postingWeights } from './calendar';
import { fileOf, LEDGER_HEADERS } from './columns';
import { streamFiles } from './files';
import type { LedgerGenerateResult } from './generate';
import { LineFactory } from './lines';
import { buildModel, defaultCalendar, type LedgerCalendar } from './model';
import { transactionFields } from './transactions';

const INCREMENT_SEED_OFFSET = 1_000_003;

/** The full generation's months: recorded on its result, else the defaults it ran with. */
function calendarOf(full: IncrementOptions['full']): LedgerCalendar {
  return (full as Partial<LedgerGenerateResult>).calendar ?? defaultCalendar();
}

export async function generateLedgerIncrement(options: IncrementOptions): Promise<IncrementResult> {
  const fullLines = options.full.files.find((f) => f.name === fileOf('transactions'))?.rows;
  if (fullLines === undefined) throw new Error('generateLedgerIncrement: the full generation has no transactions.csv');
  const calendar = calendarOf(options.full);
  const model = buildModel(options.seed, fullLines, calendar);
  const month = model.months[calendar.months];
  const name = `transactions_close_${month.period}.csv`;
  const path = join(options.outDir, name);
  await mkdir(options.outDir, { recursive: true });
  const counts = allocate(options.rows, postingWeights(month));
  const factory = new LineFactory(model.accounts, model.departments, model.fx, new Rng(options.seed + INCREMENT_SEED_OFFSET, 'lines'));
  await streamFiles([path], [LEDGER_HEADERS.transactions], async ([out]) => {
    let id = fullLines;
    for (let d = 0; d < month.days; d++) {
      const date = isoDate(month.startMs + d * DAY_MS);
      for (let n = 0; n < counts[d]; n++) {
        if (out.add(csvLine(transactionFields(model, factory.line(month.index), ++id, date)))) await out.flush();
      }
    }
  });
  return { name, path, rows: options.rows };
}
