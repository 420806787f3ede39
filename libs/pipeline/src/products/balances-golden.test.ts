/**
 * The balances product's hand-checked fixtures (products.md B.7, B-1 to B-4), every figure to the
 * cent, and a regression test for each of the seed's warehouse bugs (B.1), on every engine.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine, Row } from '@finlake/engine';
import { TEST_ENGINES, tempDir } from '../../testing';
import { runPipeline } from '../run';
import type { RunOptions } from '../context';

const NOW = new Date('2024-12-31T00:00:00Z');
const W = 'balances_warehouse';
const HEADER = 'TransactionID,AccountID,CreatedAt,Amount,StartBalance,EndBalance,TransactionType,Status,ReversesTransactionID,Currency';

/** B-1's account X: two bookings on 01-01, one booked and one declined on 01-03, one on 01-05. */
const B1 = [
  'T1,X,2024-01-01T09:00:00Z,100.00,0.00,100.00,DEPOSIT,SUCCESSFUL,,USD',
  'T2,X,2024-01-01T15:00:00Z,-30.00,100.00,70.00,WITHDRAWAL,SUCCESSFUL,,USD',
  'T3,X,2024-01-03T10:00:00Z,50.00,70.00,120.00,DEPOSIT,SUCCESSFUL,,USD',
  'T4,X,2024-01-03T11:00:00Z,-20.00,120.00,100.00,WITHDRAWAL,DECLINED,,USD',
  'T5,X,2024-01-05T08:00:00Z,-120.00,120.00,0.00,WITHDRAWAL,SUCCESSFUL,,USD',
];

/** An input directory holding one account_transactions file per entry (name → rows). */
function input(files: Record<string, readonly string[]>): string {
  const dir = tempDir('finlake-balances-');
  for (const [name, rows] of Object.entries(files)) writeFileSync(join(dir, name), [HEADER, ...rows, ''].join('\n'));
  return dir;
}
const run = (engine: Engine, dir: string, parameters: Record<string, string> = {}, options: Partial<RunOptions> = {}) =>
  runPipeline(engine, { product: 'balances', inputDir: dir, now: NOW, parameters, ...options });

const money = (v: unknown) => (v === null || v === undefined ? null : Number(v).toFixed(2));
/** [day, closing, txn_count, carried] of one account, day by day. */
async function daily(engine: Engine, account: string) {
  const rows = await engine.query<Row>(`select balance_date, opening_balance, closing_balance, net_change, txn_count, is_carried_forward from ${W}.fact_account_daily_balance where account_id = ? order by balance_date`, [account]);
  return rows.map((r) => [r.balance_date, money(r.closing_balance), Number(r.txn_count), r.is_carried_forward]);
}
const closingOn = async (engine: Engine, account: string, day: string) =>
  money((await engine.query<Row>(`select closing_balance from ${W}.fact_account_daily_balance where account_id = ? and balance_date = cast(? as date)`, [account, day]))[0]?.closing_balance);
const quarantined = async (engine: Engine) =>
  (await engine.query<Row>(`select file_name, line_number, column_name, reason_code from meta.quarantine order by file_name, line_number`)).map((r) => [r.file_name, Number(r.line_number), r.column_name, r.reason_code]);

