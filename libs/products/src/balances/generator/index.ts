/**
 * generateBalances: account_transactions.csv into outDir, in booking order, every source stamp
 * (StartBalance, EndBalance) the true running balance of its account. The same options always
 * give byte-identical files; memory is flat in the number of rows (one day's times at a time).
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '@finlake/errors';
import { BadSlotPlan, ChunkedWriter, csvLine, DAY_MS, formatCents, isoTimestamp, parseIsoDate, Rng } from '@finlake/generator';
import type { GenerateOptions, GenerateResult, IncrementOptions, IncrementResult } from '../../types';

export const BALANCES_HEADER = ['TransactionID', 'AccountID', 'CreatedAt', 'Amount', 'StartBalance', 'EndBalance', 'TransactionType', 'Status', 'ReversesTransactionID', 'Currency'] as const;
export const BALANCES_FILE = 'account_transactions.csv';

/** Rows written to be rejected, each with the reason a correct loader gives; STAMP_DRIFT loads (a BALANCE_CHAIN_BREAK warning). */
export const BALANCES_BAD_KINDS = ['UNKNOWN_TXN_TYPE', 'MIXED_CURRENCY', 'UNKNOWN_REVERSED_TRANSACTION', 'DOUBLE_REVERSAL', 'STAMP_DRIFT'] as const;
export type BalancesBadKind = (typeof BALANCES_BAD_KINDS)[number];

export interface BalancesGenerateOptions extends GenerateOptions {
  /** Accounts (default: one per 100 rows, at least 1). */
  accounts?: number;
  /** Days of history (default: one per 20 rows, from 30 to 730). */
  days?: number;
  /** First day, YYYY-MM-DD (default 2024-01-01). */
  startDate?: string;
}

export interface BalancesGenerateResult extends GenerateResult {
  /** Bad rows per kind, only kinds that occur. */
  badRowsByKind: Record<string, number>;
}

/** Offsets the source writes its instants in (minutes east of UTC): a day's edge differs by zone. */
const OFFSETS = [0, 0, 0, -300, 60, 330];
/** Types of a valid booking with their share, sign and size in cents; REVERSAL is made from an earlier booking. */
const KINDS: readonly { type: string; share: number; sign: 1 | -1; min: number; max: number }[] = [
  { type: 'DEPOSIT', share: 0.3, sign: 1, min: 1_000, max: 200_000 },
  { type: 'WITHDRAWAL', share: 0.25, sign: -1, min: 500, max: 80_000 },
  { type: 'TRANSFER_IN', share: 0.1, sign: 1, min: 1_000, max: 100_000 },
  { type: 'TRANSFER_OUT', share: 0.1, sign: -1, min: 1_000, max: 60_000 },
  { type: 'FEE', share: 0.1, sign: -1, min: 50, max: 1_500 },
  { type: 'INTEREST', share: 0.05, sign: 1, min: 1, max: 2_000 },
  { type: 'ADJUSTMENT', share: 0.05, sign: 1, min: 1, max: 5_000 },
];
const REVERSAL_SHARE = 0.05;

function checkOptions(o: BalancesGenerateOptions): void {
  if (!Number.isSafeInteger(o.rows) || o.rows < 0) throw new UsageError(`rows must be a whole number >= 0, got ${o.rows}`);
  if (!Number.isSafeInteger(o.seed)) throw new UsageError(`seed must be a whole number, got ${o.seed}`);
  if (typeof o.outDir !== 'string' || o.outDir === '') throw new UsageError('outDir is required');
  const badRate = o.badRate ?? 0;
  if (!(badRate >= 0 && badRate <= 1)) throw new UsageError(`badRate must be between 0 and 1, got ${badRate}`);
  if (o.accounts !== undefined && (!Number.isSafeInteger(o.accounts) || o.accounts < 1)) throw new UsageError(`accounts must be a whole number >= 1, got ${o.accounts}`);
  if (o.days !== undefined && (!Number.isSafeInteger(o.days) || o.days < 1)) throw new UsageError(`days must be a whole number >= 1, got ${o.days}`);
}

