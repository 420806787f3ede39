import { inTransaction } from '@finlake/engine';
import type { RunContext, RunResult, RunStatus } from './context';
import { runResult } from './context';
import type { GateResult } from './gate';
import { META } from './schema';
import { RUN_QUARANTINE } from './temp-names';

const ts = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');

/** The run's row, committed as it starts: a run killed before writeRecords shows as interrupted (queries.runs). */
export async function recordRunStarted(run: RunContext): Promise<void> {
  await run.engine.run(`insert into ${META}.runs values (?, ?, ?, cast(? as timestamp), null, 'running', null)`, [run.runId, run.contract.name, run.inputDir, ts(run.started)]);
}

/** A run that ended in an unexpected error: its 'running' row says so. */
export async function recordRunFailed(run: RunContext, message: string): Promise<void> {
  await run.engine.run(`update ${META}.runs set status = 'failed', finished_at = cast(? as timestamp), message = ? where run_id = ? and status = 'running'`, [ts(new Date()), message.slice(0, 4000), run.runId]);
}

/** The run's records: a ledger row per file, its quarantine, its gate results and the run row. The caller owns the transaction. */
export async function writeRecords(run: RunContext, status: RunStatus, message: string, gate: readonly GateResult[]): Promise<void> {
  const { engine, contract } = run;
  const finished = new Date();
  for (const { outcome: o, ledgerId } of run.files) {
    await engine.run(
      `insert into ${META}.ledger values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as timestamp), cast(? as timestamp), ?)`,
      [ledgerId, run.runId, contract.name, o.entity, o.batchId, o.file, o.bytes, o.status, o.reasonCode ?? null, o.message ?? null, o.duplicateOf ?? null, o.rowsRead, o.rowsLoaded, o.rowsQuarantined, ts(o.startedAt), ts(o.finishedAt), o.finishedAt.getTime() - o.startedAt.getTime()],
    );
  }
  // A batch that was not loaded may be tried again: keep only its latest quarantine.
  await engine.run(`delete from ${META}.quarantine where batch_id in (select distinct batch_id from ${RUN_QUARANTINE})`);
  await engine.run(`insert into ${META}.quarantine select * from ${RUN_QUARANTINE}`);
  // One statement per 100 results: a run has dozens.
  for (let i = 0; i < gate.length; i += 100) {
    const chunk = gate.slice(i, i + 100);
    await engine.run(
      `insert into ${META}.gate_results values ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      chunk.flatMap((g) => [run.runId, g.check, g.table, g.blocking, g.violations, g.passed, g.detail ?? null]),
    );
  }
  // The run's row, 'running' since it started, becomes its outcome in the same transaction.
  await engine.run(`delete from ${META}.runs where run_id = ?`, [run.runId]);
  await engine.run(`insert into ${META}.runs values (?, ?, ?, cast(? as timestamp), cast(? as timestamp), ?, ?)`, [run.runId, contract.name, run.inputDir, ts(run.started), ts(finished), status, message]);
}

/** Record a run that publishes nothing, in its own transaction. */
export async function recordRun(run: RunContext, status: RunStatus, message: string, gate: GateResult[]): Promise<RunResult> {
  await inTransaction(run.engine, () => writeRecords(run, status, message, gate));
  await run.engine.checkpoint();
  return runResult(run, status, message, gate);
}

/** Mark a file that passed its checks as not loaded after all. */
export function blockFile(file: RunContext['files'][number], reasonCode: string, message: string): void {
  Object.assign(file.outcome, { status: 'blocked', reasonCode, message, rowsLoaded: 0 });
}
