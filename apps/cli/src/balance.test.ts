/** `finlake balance`: the seed's point-in-time questions answered from a warehouse built by `finlake run`. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAsOf } from '@finlake/products';
import { tempDir } from '@finlake/pipeline/testing';
import { finlake } from '../testing';

const HEADER = 'TransactionID,AccountID,CreatedAt,Amount,StartBalance,EndBalance,TransactionType,Status,ReversesTransactionID,Currency';
const ROWS = [
  'T1,X,2024-01-01T09:00:00Z,100.00,0.00,100.00,DEPOSIT,SUCCESSFUL,,USD',
  'T2,X,2024-01-01T15:00:00Z,-30.00,100.00,70.00,WITHDRAWAL,SUCCESSFUL,,USD',
  'T3,X,2024-01-03T10:00:00Z,50.00,70.00,120.00,DEPOSIT,SUCCESSFUL,,USD',
  'T4,X,2024-01-03T11:00:00Z,-20.00,120.00,100.00,WITHDRAWAL,DECLINED,,USD',
  'T5,X,2024-01-05T08:00:00Z,-120.00,120.00,0.00,WITHDRAWAL,SUCCESSFUL,,USD',
];

describe('finlake balance', () => {
  const db = join(tempDir(), 'w.duckdb');
  beforeAll(() => {
    const dir = tempDir();
    writeFileSync(join(dir, 'account_transactions.csv'), [HEADER, ...ROWS, ''].join('\n'));
    expect(finlake(['--db', db, 'run', 'balances', '--input', dir, '--no-marts', '--param', 'balance_through=2024-01-06']).status).toBe(0);
  });
  const balance = (...args: string[]) => finlake(['--db', db, '--json', 'balance', '--account', 'X', ...args]);

  it('answers the end of a business day from the daily snapshot, a carried day too', () => {
    const r = balance('--as-of', '2024-01-04');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ account_id: 'X', as_of: '2024-01-04', closing_balance: '120.00', opening_balance: '120.00', txn_count: 0, is_carried_forward: true, currency: 'USD' });
    const text = finlake(['--db', db, 'balance', '--account', 'X', '--as-of', '2024-01-01']);
    expect(text.stdout).toContain('Balance of X at the end of 2024-01-01: 70.00 USD');
  });

  it('answers an instant: the counted amounts booked at or before it, in UTC or in a time zone', () => {
    expect(JSON.parse(balance('--as-of', '2024-01-01T12:00').stdout)).toMatchObject({ balance: '100.00', txn_count: 1, as_of_utc: '2024-01-01T12:00:00Z' });
    expect(JSON.parse(balance('--as-of', '2024-01-01T15:00:00Z').stdout)).toMatchObject({ balance: '70.00', txn_count: 2 });
    // 10:00 in New York is 15:00 UTC: T2 is booked at that instant, so it counts.
    expect(JSON.parse(balance('--as-of', '2024-01-01T10:00', '--time-zone', 'America/New_York').stdout)).toMatchObject({ balance: '70.00', as_of_utc: '2024-01-01T15:00:00Z' });
    expect(JSON.parse(balance('--as-of', '2024-01-01T09:59:59-05:00').stdout)).toMatchObject({ balance: '100.00' });
    // The declined debit of 01-03 never counts.
    expect(JSON.parse(balance('--as-of', '2024-01-03T12:00').stdout)).toMatchObject({ balance: '120.00', txn_count: 3 });
  });

  it('gives 0 before the first transaction and refuses a day after the last balance day, an unknown account or a bad time, with exit 2', () => {
    expect(JSON.parse(balance('--as-of', '2023-12-31').stdout)).toMatchObject({ closing_balance: '0.00', note: expect.stringContaining('2024-01-01') });
    for (const [args, message] of [
      [['--as-of', '2024-01-07'], 'built through 2024-01-06'],
      [['--as-of', '2024-02-30'], 'not a calendar day'],
      [['--as-of', 'yesterday'], '--as-of takes a day'],
      [['--as-of', '2024-01-01T10:00', '--time-zone', 'Mars/Base'], 'not an IANA time zone'],
    ] as const) {
      const r = balance(...args);
      expect([r.status, r.stderr]).toEqual([2, expect.stringContaining(message)]);
    }
    const unknown = finlake(['--db', db, 'balance', '--account', 'NOPE', '--as-of', '2024-01-01']);
    expect([unknown.status, unknown.stderr]).toEqual([2, expect.stringContaining('No account NOPE in the balances warehouse (1 account(s), e.g. X)')]);
  });

  it('reads a local time in a zone across a DST change', () => {
    // 2024-03-10 02:30 does not exist in New York (clocks jump 02:00 → 03:00); 01:30 is EST, 03:30 EDT.
    expect(parseAsOf('2024-03-10T01:30', 'America/New_York')).toMatchObject({ utc: '2024-03-10 06:30:00' });
    expect(parseAsOf('2024-03-10T03:30', 'America/New_York')).toMatchObject({ utc: '2024-03-10 07:30:00' });
    expect(parseAsOf('2024-07-01T10:00', 'Europe/Paris')).toMatchObject({ utc: '2024-07-01 08:00:00' });
  });
});
