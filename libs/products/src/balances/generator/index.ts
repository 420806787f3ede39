/**
 * generateBalances: account_transactions.csv into outDir, in booking order, every source stamp
 * (StartBalance, EndBalance) the true running balance of its account; then products.csv (a few
 * instruments, some with a second version), portfolio_transactions.csv (about a quarter as many
 * movements of the same clients' holdings, every stamp the true position after the row) and
 * inventory_movements.csv (about a tenth as many movements of a few stores' stock). The same
 * options always give byte-identical files; memory is flat in the number of rows (one day's times
 * at a time, one small state per account, holding and stock).
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '@finlake/errors';
import { BadSlotPlan, ChunkedWriter, csvLine, DAY_MS, formatCents, isoDate, isoTimestamp, parseIsoDate, Rng } from '@finlake/generator';
import type { GenerateOptions, GenerateResult, IncrementOptions, IncrementResult } from '../../types';
import { checkGenerateOptions } from '../../generate-options';

export const BALANCES_HEADER = ['TransactionID', 'AccountID', 'CreatedAt', 'Amount', 'StartBalance', 'EndBalance', 'TransactionType', 'Status', 'ReversesTransactionID', 'Currency'] as const;
export const BALANCES_FILE = 'account_transactions.csv';

export const PRODUCTS_HEADER = ['ProductCode', 'ProductType', 'UnitOfMeasure', 'TradingUnitSize', 'MaturityDate', 'EffectiveFrom'] as const;
export const PRODUCTS_FILE = 'products.csv';
export const PORTFOLIO_HEADER = ['TransactionID', 'ClientID', 'ProductCode', 'LocationCode', 'CreatedAt', 'TransactionType', 'UnitsDelta', 'LienDelta', 'TotalUnitsAfter', 'LienUnitsAfter', 'AvailableUnitsAfter', 'Status'] as const;
export const PORTFOLIO_FILE = 'portfolio_transactions.csv';
export const INVENTORY_HEADER = ['MovementID', 'StoreID', 'ProductID', 'QualityLevel', 'OwnerClientID', 'CreatedAt', 'UnitsDelta', 'ReservedUnitsDelta', 'VolumeDelta', 'ReservedVolumeDelta', 'IsDeleted'] as const;
export const INVENTORY_FILE = 'inventory_movements.csv';

/** Bad wallet rows; their order is the wallet file's plan, so it stays byte-identical as kinds are added elsewhere. */
const WALLET_BAD_KINDS = ['UNKNOWN_TXN_TYPE', 'MIXED_CURRENCY', 'UNKNOWN_REVERSED_TRANSACTION', 'DOUBLE_REVERSAL', 'STAMP_DRIFT'] as const;
/** Bad portfolio rows, each named by the reason a correct loader gives; each breaks its position on its own. */
const PORTFOLIO_BAD_KINDS = ['INSUFFICIENT_AVAILABLE_UNITS', 'LIEN_UNDERFLOW', 'UNITS_SIGN', 'UNKNOWN_PRODUCT'] as const;
/**
 * Bad inventory movements, named apart from the portfolio's (their counts would merge): an issue
 * beyond the available stock (INSUFFICIENT_AVAILABLE_UNITS), a release beyond the reserved stock
 * (RESERVED_UNDERFLOW), a product products.csv does not define on the day (UNKNOWN_PRODUCT).
 */
const INVENTORY_BAD_KINDS = ['ISSUE_BEYOND_AVAILABLE', 'RELEASE_BEYOND_RESERVED', 'UNKNOWN_STOCK_PRODUCT'] as const;
/** Rows written to be rejected, each with one reason a correct loader gives (named by it, but for the inventory's); STAMP_DRIFT loads (a BALANCE_CHAIN_BREAK warning). */
export const BALANCES_BAD_KINDS = [...WALLET_BAD_KINDS, ...PORTFOLIO_BAD_KINDS, ...INVENTORY_BAD_KINDS] as const;
export type BalancesBadKind = (typeof BALANCES_BAD_KINDS)[number];
type WalletBadKind = (typeof WALLET_BAD_KINDS)[number];
type PortfolioBadKind = (typeof PORTFOLIO_BAD_KINDS)[number];
type InventoryBadKind = (typeof INVENTORY_BAD_KINDS)[number];

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

