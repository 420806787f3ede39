/** `finlake quarantine`: per batch, with what became of it, rows and issues counted apart, on both engines. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '@finlake/pipeline/testing';
import { finlake, TARGETS } from '../testing';

const HEADER = 'TransactionID,AccountID,CreatedAt,Amount,StartBalance,EndBalance,TransactionType,Status,ReversesTransactionID,Currency';
const good = (i: number) => `G${i},A${i % 3},2024-01-0${1 + (i % 5)}T09:00:00Z,1.00,,,DEPOSIT,SUCCESSFUL,,USD`;

describe.each(TARGETS)('quarantine summary ($name)', ({ fresh }) => {
  it('groups by batch with its status, counts a line breaking two columns once in rows and twice in issues', async () => {
    const db = await fresh();
    const dir = tempDir();
    // 40 good rows and one line with two bad amounts: published.
    writeFileSync(join(dir, 'account_transactions.csv'), [HEADER, ...Array.from({ length: 40 }, (_, i) => good(i)), 'B1,A1,2024-01-02T09:00:00Z,1.00,abc,def,DEPOSIT,SUCCESSFUL,,USD', ''].join('\n'));
    expect(finlake([...db, 'run', 'balances', '--input', dir, '--no-marts']).status).toBe(0);
    // A second drop, one bad row in three: over the 5% limit, blocked.
    writeFileSync(join(dir, 'account_transactions_2.csv'), [HEADER, good(100), good(101), 'B2,A1,2024-01-03T09:00:00Z,1.00,,,GIFT,SUCCESSFUL,,USD', ''].join('\n'));
    expect(finlake([...db, 'run', 'balances', '--input', dir, '--no-marts']).status).toBe(3);
    const summary = JSON.parse(finlake([...db, '--json', 'quarantine']).stdout) as Record<string, unknown>[];
    expect(summary.map(({ batch, ...rest }) => ({ ...rest, batch: typeof batch }))).toEqual([
      { file_name: 'account_transactions.csv', status: 'published', reason_code: 'INVALID_NUMBER', rows: 1, issues: 2, columns: 'EndBalance, StartBalance', batch: 'string' },
      { file_name: 'account_transactions_2.csv', status: 'blocked', reason_code: 'UNKNOWN_TXN_TYPE', rows: 1, issues: 1, columns: 'TransactionType', batch: 'string' },
    ]);
    const text = finlake([...db, 'quarantine']).stdout;
    expect(text).toMatch(/account_transactions_2\.csv\s+│ blocked\s+│ UNKNOWN_TXN_TYPE/);
  });
});