export async function generateBalances(opts: BalancesGenerateOptions): Promise<BalancesGenerateResult> {
  checkOptions(opts);
  const rows = opts.rows;
  const { accounts, days, start } = shapeOf(opts);
  const rng = new Rng(opts.seed, 'balances');
  const badRng = new Rng(opts.seed, 'balances:bad');
  const plan = new BadSlotPlan<BalancesBadKind>(rows, Math.round(rows * (opts.badRate ?? 0)), badRng, BALANCES_BAD_KINDS);
  const currency = currencies(rng, accounts);
  const balance = new Float64Array(accounts);
  const seen = new Uint8Array(accounts);
  // The account's last successful booking that may still be reversed (id and amount in cents).
  const reversible: ({ id: string; cents: number } | undefined)[] = new Array(accounts);
  let lastReverted: string | undefined;
  const byKind: Record<string, number> = {};
  let rejected = 0;

  await mkdir(opts.outDir, { recursive: true });
  const path = join(opts.outDir, BALANCES_FILE);
  const out = new ChunkedWriter(path);
  try {
    out.add(csvLine(BALANCES_HEADER));
    let written = 0;
    for (let day = 0; day < days && written < rows; day++) {
      const today = Math.floor(((day + 1) * rows) / days) - Math.floor((day * rows) / days);
      const seconds = Array.from({ length: today }, () => rng.int(0, 86_399)).sort((a, b) => a - b);
      for (const second of seconds) {
        const i = written++;
        const id = `TX${String(i + 1).padStart(9, '0')}`;
        const a = rng.int(0, accounts - 1);
        const instant = start + day * DAY_MS + second * 1000;
        const createdAt = isoTimestamp(instant, rng.pick(OFFSETS));
        const before = balance[a]!;
        const bad = plan.kindAt(i);
        if (bad !== undefined) {
          const kind = resolveBad(bad, seen[a] === 1, lastReverted);
          byKind[kind] = (byKind[kind] ?? 0) + 1;
          if (kind !== 'STAMP_DRIFT') rejected++;
          out.add(csvLine(badFields(kind, id, accountId(a), createdAt, before, currency[a]!, lastReverted)));
          if (kind === 'STAMP_DRIFT') {
            balance[a] = before + 100;
            seen[a] = 1;
          }
        } else {
          const target = reversible[a];
          let type: string;
          let cents: number;
          let reverses = '';
          if (target && rng.chance(REVERSAL_SHARE)) {
            type = 'REVERSAL';
            cents = -target.cents;
            reverses = target.id;
            reversible[a] = undefined;
          } else {
            const kind = pickKind(rng);
            type = kind.type;
            cents = kind.sign * rng.int(kind.min, kind.max);
          }
          const r = rng.next();
          // A wallet is not overdrawn by a debit: the source declines it.
          const overdraws = type !== 'REVERSAL' && cents < 0 && before + cents < 0;
          const status = overdraws ? 'DECLINED' : type === 'REVERSAL' || r < 0.92 ? 'SUCCESSFUL' : r < 0.94 ? 'PENDING' : r < 0.99 ? 'DECLINED' : 'REVERTED';
          const after = status === 'SUCCESSFUL' ? before + cents : before;
          if (status === 'SUCCESSFUL') balance[a] = after;
          if (status === 'SUCCESSFUL' && type !== 'REVERSAL') reversible[a] = { id, cents };
          if (status === 'REVERTED') lastReverted = id;
          seen[a] = 1;
          out.add(csvLine([id, accountId(a), createdAt, formatCents(cents), formatCents(before), formatCents(after), type, status, reverses, currency[a]!]));
        }
        if (i % 4096 === 4095) {
          await out.flush();
          opts.onProgress?.(written, rows);
        }
      }
    }
    await out.close();
  } catch (err) {
    await out.abort();
    await rm(path, { force: true });
    throw err;
  }
  opts.onProgress?.(rows, rows);
  return { files: [{ name: BALANCES_FILE, path, rows, badRows: rejected }], badRowsByKind: byKind };
}

const accountId = (a: number) => `ACC${String(a + 1).padStart(6, '0')}`;

/** Accounts, days and the first day (epoch ms), from the options or their defaults. */
function shapeOf(opts: Pick<BalancesGenerateOptions, 'rows' | 'accounts' | 'days' | 'startDate'>): { accounts: number; days: number; start: number } {
  const start = parseIsoDate(opts.startDate ?? '2024-01-01');
  if (start === undefined) throw new UsageError(`startDate must be an ISO date YYYY-MM-DD, got ${opts.startDate}`);
  return { accounts: opts.accounts ?? Math.max(1, Math.ceil(opts.rows / 100)), days: opts.days ?? Math.min(730, Math.max(30, Math.ceil(opts.rows / 20))), start };
}