/** The instants (seconds into the day) of day `day`'s rows when `rows` are spread evenly over `days`: random, in time order. */
function secondsOfDay(rng: Rng, rows: number, days: number, day: number): number[] {
  const count = Math.floor(((day + 1) * rows) / days) - Math.floor((day * rows) / days);
  return Array.from({ length: count }, () => rng.int(0, 86_399)).sort((a, b) => a - b);
}

function checkOptions(o: BalancesGenerateOptions): void {
  checkGenerateOptions(o);
  if (o.accounts !== undefined && (!Number.isSafeInteger(o.accounts) || o.accounts < 1)) throw new UsageError(`accounts must be a whole number >= 1, got ${o.accounts}`);
  if (o.days !== undefined && (!Number.isSafeInteger(o.days) || o.days < 1)) throw new UsageError(`days must be a whole number >= 1, got ${o.days}`);
}

type GeneratedFile = GenerateResult['files'][number];
type Shape = ReturnType<typeof shapeOf>;

export async function generateBalances(opts: BalancesGenerateOptions): Promise<BalancesGenerateResult> {
  checkOptions(opts);
  const shape = shapeOf(opts);
  const byKind: Record<string, number> = {};
  await mkdir(opts.outDir, { recursive: true });
  const files: GeneratedFile[] = [];
  try {
    files.push(await writeAccountTransactions(opts, shape, byKind));
    // Streams of their own: the wallet file is the same bytes whatever the portfolio draws.
    const catalog = productCatalog(new Rng(opts.seed, 'balances:products'), shape);
    files.push(await writeProducts(opts.outDir, catalog));
    files.push(await writePortfolioTransactions(opts, shape, catalog, byKind));
    files.push(await writeInventoryMovements(opts, shape, catalog, byKind));
  } catch (err) {
    await Promise.all([BALANCES_FILE, PRODUCTS_FILE, PORTFOLIO_FILE, INVENTORY_FILE].map((name) => rm(join(opts.outDir, name), { force: true })));
    throw err;
  }
  opts.onProgress?.(opts.rows, opts.rows);
  return { files, badRowsByKind: byKind };
}

