/**
 * Point-in-time answers over a published balances warehouse: an account's balance at the end of a
 * business day (the daily snapshot), or at an instant (the sum of its counted amounts booked at or
 * before it). What `finlake balance` prints; the SQL is portable (DuckDB, PostgreSQL, Redshift).
 */
import { productSchemas } from '@finlake/contracts';
import type { Engine, Row } from '@finlake/engine';
import { UsageError } from '@finlake/errors';

/** `--as-of`: a business day, or an instant with or without an offset (then read in `timeZone`). */
export type AsOf = { kind: 'day'; day: string } | { kind: 'instant'; utc: string; text: string };

export interface DayBalance {
  account_id: string;
  currency: string;
  as_of: string;
  kind: 'end of day';
  closing_balance: string;
  opening_balance: string;
  net_change: string;
  txn_count: number;
  is_carried_forward: boolean;
  end_balance_reported: string | null;
  reconciliation_diff: string | null;
  /** Why there is no row of the snapshot: before the account's first transaction (balance 0). */
  note?: string;
}

export interface InstantBalance {
  account_id: string;
  currency: string;
  as_of: string;
  as_of_utc: string;
  kind: 'instant';
  balance: string;
  txn_count: number;
  last_txn_at: string | null;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})?$/;

/** The instant `T` of a local wall-clock time in an IANA zone, as epoch ms (the first of two in a fall-back hour). */
function zonedToUtc(fields: number[], timeZone: string): number {
  const wall = Date.UTC(fields[0]!, fields[1]! - 1, fields[2]!, fields[3]!, fields[4]!, fields[5]!);
  const offsetAt = (ms: number) => {
    const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
    return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second)) - ms;
  };
  const first = wall - offsetAt(wall);
  return wall - offsetAt(first);
}

/** Read `--as-of`: YYYY-MM-DD, or YYYY-MM-DDTHH:MM[:SS] with an optional Z or ±HH:MM (else in `timeZone`). */
export function parseAsOf(text: string, timeZone = 'UTC'): AsOf {
  if (DAY.test(text)) {
    const ms = Date.parse(`${text}T00:00:00Z`);
    if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== text) throw new UsageError(`--as-of ${text} is not a calendar day.`);
    return { kind: 'day', day: text };
  }
  const m = INSTANT.exec(text);
  if (!m) throw new UsageError(`--as-of takes a day (2024-01-02) or an instant (2024-01-02T10:00, 2024-01-02T10:00:00Z, 2024-01-02T10:00-05:00); got "${text}".`);
  const fields = m.slice(1, 7).map((v) => Number(v ?? 0));
  const check = new Date(Date.UTC(fields[0]!, fields[1]! - 1, fields[2]!, fields[3]!, fields[4]!, fields[5]!));
  if (check.getUTCDate() !== fields[2] || fields[3]! > 23 || fields[4]! > 59 || fields[5]! > 59) throw new UsageError(`--as-of ${text} is not a valid time.`);
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw new UsageError(`--time-zone ${timeZone} is not an IANA time zone (e.g. UTC, America/New_York, Europe/Paris).`);
  }
  const offset = m[7];
  const wall = Date.UTC(fields[0]!, fields[1]! - 1, fields[2]!, fields[3]!, fields[4]!, fields[5]!);
  const east = offset === undefined || offset === 'Z' ? 0 : (offset[0] === '-' ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  const utc = offset === undefined ? zonedToUtc(fields, timeZone) : wall - east * 60_000;
  return { kind: 'instant', utc: new Date(utc).toISOString().slice(0, 19).replace('T', ' '), text };
}

const money = (v: unknown) => (v === null || v === undefined ? null : Number(v).toFixed(2));
/** A staged UTC timestamp as ISO-8601 with Z. */
const utcText = (v: unknown) => (v === null || v === undefined ? null : `${String(v).slice(0, 19).replace(' ', 'T')}Z`);

async function account(engine: Engine, warehouse: string, accountId: string): Promise<Row> {
  const [row] = await engine.query(`select account_id, currency, first_business_date, last_business_date from ${warehouse}.dim_account where account_id = ?`, [accountId]);
  if (!row) {
    const [{ n } = { n: 0 }] = await engine.query(`select count(*) as n from ${warehouse}.dim_account`);
    const sample = (await engine.query(`select account_id from ${warehouse}.dim_account order by account_id limit 3`)).map((r) => r.account_id).join(', ');
    throw new UsageError(`No account ${accountId} in the balances warehouse (${Number(n)} account(s)${sample ? `, e.g. ${sample}` : ''}).`);
  }
  return row;
}

/** The balance of `accountId` as of a day (end of that business day) or an instant. */
export async function balanceAsOf(engine: Engine, accountId: string, asOf: AsOf): Promise<DayBalance | InstantBalance> {
  const warehouse = productSchemas('balances').warehouse;
  const found = await engine.query(`select 1 as found from information_schema.tables where table_schema = ? and table_name = ?`, [warehouse, 'fact_account_daily_balance']);
  if (found.length === 0) throw new UsageError('This warehouse has no published balances: run `finlake run balances --input <dir>` first.');
  const a = await account(engine, warehouse, accountId);
  const currency = String(a.currency);
  if (asOf.kind === 'instant') {
    const [row] = await engine.query(
      `select coalesce(sum(amount), 0) as balance, count(*) as txn_count, max(created_at) as last_txn_at from ${warehouse}.fact_account_transaction where account_id = ? and is_counted and created_at <= cast(? as timestamp)`,
      [accountId, asOf.utc],
    );
    return { account_id: accountId, currency, as_of: asOf.text, as_of_utc: `${asOf.utc.replace(' ', 'T')}Z`, kind: 'instant', balance: money(row!.balance)!, txn_count: Number(row!.txn_count), last_txn_at: utcText(row!.last_txn_at) };
  }
  const [row] = await engine.query(
    `select opening_balance, net_change, closing_balance, txn_count, is_carried_forward, end_balance_reported, reconciliation_diff from ${warehouse}.fact_account_daily_balance where account_id = ? and balance_date = cast(? as date)`,
    [accountId, asOf.day],
  );
  if (row) {
    return {
      account_id: accountId,
      currency,
      as_of: asOf.day,
      kind: 'end of day',
      closing_balance: money(row.closing_balance)!,
      opening_balance: money(row.opening_balance)!,
      net_change: money(row.net_change)!,
      txn_count: Number(row.txn_count),
      is_carried_forward: Boolean(row.is_carried_forward),
      end_balance_reported: money(row.end_balance_reported),
      reconciliation_diff: money(row.reconciliation_diff),
    };
  }
  const [{ first_day, last_day } = {}] = await engine.query(`select min(balance_date) as first_day, max(balance_date) as last_day from ${warehouse}.fact_account_daily_balance where account_id = ?`, [accountId]);
  if (first_day === null || first_day === undefined || asOf.day < String(first_day)) {
    return { account_id: accountId, currency, as_of: asOf.day, kind: 'end of day', closing_balance: '0.00', opening_balance: '0.00', net_change: '0.00', txn_count: 0, is_carried_forward: false, end_balance_reported: null, reconciliation_diff: null, note: first_day ? `before the account's first counted transaction (${String(first_day)})` : 'the account has no counted transaction' };
  }
  throw new UsageError(`The balances are built through ${String(last_day ?? 'no day')}: ${asOf.day} is after the last balance day (run again with --param balance_through=${asOf.day} once its transactions are in).`);
}
