/** Streams transactions.csv: ordered timestamps, sales, later returns and planned bad rows. */
import { rename, rm } from 'node:fs/promises';
import { COMMERCE_CHANNELS, COMMERCE_CURRENCIES } from '../contract';
import type { Period } from '@finlake/generator';
import { allocate, dailyWeights, Timeline } from '@finlake/generator';
import type { Product } from './catalog';
import { customerCount, customerId } from './catalog';
import type { TransactionColumns } from './columns';
import { columnIndex, entityByName, headersOf, TRANSACTION_HEADERS } from './columns';
import type { EmittedRow, TransactionBadKind } from './bad-rows';
import { badTransactionRow, reusesPreviousId, TRANSACTION_BAD_KINDS, usableKind } from './bad-rows';
import { BadSlotPlan, csvLine, DAY_MS, formatBasisUnits, formatCents, isoTimestamp } from '@finlake/generator';
import { Rng } from '@finlake/generator';
import type { SaleLine } from './sales';
import { ReturnQueue, SaleFactory } from './sales';
import { ChunkedWriter } from '@finlake/generator';

const PROGRESS_EVERY = 100_000;
/** Slightly above 3%: returns due after the period ends are never written. */
const RETURN_CHANCE = 0.032;
const RETURN_LAG_MS: readonly [number, number] = [2 * DAY_MS, 30 * DAY_MS];
/** Bounds memory on huge or very short runs; beyond it a sale simply is not returned. */
const RETURN_QUEUE_CAPACITY = 100_000;
/** Customer time zones: most systems write UTC, some write the local offset. */
const OFFSETS_MINUTES = [0, 0, 0, 0, 0, 0, 60, 120, -300, -480, 330, -240];
// Local copies: reading a re-exported binding per row goes through an accessor in CommonJS.
const CHANNEL_NAMES: readonly string[] = COMMERCE_CHANNELS;
const CURRENCY = COMMERCE_CURRENCIES[0];

export interface TransactionJob {
  readonly rows: number;
  readonly seed: number;
  readonly badRate: number;
  readonly period: Period;
  readonly products: readonly Product[];
  readonly path: string;
  readonly onProgress?: (rowsWritten: number, total: number) => void;
}

export interface TransactionOutcome {
  readonly badRows: number;
  readonly badRowsByKind: Record<string, number>;
}

function customerOffset(customer: number): number {
  return OFFSETS_MINUTES[(Math.imul(customer + 1, 0x9e3779b1) >>> 0) % OFFSETS_MINUTES.length];
}

/** Produces the rows of the file one at a time, remembering only what duplicates and returns need. */
class TransactionRows {
  private nextId = 1;
  private previous: EmittedRow | undefined;
  private readonly factory: SaleFactory;
  private readonly returns = new ReturnQueue(RETURN_QUEUE_CAPACITY);
  private readonly cols: TransactionColumns = columnIndex(entityByName('transactions'), TRANSACTION_HEADERS);
  readonly outcome = { badRows: 0, badRowsByKind: {} as Record<string, number> };

  constructor(
    private readonly products: readonly Product[],
    customers: number,
    private readonly rng: Rng,
  ) {
    this.factory = new SaleFactory(products, customers, rng);
  }

  next(utcMs: number, badKind: TransactionBadKind | undefined): string | Buffer {
    return badKind ? this.badRow(utcMs, badKind) : this.validRow(utcMs);
  }

  private validRow(utcMs: number): string {
    const due = this.returns.takeDue(utcMs);
    const line = due ? this.factory.refund(due, utcMs) : this.factory.sale(utcMs);
    if (!due && this.rng.chance(RETURN_CHANCE)) {
      this.returns.offer(utcMs + this.rng.between(...RETURN_LAG_MS), line);
    }
    const fields = this.fields(line, this.nextId++);
    const text = csvLine(fields);
    this.previous = { fields, line: text, clean: true };
    return text;
  }

  private badRow(utcMs: number, planned: TransactionBadKind): string | Buffer {
    const kind = usableKind(planned, this.previous);
    const fresh = this.fields(this.factory.sale(utcMs), reusesPreviousId(kind) ? this.nextId : this.nextId++);
    const { row, rejected } = badTransactionRow(kind, fresh, this.previous, this.cols);
    this.previous = row;
    this.outcome.badRows += rejected;
    this.outcome.badRowsByKind[kind] = (this.outcome.badRowsByKind[kind] ?? 0) + rejected;
    return row.line;
  }

  private fields(line: SaleLine, id: number): string[] {
    const c = this.cols;
    const f = new Array<string>(TRANSACTION_HEADERS.length);
    f[c.TransactionID] = 'T' + String(id).padStart(9, '0');
    f[c.TransactionDate] = isoTimestamp(line.utcMs, customerOffset(line.customer));
    f[c.ProductID] = this.products[line.product].id;
    f[c.CustomerID] = customerId(line.customer);
    f[c.Channel] = CHANNEL_NAMES[line.channel];
    f[c.Quantity] = String(line.quantity);
    f[c.UnitPrice] = formatBasisUnits(line.unitPrice);
    f[c.DiscountAmount] = formatCents(line.discount);
    f[c.TaxAmount] = formatCents(line.tax);
    f[c.ShippingChargedToCustomer] = formatCents(line.shippingCharged);
    f[c.ActualShippingCost] = formatCents(line.shippingCost);
    f[c.PlatformFee] = formatCents(line.platformFee);
    f[c.Currency] = CURRENCY;
    f[c.ReturnFlag] = line.isReturn ? 'true' : 'false';
    return f;
  }
}

async function writeRows(job: TransactionJob, writer: ChunkedWriter): Promise<TransactionOutcome> {
  const counts = allocate(job.rows, dailyWeights(job.period, new Rng(job.seed, 'days')));
  const timeline = new Timeline(job.period, counts, new Rng(job.seed, 'clock'));
  const plan = new BadSlotPlan(job.rows, Math.round(job.badRate * job.rows), new Rng(job.seed, 'bad-transactions'), TRANSACTION_BAD_KINDS);
  const rows = new TransactionRows(job.products, customerCount(job.rows), new Rng(job.seed, 'transactions'));
  writer.add(csvLine(headersOf(entityByName('transactions'))));
  for (let i = 0; i < job.rows; i++) {
    const out = rows.next(timeline.next(), plan.kindAt(i));
    if (typeof out !== 'string') await writer.addBytes(out);
    else if (writer.add(out)) await writer.flush();
    if ((i + 1) % PROGRESS_EVERY === 0) job.onProgress?.(i + 1, job.rows);
  }
  if (job.rows % PROGRESS_EVERY !== 0) job.onProgress?.(job.rows, job.rows);
  return rows.outcome;
}

/** Writes to a `.partial` file renamed into place at the end, so readers never see half a file. */
export async function writeTransactions(job: TransactionJob): Promise<TransactionOutcome> {
  const partial = `${job.path}.partial`;
  const writer = new ChunkedWriter(partial);
  try {
    const outcome = await writeRows(job, writer);
    await writer.close();
    await rename(partial, job.path);
    return outcome;
  } catch (err) {
    await writer.abort();
    await rm(partial, { force: true });
    throw err;
  }
}