async function writeAccountTransactions(opts: BalancesGenerateOptions, { accounts, days, start }: Shape, byKind: Record<string, number>): Promise<GeneratedFile> {
  const rows = opts.rows;
  const rng = new Rng(opts.seed, 'balances');
  const badRng = new Rng(opts.seed, 'balances:bad');
  const plan = new BadSlotPlan<WalletBadKind>(rows, Math.round(rows * (opts.badRate ?? 0)), badRng, WALLET_BAD_KINDS);
  const currency = currencies(rng, accounts);
  const balance = new Float64Array(accounts);
  const seen = new Uint8Array(accounts);
  // The account's last successful booking that may still be reversed (id and amount in cents).
  const reversible: ({ id: string; cents: number } | undefined)[] = new Array(accounts);
  let lastReverted: string | undefined;
  let rejected = 0;

  const path = join(opts.outDir, BALANCES_FILE);
  const out = new ChunkedWriter(path);
  try {
    out.add(csvLine(BALANCES_HEADER));
    let written = 0;
    for (let day = 0; day < days && written < rows; day++) {
      const seconds = secondsOfDay(rng, rows, days, day);
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
    throw err;
  }
  return { name: BALANCES_FILE, path, rows, badRows: rejected };
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
function resolveBad(kind: WalletBadKind, accountSeen: boolean, lastReverted: string | undefined): WalletBadKind {
  if (kind === 'MIXED_CURRENCY' && !accountSeen) return 'UNKNOWN_TXN_TYPE';
  if (kind === 'DOUBLE_REVERSAL' && lastReverted === undefined) return 'UNKNOWN_REVERSED_TRANSACTION';
  if (kind === 'STAMP_DRIFT' && !accountSeen) return 'UNKNOWN_TXN_TYPE';
  return kind;
}

function badFields(kind: WalletBadKind, id: string, account: string, createdAt: string, before: number, currency: string, lastReverted: string | undefined): string[] {
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

/** An instrument the sample's clients hold; units are whole multiples of 10^-decimals (fractional where it trades so). */
interface ProductDef {
  readonly code: string;
  readonly type: string;
  readonly uom: string;
  readonly decimals: number;
  /** A purchase, in units. */
  readonly buy: readonly [number, number];
  /** Where it is held; '' leaves the location empty (loaded as UNALLOCATED). */
  readonly locations: readonly string[];
}

const PRODUCT_DEFS: readonly ProductDef[] = [
  { code: 'MAIZE', type: 'COMMODITY', uom: 'KG', decimals: 3, buy: [1, 120], locations: ['WH1', 'WH1', 'WH2', ''] },
  { code: 'SOYBEAN', type: 'COMMODITY', uom: 'KG', decimals: 3, buy: [1, 80], locations: ['WH1', 'WH2', 'WH2', ''] },
  { code: 'COFFEE', type: 'COMMODITY', uom: 'KG', decimals: 1, buy: [5, 400], locations: ['WH2', 'WH2', ''] },
  { code: 'GOLD', type: 'COMMODITY', uom: 'KG', decimals: 4, buy: [0.05, 4], locations: ['VAULT', 'VAULT', ''] },
  { code: 'GOVBOND-5Y', type: 'BOND', uom: 'NOTE', decimals: 0, buy: [1, 300], locations: ['', 'VAULT'] },
  { code: 'CORPBOND-3Y', type: 'BOND', uom: 'NOTE', decimals: 2, buy: [1, 150], locations: ['', 'VAULT'] },
  { code: 'ACME', type: 'EQUITY', uom: 'SHARE', decimals: 4, buy: [1, 2500], locations: [''] },
  { code: 'GLOBEX', type: 'EQUITY', uom: 'SHARE', decimals: 0, buy: [10, 5000], locations: [''] },
  { code: 'NEWCO', type: 'EQUITY', uom: 'SHARE', decimals: 4, buy: [1, 1000], locations: [''] },
];
/** A code products.csv never defines. */
const UNLISTED_PRODUCT = 'SILVER';

interface Product extends ProductDef {
  /** The first day (index into the range) valid rows trade it: 0, or two days after a listing inside the range, clear of any time zone's edge. */
  readonly tradableFrom: number;
  /** The day it is listed on, when inside the range (a row before it names a product not yet defined). */
  readonly listedOn?: number;
}

interface Catalog {
  readonly products: readonly Product[];
  /** products.csv's rows, by code and effective date. */
  readonly rows: readonly (readonly string[])[];
}

/**
 * The products with their versions: each in effect well before the range, except one listed inside
 * it; one whose trading-unit size changes inside the range (its volume converts from that day on)
 * and one whose maturity is extended. Maturities lie after the range (a date that may be ahead).
 */
function productCatalog(rng: Rng, { days, start }: Shape): Catalog {
  const day = (d: number) => isoDate(start + d * DAY_MS);
  const end = days;
  const between = (from: number, to: number) => rng.int(Math.floor(from), Math.max(Math.floor(from), Math.floor(to)));
  const rows: string[][] = [];
  const products: Product[] = [];
  for (const def of PRODUCT_DEFS) {
    const since = day(-rng.int(30, 720));
    const version = (size: string, maturity: string, from: string) => rows.push([def.code, def.type, def.uom, size, maturity, from]);
    switch (def.code) {
      case 'MAIZE':
        // The seed's hard-coded ×1000, as a versioned attribute: the lot is halved inside the range.
        version('1000', '', since);
        version('500', '', day(between(days / 2, (3 * days) / 4)));
        break;
      case 'SOYBEAN':
        version('1000', '', since);
        break;
      case 'COFFEE':
        version(rng.pick(['60', '69']), '', since);
        break;
      case 'GOLD':
        version(rng.pick(['12.4414', '1']), '', since);
        break;
      case 'GOVBOND-5Y':
        version(rng.pick(['100', '1000']), day(end + rng.int(365, 5 * 365)), since);
        break;
      case 'CORPBOND-3Y': {
        const maturity = end + rng.int(30, 3 * 365);
        version('1000', day(maturity), since);
        version('1000', day(maturity + 365 * rng.int(1, 3)), day(between(days / 3, (2 * days) / 3)));
        break;
      }
      case 'GLOBEX':
        version(rng.pick(['1', '100']), '', since);
        break;
      case 'NEWCO': {
        const listed = between(days / 3, days / 2);
        version('1', '', day(listed));
        products.push({ ...def, tradableFrom: listed + 2, listedOn: listed });
        continue;
      }
      default:
        version('1', '', since);
    }
    products.push({ ...def, tradableFrom: 0 });
  }
  rows.sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : a[5]! < b[5]! ? -1 : 1));
  return { products, rows };
}

async function writeProducts(outDir: string, catalog: Catalog): Promise<GeneratedFile> {
  const path = join(outDir, PRODUCTS_FILE);
  const out = new ChunkedWriter(path);
  try {
    out.add(csvLine(PRODUCTS_HEADER));
    for (const row of catalog.rows) out.add(csvLine(row));
    await out.close();
  } catch (err) {
    await out.abort();
    throw err;
  }
  return { name: PRODUCTS_FILE, path, rows: catalog.rows.length, badRows: 0 };
}

/** A client's position in one product at one location, in the product's smallest units. */
interface Holding {
  readonly product: Product;
  readonly location: string;
  total: number;
  lien: number;
}

/** One movement, in the product's smallest units. */
interface Move {
  type: string;
  units: number;
  lien: number;
  status: string;
}

type Effect = 'add' | 'take' | 'lien' | 'release' | 'convert';
const POSITION_MOVES: readonly { type: string; share: number; effect: Effect }[] = [
  { type: 'BUY', share: 0.24, effect: 'add' },
  { type: 'DEPOSIT', share: 0.1, effect: 'add' },
  { type: 'TRANSFER_IN', share: 0.07, effect: 'add' },
  { type: 'SELL', share: 0.18, effect: 'take' },
  { type: 'WITHDRAWAL', share: 0.08, effect: 'take' },
  { type: 'TRANSFER_OUT', share: 0.07, effect: 'take' },
  { type: 'LIEN', share: 0.1, effect: 'lien' },
  // Only where a lien is held: a higher share keeps liens from piling up.
  { type: 'LIEN_RELEASE', share: 0.2, effect: 'release' },
  { type: 'CONVERSION', share: 0.04, effect: 'convert' },
];

/**
 * portfolio_transactions.csv: about a quarter as many rows as the wallet file, over the same
 * clients (the accounts' ids) and days. Each valid row keeps its position's 0 ≤ lien ≤ total and
 * carries the true position after it (DECLINED and REVERTED rows move nothing). A bad row is never
 * applied, so each one alone breaks its position (or a row rule or the product reference) and the
 * loader refuses exactly it.
 */
async function writePortfolioTransactions(opts: BalancesGenerateOptions, { accounts, days, start }: Shape, catalog: Catalog, byKind: Record<string, number>): Promise<GeneratedFile> {
  const rows = Math.round(opts.rows / 4);
  const rng = new Rng(opts.seed, 'balances:portfolio');
  const plan = new BadSlotPlan<PortfolioBadKind>(rows, Math.round(rows * (opts.badRate ?? 0)), new Rng(opts.seed, 'balances:portfolio:bad'), PORTFOLIO_BAD_KINDS);
  const listed = catalog.products.filter((p) => p.tradableFrom === 0);
  const holdings: Holding[][] = new Array(accounts);
  let rejected = 0;
  const path = join(opts.outDir, PORTFOLIO_FILE);
  const out = new ChunkedWriter(path);
  try {
    out.add(csvLine(PORTFOLIO_HEADER));
    let written = 0;
    for (let day = 0; day < days && written < rows; day++) {
      const seconds = secondsOfDay(rng, rows, days, day);
      for (const second of seconds) {
        const i = written++;
        const c = rng.int(0, accounts - 1);
        const own = (holdings[c] ??= pickHoldings(rng, listed, catalog.products));
        const holding = rng.pick(own.filter((h) => day >= h.product.tradableFrom));
        const createdAt = isoTimestamp(start + day * DAY_MS + second * 1000, rng.pick(OFFSETS));
        const bad = plan.kindAt(i);
        let code = holding.product.code;
        let location = holding.location;
        let move: Move;
        if (bad === undefined) {
          move = validMove(rng, holding);
        } else {
          byKind[bad] = (byKind[bad] ?? 0) + 1;
          rejected++;
          move = badMove(rng, bad, holding);
          if (bad === 'UNKNOWN_PRODUCT') {
            // A product listed later, before its listing, or one never defined.
            const early = catalog.products.find((p) => p.listedOn !== undefined && day + 2 <= p.listedOn);
            [code, location] = early && rng.chance(0.5) ? [early.code, early.locations[0]!] : [UNLISTED_PRODUCT, location];
          }
        }
        const before = bad === 'UNKNOWN_PRODUCT' ? { total: 0, lien: 0 } : holding;
        // The source's stamps: the position after the row as it booked it (a bad row's shows the breach).
        const moves = move.status === 'SUCCESSFUL';
        const total = before.total + (moves ? move.units : 0);
        const lien = before.lien + (moves ? move.lien : 0);
        if (bad === undefined && moves) {
          holding.total = total;
          holding.lien = lien;
        }
        const units = (n: number) => formatUnits(n, holding.product.decimals);
        const client = accountId(c);
        if (out.add(csvLine([`PT${String(i + 1).padStart(9, '0')}`, client, code, location, createdAt, move.type, units(move.units), units(move.lien), units(total), units(lien), units(total - lien), move.status]))) await out.flush();
      }
    }
    await out.close();
  } catch (err) {
    await out.abort();
    throw err;
  }
  return { name: PORTFOLIO_FILE, path, rows, badRows: rejected };
}

/** Two to four positions per client, the first in a product listed from the start (so a client always has one to trade). */
function pickHoldings(rng: Rng, listed: readonly Product[], products: readonly Product[]): Holding[] {
  const own: Holding[] = [];
  const wanted = rng.int(2, 4);
  for (let k = 0; k < wanted; k++) {
    const product = rng.pick(k === 0 ? listed : products);
    const location = rng.pick(product.locations);
    if (!own.some((h) => h.product === product && h.location === location)) own.push({ product, location, total: 0, lien: 0 });
  }
  return own;
}

/** Smallest units (10^-decimals) as a plain decimal, trailing zeros trimmed: 12345 at 3 places is 12.345, 5000 is 5. */
function formatUnits(n: number, decimals: number): string {
  const digits = String(Math.abs(n)).padStart(decimals + 1, '0');
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, '');
  return (n < 0 ? '-' : '') + digits.slice(0, digits.length - decimals) + (fraction ? `.${fraction}` : '');
}

