import type { BuildPlan } from './build';
import { publishInPlace, publishKeys, recordModelBuilds, swapIntoPlace } from './build';
import type { RunContext, RunResult } from './context';
import { runResult } from './context';
import { failpoint } from './failpoint';
import type { GateResult } from './gate';
import { writeRecords } from './ledger';
import { stageRun, type StagedFile } from './staging';

/**
 * Publish, in one transaction: stage the run's rows, add the new keys, apply the in-place models'
 * added rows, swap the tables built aside into place, and write the run's records. A crash at
 * any point leaves the published tables, the ledger and staging as they were.
 */
export async function publish(run: RunContext, staged: readonly StagedFile[], plan: BuildPlan, gate: GateResult[]): Promise<RunResult> {
  const { engine, contract, models } = run;
  const message = `Published ${staged.length} batch(es): ${staged.map((f) => f.check.input.name).join(', ')}.`;
  await engine.begin();
  try {
    run.emit({ kind: 'step', name: 'stage' });
    await stageRun(engine, contract, staged);
    failpoint('after-stage');
    run.emit({ kind: 'step', name: 'publish' });
    await publishKeys(engine, models);
    await publishInPlace(engine, models, plan);
    await swapIntoPlace(engine, models, plan);
    // A replaced table lost its grants and policies: they come back in the same transaction.
    for (const statement of run.tableSecurity) await engine.run(statement);
    await recordModelBuilds(engine, models);
    await writeRecords(run, 'published', message, gate);
    failpoint('publish');
    await engine.commit();
  } catch (err) {
    await engine.rollback().catch(() => undefined);
    throw err;
  }
  failpoint('after-commit');
  await engine.checkpoint();
  return runResult(run, 'published', message, gate);
}
