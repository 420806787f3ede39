/**
 * The balances report page (docs/balances.md "Report"): daily closing balance lines per account,
 * the daily total per currency, the latest month's month-end and average daily balances, the
 * reconciliation of the source's stamped balances against the recomputed ones, when a portfolio
 * is loaded the positions per product and location with lien vs available, and when inventory is
 * loaded each store's stock with reserved vs available. The frame adds data quality.
 */
import { formatCount, formatMoney, htmlTable, qualityTiles, type Column, type ReportPage, type Section, type Tile } from '@finlake/report';
import { accountBalanceChart, currencyTotalChart, formatQuantity, inventoryChart, lienShare, positionsChart } from './charts';
import { CHARTED_ACCOUNTS, LISTED_ACCOUNTS, LISTED_MISMATCHES, LISTED_POSITIONS, LISTED_STOCKS, loadBalancesFigures, type BalancesFigures, type MismatchRow, type MonthRow, type PositionRow, type StockRow } from './figures';

const monthStart = (day: string | null) => (day === null ? null : `${day.slice(0, 7)}-01`);

/** The last day's total per currency, from the daily totals. */
function lastTotals(f: BalancesFigures): { currency: string; total: string; accounts: number }[] {
  return f.currencyDays.filter((r) => r.balance_date === f.lastDay).map((r) => ({ currency: r.currency, total: String(r.total_balance), accounts: Number(r.accounts) }));
}

function tiles(f: BalancesFigures, quality: Parameters<typeof qualityTiles>[0]): Tile[] {
  const totals = lastTotals(f);
  return [
    { id: 'accounts', label: 'Accounts', value: formatCount(f.accounts), note: f.firstDay ? `with balances ${f.firstDay} – ${f.lastDay}` : 'no balances yet' },
    ...totals.map((t) => ({ id: `total_${t.currency.toLowerCase()}`, label: `Total ${t.currency} balance`, value: formatMoney(t.total, t.currency), note: `${formatCount(t.accounts)} account(s) at the end of ${f.lastDay}` })),
    {
      id: 'stamp_mismatches',
      label: 'Stamp mismatches',
      value: formatCount(f.mismatchCount),
      note: `of ${formatCount(f.stampedDays)} account days with a source stamp`,
      ...(f.stampedDays > 0 ? { tone: f.mismatchCount === 0 ? ('good' as const) : ('bad' as const) } : {}),
    },
    ...qualityTiles(quality),
  ];
}

const money = (pick: (r: MonthRow) => string) => (r: MonthRow) => formatMoney(pick(r), r.currency);
const MONTH_COLUMNS: Column<MonthRow>[] = [
  { header: 'Account', cell: (r) => r.account_id },
  { header: 'Currency', cell: (r) => r.currency },
  { header: 'Days', cell: (r) => formatCount(r.days_in_month), numeric: true },
  { header: 'Month-end balance', cell: money((r) => r.month_end_balance), numeric: true },
  { header: 'Average daily balance', cell: (r) => formatMoney(r.average_daily_balance, r.currency), numeric: true },
  { header: 'Lowest', cell: money((r) => r.min_balance), numeric: true },
  { header: 'Highest', cell: money((r) => r.max_balance), numeric: true },
  { header: 'Net change', cell: money((r) => r.net_change), numeric: true },
  { header: 'Transactions', cell: (r) => formatCount(r.txn_count), numeric: true },
];
const MISMATCH_COLUMNS: Column<MismatchRow>[] = [
  { header: 'Day', cell: (r) => r.balance_date },
  { header: 'Account', cell: (r) => r.account_id },
  { header: 'Reported (source stamp)', cell: (r) => formatMoney(r.reported_balance, r.currency), numeric: true },
  { header: 'Recomputed', cell: (r) => formatMoney(r.recomputed_balance, r.currency), numeric: true },
  { header: 'Difference', cell: (r) => formatMoney(r.reconciliation_diff, r.currency), numeric: true, className: () => 'bad' },
  { header: 'Stamp breaks', cell: (r) => formatCount(r.chain_breaks), numeric: true },
];