describe.each(TEST_ENGINES)('balances on $name', ({ create }) => {
  let engine: Engine;
  beforeEach(async () => {
    engine = await create();
  });
  afterEach(() => engine.close());

  it('B-1: carries the closing balance over days without transactions, counts only successful ones, and ends at the sum of the amounts', async () => {
    const result = await run(engine, input({ 'account_transactions.csv': B1 }), { balance_through: '2024-01-06' });
    expect(result.status).toBe('published');
    expect(await daily(engine, 'X')).toEqual([
      ['2024-01-01', '70.00', 2, false],
      ['2024-01-02', '70.00', 0, true],
      ['2024-01-03', '120.00', 1, false],
      ['2024-01-04', '120.00', 0, true],
      ['2024-01-05', '0.00', 1, false],
      ['2024-01-06', '0.00', 0, true],
    ]);
    const [first, second, , , fifth] = await engine.query<Row>(`select opening_balance, net_change from ${W}.fact_account_daily_balance where account_id = 'X' order by balance_date`);
    expect([first, second, fifth].map((r) => [money(r!.opening_balance), money(r!.net_change)])).toEqual([
      ['0.00', '70.00'],
      ['70.00', '0.00'],
      ['120.00', '-120.00'],
    ]);
    // The month: six days of 70, 70, 120, 120, 0, 0; the month continues after the last balance day.
    const [month] = await engine.query<Row>(`select days_in_month, month_end_balance, average_daily_balance, txn_count, is_partial_month from ${W}.mart_account_balance_monthly where account_id = 'X'`);
    expect([Number(month!.days_in_month), money(month!.month_end_balance), Number(month!.average_daily_balance).toFixed(4), Number(month!.txn_count), month!.is_partial_month]).toEqual([6, '0.00', '63.3333', 4, true]);
  });

  it('B-1: without balance_through the days end at the last transaction', async () => {
    await run(engine, input({ 'account_transactions.csv': B1 }));
    expect((await daily(engine, 'X')).map((r) => r[0])).toEqual(['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05']);
  });

  it('B-2: an instant at 23:30 in New York is the next day in UTC and that day in New York', async () => {
    const dir = input({ 'account_transactions.csv': ['Z1,Z,2024-01-01T23:30:00-05:00,10.00,,,DEPOSIT,SUCCESSFUL,,USD'] });
    await run(engine, dir);
    expect(await daily(engine, 'Z')).toEqual([['2024-01-02', '10.00', 1, false]]);
    const other = await create();
    try {
      await run(other, dir, { business_time_zone: 'America/New_York' });
      expect(await daily(other, 'Z')).toEqual([['2024-01-01', '10.00', 1, false]]);
      const [fact] = await other.query<Row>(`select created_at, business_date from ${W}.fact_account_transaction`);
      expect([String(fact!.created_at).slice(0, 19).replace(' ', 'T'), fact!.business_date]).toEqual(['2024-01-02T04:30:00', '2024-01-01']);
    } finally {
      await other.close();
    }
  });

  it('B-3 (seed bug 1): a transaction after midnight never leaks into the day before, and a later day waits for its run', async () => {
    const rows = [...B1, 'T6,X,2024-01-04T00:30:00Z,10.00,120.00,130.00,DEPOSIT,SUCCESSFUL,,USD'];
    await run(engine, input({ 'account_transactions.csv': rows }), { balance_through: '2024-01-03' });
    // The seed's "latest transaction ever, stamped yesterday" gives 130.00.
    expect(await closingOn(engine, 'X', '2024-01-03')).toBe('120.00');
    const [{ last_day } = {}] = await engine.query<Row>(`select max(balance_date) as last_day from ${W}.fact_account_daily_balance`);
    expect(last_day).toBe('2024-01-03');
  });

  it('B-4 (seed bug 4): an account whose history starts before any spine has its opening balance on every day', async () => {
    await run(engine, input({ 'account_transactions.csv': ['Y1,Y,2022-12-15T12:00:00Z,100.00,,,DEPOSIT,SUCCESSFUL,,USD', 'Y2,Y,2023-01-10T12:00:00Z,5.00,,,DEPOSIT,SUCCESSFUL,,USD'] }));
    const days = await daily(engine, 'Y');
    expect(days[0]).toEqual(['2022-12-15', '100.00', 1, false]);
    expect(days.filter((d) => String(d[0]) >= '2023-01-01').map((d) => [d[0], d[1]])).toEqual([
      ...Array.from({ length: 9 }, (_, i) => [`2023-01-0${i + 1}`, '100.00']),
      ['2023-01-10', '105.00'],
    ]);
  });

  it('seed bug 5: every carried day takes the value of its own account (no NULL-ordering dependence), with several accounts', async () => {
    const rows = [...B1, 'A1,A,2024-01-02T10:00:00Z,7.00,,,DEPOSIT,SUCCESSFUL,,EUR', 'A2,A,2024-01-04T10:00:00Z,1.00,,,DEPOSIT,SUCCESSFUL,,EUR'];
    await run(engine, input({ 'account_transactions.csv': rows }), { balance_through: '2024-01-05' });
    expect((await daily(engine, 'A')).map((d) => d.slice(0, 2))).toEqual([
      ['2024-01-02', '7.00'],
      ['2024-01-03', '7.00'],
      ['2024-01-04', '8.00'],
      ['2024-01-05', '8.00'],
    ]);
    // Semi-additive: summed across accounts of one currency on one day.
    const [total] = await engine.query<Row>(`select sum(closing_balance) as total from ${W}.fact_account_daily_balance where balance_date = cast('2024-01-04' as date) and account_id = 'X'`);
    expect(money(total!.total)).toBe('120.00');
  });

  it('seed bugs 6 and 7: the balance is recomputed from the amounts in DECIMAL, and a wrong stamp is reported, not taken', async () => {
    const rows = [...B1.slice(0, 2), 'T3,X,2024-01-03T10:00:00Z,50.00,70.00,125.00,DEPOSIT,SUCCESSFUL,,USD'];
    const result = await run(engine, input({ 'account_transactions.csv': rows }));
    expect(result.status).toBe('published');
    expect(await closingOn(engine, 'X', '2024-01-03')).toBe('120.00');
    const recon = await engine.query<Row>(`select balance_date, reported_balance, recomputed_balance, reconciliation_diff, chain_breaks, status from ${W}.mart_balance_reconciliation order by balance_date`);
    expect(recon.map((r) => [r.balance_date, money(r.reported_balance), money(r.recomputed_balance), money(r.reconciliation_diff), Number(r.chain_breaks), r.status])).toEqual([
      ['2024-01-01', '70.00', '70.00', '0.00', 0, 'MATCH'],
      ['2024-01-03', '125.00', '120.00', '5.00', 1, 'MISMATCH'],
    ]);
    // The stamp that disagrees with its own amount loads and is counted as a warning.
    expect(result.gate.filter((g) => !g.blocking && !g.passed).map((g) => [g.check, g.violations])).toEqual([[expect.stringContaining('BALANCE_CHAIN_BREAK'), 1]]);
    const types = await engine.query<Row>(
      `select column_name, data_type from information_schema.columns where table_schema = '${W}' and table_name = 'fact_account_daily_balance' and column_name in ('closing_balance', 'opening_balance', 'net_change') order by column_name`,
    );
    expect(types.map((t) => String(t.data_type).toLowerCase().replace(/\(.*/, ''))).toEqual(['decimal', 'decimal', 'decimal'].map((d) => (engine.dialect.name === 'postgres' ? 'numeric' : d)));
  });

  it('quarantines unknown types, mixed currencies, reversals of unknown or reverted transactions; a reversal of a successful one nets to 0', async () => {
    const rows = [
      'R1,R,2024-01-01T09:00:00Z,100.00,,,DEPOSIT,SUCCESSFUL,,USD',
      'R2,R,2024-01-01T10:00:00Z,-40.00,,,WITHDRAWAL,SUCCESSFUL,,USD',
      'R3,R,2024-01-02T10:00:00Z,40.00,,,REVERSAL,SUCCESSFUL,R2,USD',
      'R4,R,2024-01-02T11:00:00Z,-5.00,,,FEE,REVERTED,,USD',
      'R5,R,2024-01-02T12:00:00Z,5.00,,,REVERSAL,SUCCESSFUL,R4,USD',
      'R6,R,2024-01-02T13:00:00Z,5.00,,,REVERSAL,SUCCESSFUL,NOPE,USD',
      'R7,R,2024-01-02T14:00:00Z,1.00,,,CASHBACK,SUCCESSFUL,,USD',
      'R8,R,2024-01-02T15:00:00Z,1.00,,,DEPOSIT,SUCCESSFUL,,EUR',
      'R9,R,2024-01-02T16:00:00Z,1.00,,,REVERSAL,SUCCESSFUL,,USD',
      'M1,M,2024-01-01T09:00:00Z,1.00,,,DEPOSIT,SUCCESSFUL,,USD',
      'M2,M,2024-01-01T10:00:00Z,2.00,,,DEPOSIT,SUCCESSFUL,,GBP',
    ];
    const result = await run(engine, input({ 'account_transactions.csv': rows }), {}, { maxQuarantineRate: 1 });
    expect(result.status).toBe('published');
    expect(await quarantined(engine)).toEqual([
      ['account_transactions.csv', 6, 'ReversesTransactionID', 'DOUBLE_REVERSAL'],
      ['account_transactions.csv', 7, 'ReversesTransactionID', 'UNKNOWN_REVERSED_TRANSACTION'],
      ['account_transactions.csv', 8, 'TransactionType', 'UNKNOWN_TXN_TYPE'],
      ['account_transactions.csv', 9, 'Currency', 'MIXED_CURRENCY'],
      ['account_transactions.csv', 10, 'reversal_has_target', 'REVERSAL_WITHOUT_TARGET'],
      ['account_transactions.csv', 12, 'Currency', 'MIXED_CURRENCY'],
    ]);
    expect((await daily(engine, 'R')).map((d) => d.slice(0, 3))).toEqual([
      ['2024-01-01', '60.00', 2],
      ['2024-01-02', '100.00', 1],
    ]);
    // A later batch may not change an account's currency, and may reverse what an earlier batch loaded.
    const later = await run(engine, input({ 'account_transactions_2.csv': ['R10,R,2024-01-03T09:00:00Z,3.00,,,DEPOSIT,SUCCESSFUL,,EUR', 'R11,R,2024-01-03T10:00:00Z,-100.00,,,REVERSAL,SUCCESSFUL,R1,USD'] }), {}, { maxQuarantineRate: 1 });
    expect(later.status).toBe('published');
    expect((await quarantined(engine)).filter((q) => q[0] === 'account_transactions_2.csv')).toEqual([['account_transactions_2.csv', 2, 'Currency', 'MIXED_CURRENCY']]);
    expect(await closingOn(engine, 'R', '2024-01-03')).toBe('0.00');
  });

  it('a late, back-dated transaction rebuilds every day from its own on; loading day by day gives the tables of one run', async () => {
    const days = ['2024-01-01', '2024-01-03', '2024-01-05'];
    for (const [i, day] of days.entries()) await run(engine, input({ [`account_transactions_${i}.csv`]: B1.filter((r) => r.includes(day)) }));
    const oneRun = await create();
    try {
      await run(oneRun, input({ 'account_transactions.csv': B1 }));
      const all = (e: Engine) => e.query<Row>(`select * from ${W}.fact_account_daily_balance order by account_id, balance_date`);
      expect(await all(engine)).toEqual(await all(oneRun));
    } finally {
      await oneRun.close();
    }
    await run(engine, input({ 'account_transactions_late.csv': ['T9,X,2024-01-02T12:00:00Z,5.00,,,DEPOSIT,SUCCESSFUL,,USD'] }));
    expect((await daily(engine, 'X')).map((d) => d[1])).toEqual(['70.00', '75.00', '125.00', '125.00', '5.00']);
  });
});
