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
    expect(summary.map(({ batch_id, ...rest }) => ({ ...rest, batch_id: String(batch_id).length }))).toEqual([
      { file_name: 'account_transactions.csv', status: 'published', reason_code: 'INVALID_NUMBER', rows: 1, issues: 2, columns: 'EndBalance, StartBalance', batch_id: 64 },
      { file_name: 'account_transactions_2.csv', status: 'blocked', reason_code: 'UNKNOWN_TXN_TYPE', rows: 1, issues: 1, columns: 'TransactionType', batch_id: 64 },
    ]);
    const text = finlake([...db, 'quarantine']).stdout;
    expect(text).toMatch(/account_transactions_2\.csv\s+│ blocked\s+│ UNKNOWN_TXN_TYPE/);
    // One id and one time format in every command's JSON: full batch ids, ISO-8601 in UTC with its zone.
    const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
    const status = JSON.parse(finlake([...db, '--json', 'status']).stdout) as { ledger: Record<string, string>[]; runs: Record<string, string>[] };
    for (const entry of status.ledger) expect([entry.batch_id, entry.started_at]).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/), expect.stringMatching(ISO)]);
    for (const run of status.runs) expect([run.started_at, run.finished_at]).toEqual([expect.stringMatching(ISO), expect.stringMatching(ISO)]);
    const listed = JSON.parse(finlake([...db, '--json', 'quarantine', 'list']).stdout) as Record<string, string>[];
    expect(listed.map((r) => r.batch_id)).toEqual([summary[0]!.batch_id, summary[0]!.batch_id, summary[1]!.batch_id]);
    // The terminal shows a batch by its first 12 digits.
    const wide = finlake([...db, '--wide', 'status']).stdout;
    expect(wide).toContain(String(summary[0]!.batch_id).slice(0, 12));
    expect(wide).not.toContain(String(summary[0]!.batch_id).slice(0, 13));
  });
});
