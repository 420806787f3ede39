/**
 * The balances page's figures, read small whatever the warehouse's size: the daily total per
 * currency (summed across accounts on each day: balances are semi-additive), the daily lines of
 * the accounts with the largest last balance, the latest month's balances, the days whose source
 * stamp disagrees, the company-wide positions per product and location on the last position
 * day, and each store's stock on the last inventory day. Money and units arrive as exact decimal
 * text. Row shapes are type aliases, so they are engine Rows.
 */
import type { Engine } from '@finlake/engine';

/** Accounts drawn as lines (the largest last balances); the tables and `finlake balance` have the others. */
export const CHARTED_ACCOUNTS = 8;
/** Reconciliation rows listed; the count is of all of them. */
export const LISTED_MISMATCHES = 200;
/** Accounts listed in the latest month's table. */
export const LISTED_ACCOUNTS = 50;
/** Product × location positions charted and listed on the last position day; the count is of all of them. */
export const LISTED_POSITIONS = 40;
/** Store × product × quality stocks listed on the last inventory day; the count is of all of them. */
export const LISTED_STOCKS = 60;

export type CurrencyDay = { balance_date: string; currency: string; accounts: number; total_balance: string };
export type AccountDay = { account_id: string; currency: string; balance_date: string; closing_balance: string };
export type MonthRow = {
  account_id: string;
  period: string;
  currency: string;
  days_in_month: number;
  month_end_balance: string;
  average_daily_balance: string;
  min_balance: string;
  max_balance: string;
  net_change: string;
  txn_count: number;
  is_partial_month: boolean;
};
/** One product at one location on the last position day, summed over clients: units and the same in the product's unit of measure. */
export type PositionRow = {
  product_code: string;
  location_code: string;
  product_type: string;
  unit_of_measure: string;
  trading_unit_size: string;
  clients: number;
  total_units: string;
  lien_units: string;
  available_units: string;
  total_volume: string;
  lien_volume: string;
  available_volume: string;
};
/** One store's stock of a product at a quality level on the last inventory day; volumes in the product's unit of measure. */
export type StockRow = {
  store_id: string;
  product_id: string;
  quality_level: string;
  unit_of_measure: string;
  available_units: string;
  reserved_units: string;
  total_units: string;
  available_volume: string;
  reserved_volume: string;
  total_volume: string;
};
/** One store's stock of every product in one unit of measure on that day, summed (volumes in one measure add up; units of different products do not). */
export type StoreVolumeRow = { store_id: string; unit_of_measure: string; stocks: number; available_volume: string; reserved_volume: string; total_volume: string };
export type MismatchRow = { account_id: string; balance_date: string; currency: string; reported_balance: string; recomputed_balance: string; reconciliation_diff: string; chain_breaks: number };

export interface BalancesFigures {
  firstDay: string | null;
  lastDay: string | null;
  accounts: number;
  currencyDays: CurrencyDay[];
  /** The daily lines of the CHARTED_ACCOUNTS accounts with the largest last balance. */
  accountDays: AccountDay[];
  latestMonth: MonthRow[];
  latestMonthAccounts: number;
  stampedDays: number;
  mismatches: MismatchRow[];
  mismatchCount: number;
  /** The last day with a portfolio position; null when no portfolio is loaded (a wallet-only warehouse). */
  positionDay: string | null;
  /** That day's positions by unit of measure, product and location (the first LISTED_POSITIONS). */
  positions: PositionRow[];
  positionCount: number;
  /** The last day with a store's stock; null when no inventory is loaded. */
  inventoryDay: string | null;
  /** That day's volume per unit of measure and store. */
  storeVolumes: StoreVolumeRow[];
  /** That day's stocks by store, unit of measure, product and quality (the first LISTED_STOCKS). */
  stocks: StockRow[];
  stockCount: number;
}

const one = async (engine: Engine, sql: string) => (await engine.query(sql))[0] ?? {};