const buyUnits = (rng: Rng, p: Product) => rng.int(Math.round(p.buy[0] * 10 ** p.decimals), Math.round(p.buy[1] * 10 ** p.decimals));
/** Part of `whole` (≥ 1) smallest units, at least one and at most all. */
const part = (rng: Rng, whole: number, low: number, high: number) => Math.max(1, Math.min(whole, Math.floor(whole * rng.between(low, high))));

/** A movement that keeps the position valid: only what is available is taken or liened, only what is liened released. */
function validMove(rng: Rng, h: Holding): Move {
  const available = h.total - h.lien;
  const feasible = POSITION_MOVES.filter((m) => m.effect === 'add' || ((m.effect === 'take' || m.effect === 'lien') && available > 0) || (m.effect === 'release' && h.lien > 0) || (m.effect === 'convert' && h.total > 0));
  let x = rng.next() * feasible.reduce((s, m) => s + m.share, 0);
  const move = feasible.find((m) => (x -= m.share) < 0) ?? feasible[0]!;
  let units = 0;
  let lien = 0;
  let declined = false;
  switch (move.effect) {
    case 'add':
      units = buyUnits(rng, h.product);
      break;
    case 'take':
      // The source declines an order for more than is available: it moves nothing and loads.
      if (rng.chance(0.03)) {
        units = -(available + buyUnits(rng, h.product));
        declined = true;
      } else units = -(rng.chance(0.2) ? available : part(rng, available, 0.1, 0.9));
      break;
    case 'lien':
      lien = part(rng, available, 0.1, 0.8);
      break;
    case 'release':
      lien = -(rng.chance(0.5) ? h.lien : part(rng, h.lien, 0.1, 0.9));
      break;
    case 'convert':
      // A split adds units; a consolidation removes some of the available ones.
      units = available > 0 && rng.chance(0.4) ? -part(rng, available, 0.1, 0.5) : part(rng, h.total, 0.1, 1);
      break;
  }
  const r = rng.next();
  const status = declined ? 'DECLINED' : r < 0.95 ? 'SUCCESSFUL' : r < 0.985 ? 'DECLINED' : 'REVERTED';
  return { type: move.type, units, lien, status };
}

