/**
 * The balances product's daily run and its backfill killed at each step (FINLAKE_FAILPOINT
 * SIGKILLs the CLI): the previous daily balances stay as published, and the rerun gives the
 * same tables as one clean run (issue: balances, kill tests).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAILPOINTS } from '@finlake/pipeline';
import { fingerprint, tempDir } from '@finlake/pipeline/testing';
import { finlake, openTarget, TARGETS } from '../testing';

const HEADER = 'TransactionID,AccountID,CreatedAt,Amount,StartBalance,EndBalance,TransactionType,Status,ReversesTransactionID,Currency';
const day = (rows: string[]) => {
  const dir = tempDir();
  writeFileSync(join(dir, `account_transactions_${rows.length}.csv`), [HEADER, ...rows, ''].join('\n'));
  return dir;
};
const DAY1 = ['T1,X,2024-01-01T09:00:00Z,100.00,0.00,100.00,DEPOSIT,SUCCESSFUL,,USD', 'T2,Y,2024-01-01T10:00:00Z,5.00,,,DEPOSIT,SUCCESSFUL,,EUR'];
// The next daily drop, with a back-dated transaction: every day from 2024-01-01 on changes.
const DAY2 = ['T3,X,2024-01-02T09:00:00Z,-30.00,100.00,70.00,WITHDRAWAL,SUCCESSFUL,,USD', 'T4,Y,2024-01-01T23:00:00Z,1.00,,,DEPOSIT,SUCCESSFUL,,EUR', 'T5,X,2024-01-03T08:00:00Z,2.00,70.00,72.00,DEPOSIT,SUCCESSFUL,,USD'];

async function tables(target: string[], ignoreBatch = false) {
  const engine = await openTarget(target);
  try {
    return await fingerprint(engine, { product: 'balances', ignoreBatch });
  } finally {
    await engine.close();
  }
}

// The points where a kill leaves the previous version, plus the one after the commit.
const POINTS = FAILPOINTS.filter((p) => ['after-build', 'publish', 'after-commit'].includes(p));

describe.each(TARGETS)('a kill during a balances run leaves the previous daily balances ($name)', ({ fresh }) => {
  const first = day(DAY1);
  const second = day(DAY2);
  const run = (db: string[], dir: string, env: Record<string, string> = {}) => finlake([...db, 'run', 'balances', '--input', dir, '--no-marts', '--param', 'balance_through=2024-01-03'], env);
  let clean: Awaited<ReturnType<typeof tables>>;

  beforeAll(async () => {
    const db = await fresh();
    expect(run(db, first).status).toBe(0);
    expect(run(db, second).status).toBe(0);
    clean = await tables(db);
    expect(clean.fact_account_daily_balance!.rows).toBe(6);
  });

  it.each(POINTS)('killed at %s', async (point) => {
    const db = await fresh();
    expect(run(db, first).status).toBe(0);
    const before = await tables(db);
    expect(run(db, second, { FINLAKE_FAILPOINT: point }).signal).toBe('SIGKILL');
    expect(await tables(db)).toEqual(point === 'after-commit' ? clean : before);
    // Killed before its commit, the run shows as interrupted; after it, as published.
    const runs = JSON.parse(finlake([...db, '--json', 'status']).stdout).runs as { status: string }[];
    expect(runs.map((r) => r.status)).toEqual([point === 'after-commit' ? 'published' : 'interrupted', 'published']);
    expect(run(db, second).status).toBe(0);
    expect(await tables(db)).toEqual(clean);
  });

  it('killed during a backfill of both days at publish: nothing is published; the rerun gives the tables of the daily runs', async () => {
    const db = await fresh();
    const both = tempDir();
    writeFileSync(join(both, 'account_transactions_day1.csv'), [HEADER, ...DAY1, ''].join('\n'));
    writeFileSync(join(both, 'account_transactions_day2.csv'), [HEADER, ...DAY2, ''].join('\n'));
    expect(run(db, both, { FINLAKE_FAILPOINT: 'publish' }).signal).toBe('SIGKILL');
    expect(await tables(db)).toEqual({});
    expect(run(db, both).status).toBe(0);
    const daily = await fresh();
    expect(run(daily, first).status).toBe(0);
    expect(run(daily, second).status).toBe(0);
    expect(await tables(db, true)).toEqual(await tables(daily, true));
  });
});
