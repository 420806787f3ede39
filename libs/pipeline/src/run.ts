import { buildAside, planBuild, planKeys, type BuildPlan } from './build';
import { checkFile } from './check-file';
import { closeRun, openRun, type FileOutcome, type RunContext, type RunFile, type RunOptions, type RunResult, type RunStatus } from './context';
import { failpoint } from './failpoint';
import { quarantineFixHint } from './fix-hints';
import { runGate, type GateResult } from './gate';
import { blockFile, recordRun, recordRunFailed, recordRunStarted } from './ledger';
import { publish } from './publish';
import { stagingTable } from './schema';
import { createStagingViews, type StagedFile } from './staging';
import { dropAside } from './temp-names';
import { validRows } from './validate';

export { DEFAULT_MAX_QUARANTINE_RATE, type FileOutcome, type FileStatus, type PipelineEvent, type RunOptions, type RunResult, type RunStatus } from './context';
export { productFor } from './products';

/**
 * Run a data product's pipeline over the files of a directory: check each file, stage its
 * batch, plan and build aside, gate, publish in one transaction. Files already loaded (by
 * content) are recorded as skipped. Each step is a unit of its own (docs/architecture.md).
 */
export async function runPipeline(engine: RunContext['engine'], options: RunOptions): Promise<RunResult> {
  const run = await openRun(engine, options);
  try {
    await recordRunStarted(run);
    // A step per file and per model, and keys, gate, stage and publish.
    run.emit({ kind: 'plan', files: run.inputs.length, steps: run.inputs.length + run.models.models.length + 4 });
    await checkFiles(run);
    failpoint('after-validate');
    const held = holdBack(run);
    if (held) return await recordRun(run, held.status, held.message, []);

    // Build and check aside before anything published changes, reading committed tables only
    // (DuckDB scans a transaction's own new rows on one thread): staging and key maps as this run
    // will leave them are views over the tables and the run's checked rows.
    const staged = run.files.filter((f) => f.outcome.status === 'loaded').map((f): StagedFile => ({ check: f.check, batchSeq: f.ledgerId }));
    try {
      run.emit({ kind: 'step', name: 'keys' });
      const plan = await planRun(run, staged);
      await buildAside(engine, run.models, (name) => run.emit({ kind: 'step', name: 'build', detail: buildDetail(run, name, plan) }), plan);
      failpoint('after-build');
      run.emit({ kind: 'step', name: 'gate' });
      const gate = await runGate(engine, run.contract, run.models, plan, staged.map((f) => f.check));
      failpoint('after-gate');
      if (gate.some((g) => g.blocking && !g.passed)) return await blocked(run, gate);
      return await publish(run, staged, plan, gate);
    } catch (err) {
      await dropAside(engine, run.models).catch(() => undefined);
      throw err;
    }
  } catch (err) {
    // The run's 'running' row says how it ended (a killed run keeps it: status shows it interrupted).
    await recordRunFailed(run, (err as Error).message).catch(() => undefined);
    throw err;
  } finally {
    await closeRun(run);
  }
}