/** A SUCCESSFUL row the loader refuses: it alone breaks the position it names (the generator never applies it). */
function badMove(rng: Rng, kind: PortfolioBadKind, h: Holding): Move {
  const available = h.total - h.lien;
  const some = buyUnits(rng, h.product);
  const row = (type: string, units: number, lien: number): Move => ({ type, units, lien, status: 'SUCCESSFUL' });
  switch (kind) {
    case 'INSUFFICIENT_AVAILABLE_UNITS': {
      const over = available + part(rng, Math.max(available, some), 0.05, 0.5);
      const type = rng.pick(['SELL', 'WITHDRAWAL', 'TRANSFER_OUT', 'LIEN']);
      return type === 'LIEN' ? row(type, 0, over) : row(type, -over, 0);
    }
    case 'LIEN_UNDERFLOW':
      return row('LIEN_RELEASE', 0, -(h.lien + part(rng, Math.max(h.lien, some), 0.05, 0.5)));
    case 'UNITS_SIGN': {
      // Each breaks one of the two sign rules only: a SELL adding units, a BUY removing them, a LIEN moving total units.
      const variant = rng.int(0, 2);
      return variant === 0 ? row('SELL', some, 0) : variant === 1 ? row('BUY', -some, 0) : row('LIEN', some, some);
    }
    case 'UNKNOWN_PRODUCT':
      return row('BUY', some, 0);
  }
}