export async function loadBalancesFigures(engine: Engine, mart: (name: string) => string): Promise<BalancesFigures> {
  const daily = mart('fact_account_daily_balance');
  const span = await one(engine, `select min(balance_date) as first_day, max(balance_date) as last_day, count(distinct account_id) as accounts from ${daily}`);
  const lastDay = span.last_day === null || span.last_day === undefined ? null : String(span.last_day);
  const currencyDays = await engine.query<CurrencyDay>(
    `select b.balance_date, a.currency, cast(count(*) as integer) as accounts, cast(sum(b.closing_balance) as decimal(18, 2)) as total_balance
     from ${daily} as b join ${mart('dim_account')} as a on a.account_id = b.account_id
     group by b.balance_date, a.currency order by b.balance_date, a.currency`,
  );
  const top = lastDay === null ? '' : `select account_id from ${daily} where balance_date = cast('${lastDay}' as date) order by closing_balance desc, account_id limit ${CHARTED_ACCOUNTS}`;
  const accountDays = lastDay === null
    ? []
    : await engine.query<AccountDay>(
        `select b.account_id, a.currency, b.balance_date, b.closing_balance from ${daily} as b join ${mart('dim_account')} as a on a.account_id = b.account_id
         where b.account_id in (${top}) order by b.account_id, b.balance_date`,
      );
  const monthly = mart('mart_account_balance_monthly');
  const latest = `(select max(period) from ${monthly})`;
  const latestMonth = await engine.query<MonthRow>(`select * from ${monthly} where period = ${latest} order by month_end_balance desc, account_id limit ${LISTED_ACCOUNTS}`);
  const counted = await one(engine, `select count(*) as n from ${monthly} where period = ${latest}`);
  const recon = mart('mart_balance_reconciliation');
  const stamps = await one(engine, `select count(*) as days, sum(case when status = 'MISMATCH' then 1 else 0 end) as mismatched from ${recon}`);
  const mismatches = await engine.query<MismatchRow>(
    `select account_id, balance_date, currency, reported_balance, recomputed_balance, reconciliation_diff, chain_breaks from ${recon} where status = 'MISMATCH' order by balance_date desc, account_id limit ${LISTED_MISMATCHES}`,
  );
  const positionMart = mart('mart_product_position_daily');
  const positionSpan = await one(engine, `select max(position_date) as day from ${positionMart}`);
  const positionDay = positionSpan.day === null || positionSpan.day === undefined ? null : String(positionSpan.day);
  const onPositionDay = `${positionMart} where position_date = cast('${positionDay}' as date)`;
  const positions = positionDay === null
    ? []
    : await engine.query<PositionRow>(
        `select product_code, location_code, product_type, unit_of_measure, trading_unit_size, clients, total_units, lien_units, available_units, total_volume, lien_volume, available_volume
         from ${onPositionDay} order by unit_of_measure, product_code, location_code limit ${LISTED_POSITIONS}`,
      );
  const positionCount = positionDay === null ? 0 : Number((await one(engine, `select count(*) as n from ${onPositionDay}`)).n ?? 0);
  const inventory = await loadInventory(engine, mart);
  return {
    firstDay: span.first_day === null || span.first_day === undefined ? null : String(span.first_day),
    lastDay,
    accounts: Number(span.accounts ?? 0),
    currencyDays,
    accountDays,
    latestMonth,
    latestMonthAccounts: Number(counted.n ?? 0),
    stampedDays: Number(stamps.days ?? 0),
    mismatches,
    mismatchCount: Number(stamps.mismatched ?? 0),
    positionDay,
    positions: positions.map((r) => ({ ...r, clients: Number(r.clients) })),
    positionCount,
    ...inventory,
  };
}

/** The stocks on the last inventory day, each with the unit of measure of its product's version valid that day. */
async function loadInventory(engine: Engine, mart: (name: string) => string): Promise<Pick<BalancesFigures, 'inventoryDay' | 'storeVolumes' | 'stocks' | 'stockCount'>> {
  const daily = mart('fact_inventory_daily_position');
  const span = await one(engine, `select max(position_date) as day from ${daily}`);
  if (span.day === null || span.day === undefined) return { inventoryDay: null, storeVolumes: [], stocks: [], stockCount: 0 };
  const inventoryDay = String(span.day);
  const onDay = `${daily} as s join ${mart('dim_product')} as d on d.product_code = s.product_id and d.valid_from <= s.position_date and s.position_date < d.valid_to
    where s.position_date = cast('${inventoryDay}' as date)`;
  const storeVolumes = await engine.query<StoreVolumeRow>(
    `select s.store_id, d.unit_of_measure, cast(count(*) as integer) as stocks, sum(s.available_volume) as available_volume, sum(s.reserved_volume) as reserved_volume, sum(s.total_volume) as total_volume
     from ${onDay} group by s.store_id, d.unit_of_measure order by d.unit_of_measure, s.store_id`,
  );
  const stocks = await engine.query<StockRow>(
    `select s.store_id, s.product_id, s.quality_level, d.unit_of_measure, s.available_units, s.reserved_units, s.total_units, s.available_volume, s.reserved_volume, s.total_volume
     from ${onDay} order by s.store_id, d.unit_of_measure, s.product_id, s.quality_level limit ${LISTED_STOCKS}`,
  );
  const counted = await one(engine, `select count(*) as n from ${daily} where position_date = cast('${inventoryDay}' as date)`);
  return { inventoryDay, storeVolumes: storeVolumes.map((r) => ({ ...r, stocks: Number(r.stocks) })), stocks, stockCount: Number(counted.n ?? 0) };
}