/** Check every file in order; a file's references and keys see the files checked before it. */
async function checkFiles(run: RunContext): Promise<void> {
  const seen = new Map<string, string>();
  const validByEntity = new Map<string, string[]>();
  for (const [index, input] of run.inputs.entries()) {
    const check = await checkFile(run.engine, input, {
      runId: run.runId,
      index,
      bounds: run.bounds,
      scratch: run.scratch,
      loadedAs: (batchId) => run.loadedBefore.get(batchId) ?? seen.get(batchId),
      knownKeys: (entity) => [stagingTable(run.contract.name, entity), ...(validByEntity.get(entity) ?? [])],
    });
    if (check.batch) seen.set(check.batchId, input.name);
    if (check.status === 'checked') validByEntity.set(input.entity.name, [...(validByEntity.get(input.entity.name) ?? []), validRows(check.batch!)]);
    const outcome: FileOutcome = {
      file: input.name,
      entity: input.entity.name,
      batchId: check.batchId,
      bytes: check.bytes,
      status: check.status === 'checked' ? 'loaded' : check.status,
      reasonCode: check.reasonCode,
      message: check.message,
      duplicateOf: check.duplicateOf,
      rowsRead: check.rowsRead,
      rowsLoaded: check.rowsValid,
      rowsQuarantined: check.rowsQuarantined,
      startedAt: check.startedAt,
      finishedAt: check.finishedAt,
    };
    const file: RunFile = { check, outcome, ledgerId: run.firstLedgerId + index };
    const rate = outcome.rowsRead === 0 ? 0 : outcome.rowsQuarantined / outcome.rowsRead;
    if (outcome.status === 'loaded' && rate > run.maxQuarantineRate) {
      const limit = (run.maxQuarantineRate * 100).toFixed(1);
      const hint = await quarantineFixHint(run.engine, outcome.batchId, input.entity);
      Object.assign(outcome, { status: 'blocked', reasonCode: 'QUARANTINE_RATE_EXCEEDED', message: `${outcome.rowsQuarantined} of ${outcome.rowsRead} rows (${(rate * 100).toFixed(1)}%) quarantined; the limit is ${limit}%.${hint ? ` ${hint}` : ''}` });
    }
    run.files.push(file);
    run.emit({ kind: 'file', file: input.name, outcome });
  }
}

/** A run publishes all its new files or none: a rejected or blocked file holds the others back; no new file, nothing to do. */
function holdBack(run: RunContext): { status: RunStatus; message: string } | undefined {
  const toLoad = run.files.filter((f) => f.outcome.status === 'loaded');
  const failed = run.files.filter((f) => f.outcome.status === 'rejected' || f.outcome.status === 'blocked');
  if (failed.length > 0) {
    for (const f of toLoad) blockFile(f, 'RUN_BLOCKED', `Not published: ${failed.map((x) => x.outcome.file).join(', ')} ${failed.length === 1 ? 'was' : 'were'} rejected or blocked in the same run.`);
    const status: RunStatus = failed.some((f) => f.outcome.status === 'rejected') ? 'rejected' : 'blocked';
    return { status, message: failed.map((f) => `${f.outcome.file}: ${f.outcome.reasonCode} — ${f.outcome.message}`).join('\n') };
  }
  if (toLoad.length === 0) {
    return { status: 'nothing_new', message: run.files.length === 0 ? `No input files for ${run.contract.name} in ${run.inputDir}.` : 'Nothing new: every file was loaded before.' };
  }
  return undefined;
}

/** Plan the build: staging as the run will leave it, which models build in place, the keys the run adds. */
async function planRun(run: RunContext, staged: readonly StagedFile[]): Promise<BuildPlan> {
  const views = await createStagingViews(run.engine, run.contract, staged);
  const batches = new Map<string, string[]>();
  for (const f of staged) {
    const table = `stg_${f.check.input.entity.name}`;
    batches.set(table, [...(batches.get(table) ?? []), f.check.batchId]);
  }
  return planKeys(run.engine, run.models, await planBuild(run.engine, run.models, batches, views));
}

/** The gate blocked the publish: nothing built aside is kept; the files are recorded as blocked. */
async function blocked(run: RunContext, gate: GateResult[]): Promise<RunResult> {
  await dropAside(run.engine, run.models);
  const failed = gate.filter((g) => g.blocking && !g.passed);
  const message = `Quality gate blocked the publish: ${failed.map((g) => `${g.table} ${g.check} (${g.violations}${g.detail ? `; ${g.detail}` : ''})`).join('; ')}`;
  for (const f of run.files.filter((x) => x.outcome.status === 'loaded')) blockFile(f, 'QUALITY_GATE_FAILED', message);
  return recordRun(run, 'blocked', message, gate);
}

function buildDetail(run: RunContext, name: string, plan: BuildPlan): string {
  const spec = run.models.models.find((m) => m.name === name)?.incremental;
  if (plan.summed.has(name)) return `${name} (new sums added)`;
  if (!plan.inPlace.has(name) || !spec) return name;
  return spec.strategy === 'append' ? `${name} (new rows appended)` : spec.strategy === 'partition' ? `${name} (touched ${spec.partitionBy} partitions rebuilt)` : `${name} (touched rows merged)`;
}