/** How a product is stocked: the digits of a stock unit and the volume of one smallest unit per version. */
interface Stocked {
  readonly product: Product;
  /** At most the product's own, so units × any of its trading-unit sizes keeps to DECIMAL(20,6)'s 6 places. */
  readonly decimals: number;
  /** By effective date: the volume of one smallest unit (10^-decimals) in 10^-6 of the unit of measure. */
  readonly versions: readonly { readonly from: string; readonly volume: number }[];
}

/** A store's stock of one product at one quality level: units in smallest units, volumes in 10^-6 of the measure. */
interface Stock {
  readonly store: string;
  readonly stocked: Stocked;
  readonly quality: string;
  available: number;
  reserved: number;
  availableVolume: number;
  reservedVolume: number;
}

/** A movement in smallest units: the change of the available and of the reserved units. */
interface StockMove {
  units: number;
  reserved: number;
}

/** Grade A is the most common. */
const QUALITY_LEVELS = ['A', 'A', 'B', 'C'] as const;
type StockEffect = 'receive' | 'issue' | 'reserve' | 'release' | 'ship';
const STOCK_MOVES: readonly { effect: StockEffect; share: number }[] = [
  { effect: 'receive', share: 0.34 },
  { effect: 'issue', share: 0.26 },
  { effect: 'reserve', share: 0.16 },
  { effect: 'release', share: 0.12 },
  // Reserved stock leaving the store: it moves no available units.
  { effect: 'ship', share: 0.12 },
];
/** Movements the source deleted: kept in the file, they move nothing. */
const DELETED_SHARE = 0.02;
/** A deleted movement's size beyond anything stocked, in whole units: a loader that counted it would break the stock. */
const DELETED_UNITS = 100_000;

const storeId = (s: number) => `S${String(s + 1).padStart(2, '0')}`;

/** A decimal text in 10^-6: "12.4414" is 12441400. */
function micros(text: string): number {
  const [whole = '0', fraction = ''] = text.split('.');
  return Number(whole) * 1_000_000 + Number(fraction.padEnd(6, '0'));
}

