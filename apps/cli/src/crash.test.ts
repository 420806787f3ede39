/**
 * Guarantee 9 across a real process kill: with FINLAKE_FAILPOINT the CLI SIGKILLs itself at a
 * chosen step. The previously published version must stay readable and unchanged, and the next
 * run must finish with the same totals as one clean run.
 */
import { FAILPOINTS } from '@finlake/pipeline';
import { GOLDEN, fingerprint, inputDir, readFixture } from '@finlake/pipeline/testing';
import { finlake, openTarget, TARGETS } from '../testing';

const TX_HEADER = readFixture('transactions.csv').split('\n')[0]!;
const secondBatch = () =>
  inputDir(GOLDEN, {
    'transactions_2024-03.csv': `${TX_HEADER}\nM1,2024-02-26T10:00:00Z,P1,C7,Wholesale,10,45.00,0.00,0.00,0.00,0.00,0.00,USD,false\nM2,2024-02-27T10:00:00Z,P2,C1,eBay,2,12.99,0.00,1.00,0.00,3.00,1.20,USD,false\n`,
  });

async function snapshot(target: string[]) {
  const engine = await openTarget(target);
  try {
    return {
      tables: await fingerprint(engine),
      ledger: await engine.query(`select file_name, status from meta.ledger order by ledger_id`),
      staged: await engine.query(`select count(*) as n from commerce_staging.stg_transactions`),
    };
  } finally {
    await engine.close();
  }
}

describe.each(TARGETS)('a crash at any step leaves the published version intact ($name)', ({ fresh }) => {
  const first = inputDir(GOLDEN);
  const second = secondBatch();
  let expectedAfterBoth: Awaited<ReturnType<typeof snapshot>>;

  beforeAll(async () => {
    // Reference: one clean run of each batch.
    const db = await fresh();
    expect(finlake([...db, 'run', 'commerce', '--input', first, '--no-marts']).status).toBe(0);
    expect(finlake([...db, 'run', 'commerce', '--input', second, '--no-marts']).status).toBe(0);
    expectedAfterBoth = await snapshot(db);
  });

  it.each(FAILPOINTS)('killed at %s', async (point) => {
    const db = await fresh();
    expect(finlake([...db, 'run', 'commerce', '--input', first, '--no-marts']).status).toBe(0);
    const before = await snapshot(db);

    const killed = finlake([...db, 'run', 'commerce', '--input', second, '--no-marts'], { FINLAKE_FAILPOINT: point });
    expect(killed.signal).toBe('SIGKILL');

    const afterCrash = await snapshot(db);
    if (point === 'after-commit') {
      // Killed after the commit: the new version is durable (the WAL replays on open).
      expect(afterCrash.tables).toEqual(expectedAfterBoth.tables);
    } else {
      expect(afterCrash).toEqual(before);
    }

    const rerun = finlake([...db, 'run', 'commerce', '--input', second, '--no-marts']);
    expect(rerun.status).toBe(0);
    const final = await snapshot(db);
    expect(final.tables).toEqual(expectedAfterBoth.tables);
    expect(final.staged).toEqual(expectedAfterBoth.staged);
  });
});