/** A volume in the product's unit of measure: "406,250 KG". */
const volume = (pick: (r: PositionRow) => string) => (r: PositionRow) => `${formatQuantity(pick(r))} ${r.unit_of_measure}`;
const POSITION_COLUMNS: Column<PositionRow>[] = [
  { header: 'Product', cell: (r) => r.product_code },
  { header: 'Location', cell: (r) => r.location_code },
  { header: 'Type', cell: (r) => r.product_type },
  { header: 'Clients', cell: (r) => formatCount(r.clients), numeric: true },
  { header: 'Units', cell: (r) => formatQuantity(r.total_units), numeric: true },
  { header: 'Under lien', cell: (r) => formatQuantity(r.lien_units), numeric: true },
  { header: 'Available', cell: (r) => formatQuantity(r.available_units), numeric: true },
  { header: 'Unit size', cell: volume((r) => r.trading_unit_size), numeric: true },
  { header: 'Volume', cell: volume((r) => r.total_volume), numeric: true },
  { header: 'Volume under lien', cell: volume((r) => r.lien_volume), numeric: true },
  { header: 'Volume available', cell: volume((r) => r.available_volume), numeric: true },
  { header: 'Lien share', cell: (r) => (lienShare(r) === null ? null : `${lienShare(r)}%`), numeric: true },
];

const stockVolume = (pick: (r: StockRow) => string) => (r: StockRow) => `${formatQuantity(pick(r))} ${r.unit_of_measure}`;
const STOCK_COLUMNS: Column<StockRow>[] = [
  { header: 'Store', cell: (r) => r.store_id },
  { header: 'Product', cell: (r) => r.product_id },
  { header: 'Quality', cell: (r) => r.quality_level },
  { header: 'Available', cell: (r) => formatQuantity(r.available_units), numeric: true },
  { header: 'Reserved', cell: (r) => formatQuantity(r.reserved_units), numeric: true },
  { header: 'Total', cell: (r) => formatQuantity(r.total_units), numeric: true },
  { header: 'Available', cell: stockVolume((r) => r.available_volume), numeric: true },
  { header: 'Reserved', cell: stockVolume((r) => r.reserved_volume), numeric: true },
  { header: 'Total', cell: stockVolume((r) => r.total_volume), numeric: true },
];
const STOCK_GROUPS = [
  { header: '', span: 3 },
  { header: 'Units', span: 3 },
  { header: 'Volume', span: 3 },
];

/** Only with inventory loaded: a wallet-only warehouse has the table, empty. */
function inventorySection(f: BalancesFigures, chart: (id: string, caption: string, empty: string) => string): Section[] {
  if (f.inventoryDay === null || f.stocks.length === 0) return [];
  const more = f.stockCount > LISTED_STOCKS ? ` The first ${LISTED_STOCKS} of ${formatCount(f.stockCount)} store, product and quality stocks; fact_inventory_daily_position has every one.` : '';
  return [
    {
      id: 'inventory',
      title: `Inventory by store, ${f.inventoryDay}`,
      wide: true,
      body: [
        `<p>Each store's stock of a product at a quality level at the end of ${f.inventoryDay}, after every movement through the day (deleted ones move nothing). Available stock may be issued or reserved; reserved stock is held for an order. Total = available + reserved, in units and in volume (the product's unit of measure) separately; stocks add up across stores on one day, never across days.${more}</p>`,
        chart('chart-inventory', 'Reserved and available volume per store, summed over its products and quality levels, one chart per unit of measure.', 'No inventory yet.'),
        htmlTable('table-inventory', `Stocks on ${f.inventoryDay} by store, unit of measure, product and quality`, STOCK_COLUMNS, f.stocks, { compact: true, headerGroups: STOCK_GROUPS }),
      ].join('\n'),
    },
  ];
}

/** Only with a portfolio loaded: a wallet-only warehouse has the tables, empty. */
function positionsSection(f: BalancesFigures, chart: (id: string, caption: string, empty: string) => string): Section[] {
  if (f.positionDay === null || f.positions.length === 0) return [];
  const more = f.positionCount > LISTED_POSITIONS ? ` The first ${LISTED_POSITIONS} of ${formatCount(f.positionCount)} product and location positions; mart_product_position_daily has every one.` : '';
  return [
    {
      id: 'positions',
      title: `Positions by product and location, ${f.positionDay}`,
      wide: true,
      body: [
        `<p>Every client's units of a product at a location summed at the end of ${f.positionDay} (positions add up across clients on one day, never across days). Units under lien are held but cannot be sold, withdrawn or transferred; the volume is units × the trading-unit size in force on the day, in the product's unit of measure.${more}</p>`,
        chart('chart-positions', `Volume under lien and available per product and location, one chart per unit of measure; finlake position --client ID --product CODE --as-of DAY gives one client's.`, 'No positions yet.'),
        htmlTable('table-positions', `Positions on ${f.positionDay} by unit of measure, product and location`, POSITION_COLUMNS, f.positions, { compact: true }),
      ].join('\n'),
    },
  ];
}