/** One currency per account, most of them USD: the first draws of the generator's stream. */
function currencies(rng: Rng, accounts: number): string[] {
  return Array.from({ length: accounts }, () => rng.pick(['USD', 'USD', 'USD', 'USD', 'USD', 'USD', 'EUR', 'GBP']));
}

/**
 * The bench's incremental run: `rows` deposits on the day after the generated range, to existing
 * accounts in their own currency, without source stamps (they are optional): every row new and
 * valid. Assumes the full generation took the default shape.
 */
export async function generateBalancesIncrement(opts: IncrementOptions): Promise<IncrementResult> {
  const fullRows = opts.full.files.find((f) => f.name === BALANCES_FILE)?.rows ?? 0;
  const { accounts, days, start } = shapeOf({ rows: fullRows });
  const currency = currencies(new Rng(opts.seed, 'balances'), accounts);
  const rng = new Rng(opts.seed, 'balances:increment');
  await mkdir(opts.outDir, { recursive: true });
  const name = 'account_transactions_increment.csv';
  const path = join(opts.outDir, name);
  const out = new ChunkedWriter(path);
  try {
    out.add(csvLine(BALANCES_HEADER));
    const seconds = Array.from({ length: opts.rows }, () => rng.int(0, 86_399)).sort((a, b) => a - b);
    for (const [i, second] of seconds.entries()) {
      const a = rng.int(0, accounts - 1);
      const instant = start + days * DAY_MS + second * 1000;
      out.add(csvLine([`TXI${String(i + 1).padStart(9, '0')}`, accountId(a), isoTimestamp(instant, 0), formatCents(rng.int(100, 50_000)), '', '', 'DEPOSIT', 'SUCCESSFUL', '', currency[a]!]));
      if (i % 4096 === 4095) await out.flush();
    }
    await out.close();
  } catch (err) {
    await out.abort();
    await rm(path, { force: true });
    throw err;
  }
  return { name, path, rows: opts.rows };
}

function pickKind(rng: Rng): (typeof KINDS)[number] {
  let x = rng.next() * KINDS.reduce((s, k) => s + k.share, 0);
  for (const kind of KINDS) if ((x -= kind.share) < 0) return kind;
  return KINDS[0]!;
}

/** The kind a planned bad row can be here: a currency conflict needs an account already seen, a double reversal a reverted booking. */
function resolveBad(kind: BalancesBadKind, accountSeen: boolean, lastReverted: string | undefined): BalancesBadKind {
  if (kind === 'MIXED_CURRENCY' && !accountSeen) return 'UNKNOWN_TXN_TYPE';
  if (kind === 'DOUBLE_REVERSAL' && lastReverted === undefined) return 'UNKNOWN_REVERSED_TRANSACTION';
  if (kind === 'STAMP_DRIFT' && !accountSeen) return 'UNKNOWN_TXN_TYPE';
  return kind;
}

function badFields(kind: BalancesBadKind, id: string, account: string, createdAt: string, before: number, currency: string, lastReverted: string | undefined): string[] {
  const row = (amount: number, type: string, reverses = '', cur = currency, end = before + amount) => [id, account, createdAt, formatCents(amount), formatCents(before), formatCents(end), type, 'SUCCESSFUL', reverses, cur];
  switch (kind) {
    case 'UNKNOWN_TXN_TYPE':
      return row(1_000, 'CASHBACK');
    case 'MIXED_CURRENCY':
      return row(1_000, 'DEPOSIT', '', currency === 'CHF' ? 'JPY' : 'CHF');
    case 'UNKNOWN_REVERSED_TRANSACTION':
      return row(1_000, 'REVERSAL', `${id}-NONE`);
    case 'DOUBLE_REVERSAL':
      return row(1_000, 'REVERSAL', lastReverted);
    case 'STAMP_DRIFT':
      // Loads: a deposit of 1.00 whose source stamp is off by a cent (the balance is recomputed).
      return row(100, 'DEPOSIT', '', currency, before + 101);
  }
}