function stockedProducts(catalog: Catalog): Map<string, Stocked> {
  const out = new Map<string, Stocked>();
  for (const product of catalog.products) {
    // products.csv's rows are sorted by code and effective date.
    const versions = catalog.rows.filter((r) => r[0] === product.code).map((r) => ({ from: r[5]!, size: r[3]! }));
    const sizeDecimals = Math.max(...versions.map((v) => v.size.split('.')[1]?.length ?? 0));
    const decimals = Math.min(product.decimals, 6 - sizeDecimals);
    out.set(product.code, { product, decimals, versions: versions.map((v) => ({ from: v.from, volume: micros(v.size) / 10 ** decimals })) });
  }
  return out;
}

/** The volume of one smallest unit on `date`: the version in force (the first before any is, for a refused row only). */
function unitVolumeOn(stocked: Stocked, date: string): number {
  let volume = stocked.versions[0]!.volume;
  for (const v of stocked.versions) if (v.from <= date) volume = v.volume;
  return volume;
}

/** Three to five stocks per store, the first of a product listed from the start (so a store always has one to move). */
function pickStocks(rng: Rng, store: string, catalog: Catalog, stocked: Map<string, Stocked>): Stock[] {
  const listed = catalog.products.filter((p) => p.tradableFrom === 0);
  const own: Stock[] = [];
  const wanted = rng.int(3, 5);
  for (let k = 0; k < wanted; k++) {
    const product = rng.pick(k === 0 ? listed : catalog.products);
    const quality = rng.pick(QUALITY_LEVELS);
    if (!own.some((s) => s.stocked.product === product && s.quality === quality)) {
      own.push({ store, stocked: stocked.get(product.code)!, quality, available: 0, reserved: 0, availableVolume: 0, reservedVolume: 0 });
    }
  }
  return own;
}

/**
 * inventory_movements.csv: about a tenth as many rows as the wallet file, over a few stores and the
 * same days; each volume is the units × the trading-unit size in force on the day (the volume
 * booked before a size change keeps its size). Valid rows keep every stock's available and
 * reserved units and volumes ≥ 0; a deleted row moves nothing (some are far larger than the
 * stock). A bad row is never applied, so each one alone breaks its stock (or names a product not
 * defined on its day) and the loader refuses exactly it.
 */
async function writeInventoryMovements(opts: BalancesGenerateOptions, { accounts, days, start }: Shape, catalog: Catalog, byKind: Record<string, number>): Promise<GeneratedFile> {
  const rows = Math.round(opts.rows / 10);
  const rng = new Rng(opts.seed, 'balances:inventory');
  const plan = new BadSlotPlan<InventoryBadKind>(rows, Math.round(rows * (opts.badRate ?? 0)), new Rng(opts.seed, 'balances:inventory:bad'), INVENTORY_BAD_KINDS);
  const stocked = stockedProducts(catalog);
  const stores = Array.from({ length: Math.min(30, 3 + Math.floor(opts.rows / 200_000)) }, (_, s) => pickStocks(rng, storeId(s), catalog, stocked));
  let rejected = 0;
  const path = join(opts.outDir, INVENTORY_FILE);
  const out = new ChunkedWriter(path);
  try {
    out.add(csvLine(INVENTORY_HEADER));
    let written = 0;
    for (let day = 0; day < days && written < rows; day++) {
      const seconds = secondsOfDay(rng, rows, days, day);
      const date = isoDate(start + day * DAY_MS);
      for (const second of seconds) {
        const i = written++;
        const stock = rng.pick(rng.pick(stores).filter((s) => day >= s.stocked.product.tradableFrom));
        const createdAt = isoTimestamp(start + day * DAY_MS + second * 1000, rng.pick(OFFSETS));
        const owner = rng.chance(0.4) ? accountId(rng.int(0, accounts - 1)) : '';
        const volume = unitVolumeOn(stock.stocked, date);
        const bad = plan.kindAt(i);
        let code = stock.stocked.product.code;
        let deleted = false;
        let move: StockMove;
        if (bad === undefined) {
          deleted = rng.chance(DELETED_SHARE);
          move = deleted ? deletedStockMove(rng, stock) : validStockMove(rng, stock, volume);
          if (!deleted) {
            stock.available += move.units;
            stock.reserved += move.reserved;
            stock.availableVolume += move.units * volume;
            stock.reservedVolume += move.reserved * volume;
          }
        } else {
          byKind[bad] = (byKind[bad] ?? 0) + 1;
          rejected++;
          move = badStockMove(rng, bad, stock);
          if (bad === 'UNKNOWN_STOCK_PRODUCT') {
            // A product listed later, before its listing, or one never defined.
            const early = catalog.products.find((p) => p.listedOn !== undefined && day + 2 <= p.listedOn);
            code = early && rng.chance(0.5) ? early.code : UNLISTED_PRODUCT;
          }
        }
        const units = (n: number) => formatUnits(n, stock.stocked.decimals);
        const line = [`IM${String(i + 1).padStart(9, '0')}`, stock.store, code, stock.quality, owner, createdAt, units(move.units), units(move.reserved), formatUnits(move.units * volume, 6), formatUnits(move.reserved * volume, 6), String(deleted)];
        if (out.add(csvLine(line))) await out.flush();
      }
    }
    await out.close();
  } catch (err) {
    await out.abort();
    throw err;
  }
  return { name: INVENTORY_FILE, path, rows, badRows: rejected };
}