function sections(f: BalancesFigures, chart: (id: string, caption: string, empty: string) => string): Section[] {
  const period = f.latestMonth[0]?.period;
  const partial = f.latestMonth.some((r) => r.is_partial_month);
  return [
    {
      id: 'balances',
      title: 'Daily closing balances',
      wide: true,
      body: [
        chart('chart-account-balances', `The ${CHARTED_ACCOUNTS} accounts with the largest balance at the end of ${f.lastDay ?? 'the last day'}, each in its own currency; a flat step is a day without transactions (the balance carried forward). finlake balance --account ID --as-of DAY answers any other.`, 'No balances yet.'),
        chart('chart-currency-totals', 'Every account summed per currency on each day: balances add up across accounts on one day, never across days.', 'No balances yet.'),
      ].join('\n'),
    },
    {
      id: 'months',
      title: period ? `Month-end and average daily balance, ${period}${partial ? ' (month in progress)' : ''}` : 'Month-end and average daily balance',
      wide: true,
      body: [
        `<p>The average daily balance is the sum of the closing balances of the days the account existed in the month divided by those days; the month-end balance is the closing on the last of them.${f.latestMonthAccounts > LISTED_ACCOUNTS ? ` The ${LISTED_ACCOUNTS} largest of ${formatCount(f.latestMonthAccounts)} accounts; mart_account_balance_monthly has every one.` : ''}</p>`,
        htmlTable('table-months', `Accounts in ${period ?? 'the latest month'}, largest month-end balance first`, MONTH_COLUMNS, f.latestMonth, { compact: true }),
      ].join('\n'),
    },
    {
      id: 'reconciliation',
      title: 'Reconciliation: reported vs recomputed',
      wide: true,
      body: [
        `<p>The source stamps a balance on each transaction; finlake recomputes every balance from the amounts and compares the stamp after each day's last transaction. ${formatCount(f.mismatchCount)} of ${formatCount(f.stampedDays)} stamped account days disagree${f.mismatchCount > LISTED_MISMATCHES ? ` (the latest ${LISTED_MISMATCHES} listed)` : ''}.</p>`,
        f.mismatches.length ? htmlTable('table-mismatches', 'Account days whose stamp disagrees with the recomputed balance, latest first', MISMATCH_COLUMNS, f.mismatches, { compact: true }) : '<p data-testid="no-mismatches">Every stamped balance matches the recomputed one.</p>',
      ].join('\n'),
    },
    ...positionsSection(f, chart),
    ...inventorySection(f, chart),
  ];
}

export const balancesReport: ReportPage<BalancesFigures> = {
  load: loadBalancesFigures,
  sources: 'tables fact_account_daily_balance, mart_account_balance_monthly, mart_balance_reconciliation, mart_product_position_daily and fact_inventory_daily_position',
  period: (f) => ({ first: monthStart(f.firstDay), last: monthStart(f.lastDay), through: f.lastDay, detail: f.lastDay ? `balances through ${f.lastDay}` : 'no balances' }),
  charts: (f) => [accountBalanceChart(f.accountDays), currencyTotalChart(f.currencyDays), positionsChart(f.positions, f.positionDay), inventoryChart(f.storeVolumes, f.inventoryDay)].flatMap((c) => c ?? []),
  tiles: (f, { quality }) => tiles(f, quality),
  sections: (f, { chart }) => sections(f, chart),
  totals: (f) => ({
    accounts: f.accounts,
    first_day: f.firstDay,
    last_day: f.lastDay,
    stamped_days: f.stampedDays,
    stamp_mismatches: f.mismatchCount,
    ...Object.fromEntries(lastTotals(f).map((t) => [`total_${t.currency.toLowerCase()}`, t.total])),
    ...(f.positionDay === null ? {} : { position_day: f.positionDay, product_positions: f.positionCount }),
    ...(f.inventoryDay === null ? {} : { inventory_day: f.inventoryDay, stocks: f.stockCount }),
  }),
  keyFigures: (f, { quality }) => [
    { figure: 'accounts', value: f.accounts },
    { figure: 'last balance day', value: f.lastDay },
    ...lastTotals(f).map((t) => ({ figure: `total balance (${t.currency})`, value: t.total })),
    { figure: 'stamp mismatches', value: f.mismatchCount },
    ...(f.positionDay === null ? [] : [{ figure: 'last position day', value: f.positionDay }, { figure: 'product positions', value: f.positionCount }]),
    ...(f.inventoryDay === null ? [] : [{ figure: 'last inventory day', value: f.inventoryDay }, { figure: 'store stocks', value: f.stockCount }]),
    { figure: 'rows loaded', value: quality.rowsLoaded },
    { figure: 'rows quarantined', value: quality.rowsQuarantined },
  ],
};