const receiptUnits = (rng: Rng, s: Stock) => {
  const scale = 10 ** s.stocked.decimals;
  return rng.int(Math.round(s.stocked.product.buy[0] * scale), Math.round(s.stocked.product.buy[1] * scale));
};

/** A movement that keeps the stock valid: only what is available is issued or reserved, only what is reserved released or shipped. */
function validStockMove(rng: Rng, s: Stock, volume: number): StockMove {
  // In units and in volume: after a size change the booked volume may hold fewer units at the new size.
  const free = Math.min(s.available, Math.floor(s.availableVolume / volume));
  const held = Math.min(s.reserved, Math.floor(s.reservedVolume / volume));
  const feasible = STOCK_MOVES.filter((m) => m.effect === 'receive' || ((m.effect === 'issue' || m.effect === 'reserve') && free > 0) || ((m.effect === 'release' || m.effect === 'ship') && held > 0));
  let x = rng.next() * feasible.reduce((sum, m) => sum + m.share, 0);
  const move = feasible.find((m) => (x -= m.share) < 0) ?? feasible[0]!;
  switch (move.effect) {
    case 'receive':
      return { units: receiptUnits(rng, s), reserved: 0 };
    case 'issue':
      return { units: -(rng.chance(0.15) ? free : part(rng, free, 0.1, 0.9)), reserved: 0 };
    case 'reserve': {
      const n = part(rng, free, 0.1, 0.6);
      return { units: -n, reserved: n };
    }
    case 'release': {
      const n = rng.chance(0.4) ? held : part(rng, held, 0.1, 0.9);
      return { units: n, reserved: -n };
    }
    case 'ship':
      return { units: 0, reserved: -(rng.chance(0.5) ? held : part(rng, held, 0.1, 0.9)) };
  }
}

/** A deleted movement, never applied: an issue or a release far beyond the stock, or an ordinary receipt. */
function deletedStockMove(rng: Rng, s: Stock): StockMove {
  const huge = DELETED_UNITS * 10 ** s.stocked.decimals;
  const variant = rng.int(0, 2);
  return variant === 0 ? { units: -(s.available + huge), reserved: 0 } : variant === 1 ? { units: s.reserved + huge, reserved: -(s.reserved + huge) } : { units: receiptUnits(rng, s), reserved: 0 };
}

/** A movement the loader refuses: it alone breaks the stock it names (the generator never applies it). */
function badStockMove(rng: Rng, kind: InventoryBadKind, s: Stock): StockMove {
  const some = receiptUnits(rng, s);
  switch (kind) {
    case 'ISSUE_BEYOND_AVAILABLE': {
      // An issue, or a reservation, of more than is available.
      const over = s.available + part(rng, Math.max(s.available, some), 0.05, 0.5);
      return rng.chance(0.7) ? { units: -over, reserved: 0 } : { units: -over, reserved: over };
    }
    case 'RELEASE_BEYOND_RESERVED': {
      const over = s.reserved + part(rng, Math.max(s.reserved, some), 0.05, 0.5);
      return { units: over, reserved: -over };
    }
    case 'UNKNOWN_STOCK_PRODUCT':
      return { units: some, reserved: 0 };
  }
}
