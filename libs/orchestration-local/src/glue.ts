import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { findEntityForFile } from '@finlake/contracts';
import { quoteIdent, quoteString } from '@finlake/engine';
import { normaliseEtag } from '@finlake/orchestration';
import {
  checkFile,
  createRunQuarantine,
  dateBounds,
  discoverFiles,
  dropTemporaries,
  RUN_QUARANTINE,
  stagingTable,
  isValid,
  type DateBounds,
  type FileBatch,
  type InputFile,
} from '@finlake/pipeline';
import { awsError } from './aws-error';
import { bucketPath, etagOf, type LocalLake } from './lake';

export interface LocalGlueJobOptions {
  /** The job name the state machine starts (others fail as an unknown job would). */
  jobName: string;
  /** The job's default --raw_prefix (the deployed job reads `commerce/incoming/` without one). */
  defaultRawPrefix?: string;
}

export interface GlueFileOutcome {
  file: string;
  entity: string;
  batchId: string;
  /** processed: written to the processed zone; skipped: processed before (the job bookmark); rejected: a broken file. */
  status: 'processed' | 'skipped' | 'rejected';
  reasonCode?: string;
  message?: string;
  rowsRead: number;
  rowsProcessed: number;
  rowsQuarantined: number;
}

/** The JobRun that `glue:startJobRun.sync` returns (the fields the pipeline reads), plus what happened per file. */
export interface LocalJobRun {
  Id: string;
  JobName: string;
  JobRunState: 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  Arguments: Record<string, string>;
  StartedOn: string;
  CompletedOn?: string;
  ExecutionTime?: number;
  ErrorMessage?: string;
  files: GlueFileOutcome[];
}

interface Pending {
  input: InputFile;
  outcome: GlueFileOutcome;
  batch?: FileBatch;
}

/**
 * The Glue job (apps/glue/finlake_job.py), locally: every object of the run's manifest (or,
 * without one, every CSV under the batch's raw prefix) is hashed (the batch id), its header matched to the contract, and every record checked with the
 * pipeline's own validation on the lake's engine. Good rows go to
 * `processed/<product>/<entity>/batch=<hash>/part-0.parquet` (the contract columns, then batch_id,
 * rec and file_name, as the Glue job writes them for Redshift COPY), bad rows with line, column,
 * reason and raw text to `quarantine/<product>/<entity>/batch_id=<hash>/part-0.parquet`. A broken
 * file fails the run and writes nothing but the list of rejected files, as the Glue job does.
 *
 * As in the Glue job each file is checked on its own: references to other entities and keys
 * repeated across files are not checked here; sp_copy_processed and the quality gate catch them.
 */
export class LocalGlueJob {
  readonly runs: LocalJobRun[] = [];
  private running = false;

  constructor(
    private readonly lake: LocalLake,
    private readonly options: LocalGlueJobOptions,
  ) {}

  /**
   * The `arn:aws:states:::glue:startJobRun.sync` integration: run the job to the end and return
   * the JobRun, or fail the task with States.TaskFailed (the cause is the JobRun) as Step Functions does.
   */
  async startJobRunSync(params: { JobName?: string; Arguments?: Record<string, string> }): Promise<Omit<LocalJobRun, 'files'>> {
    if (params.JobName !== this.options.jobName) throw awsError('Glue.EntityNotFoundException', `Job ${params.JobName} not found (the local Glue job is ${this.options.jobName}).`);
    // The deployed job allows one run at a time (maxConcurrentRuns 1); the state machine retries this error.
    if (this.running) throw awsError('Glue.ConcurrentRunsExceededException', `Concurrent runs exceeded for ${this.options.jobName}.`);
    this.running = true;
    const started = new Date();
    const run: LocalJobRun = { Id: `jr_${randomBytes(16).toString('hex')}`, JobName: this.options.jobName, JobRunState: 'RUNNING', Arguments: { ...params.Arguments }, StartedOn: started.toISOString(), files: [] };
    this.runs.push(run);
    try {
      await this.lake.exclusive(() => this.process(run));
      run.JobRunState = 'SUCCEEDED';
    } catch (err) {
      run.JobRunState = 'FAILED';
      run.ErrorMessage = (err as Error).message;
    } finally {
      this.running = false;
      run.CompletedOn = new Date().toISOString();
      run.ExecutionTime = Math.round((Date.now() - started.getTime()) / 1000);
    }
    const jobRun: Omit<LocalJobRun, 'files'> = { ...run };
    delete (jobRun as Partial<LocalJobRun>).files;
    if (run.JobRunState === 'FAILED') throw awsError('States.TaskFailed', JSON.stringify(jobRun));
    return jobRun;
  }

  private async process(run: LocalJobRun): Promise<void> {
    const { lake } = this;
    const { engine, contract } = lake;
    const rawPrefix = run.Arguments['--raw_prefix'] ?? this.options.defaultRawPrefix;
    if (!rawPrefix) throw new Error('finlake: no --raw_prefix argument and no default raw prefix.');
    const runDate = run.Arguments['--run_date'] ?? (lake.now ?? new Date()).toISOString().slice(0, 10);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(runDate)) throw new Error(`finlake: --run_date "${runDate}" is not YYYY-MM-DD.`);
    const files = this.inputFiles(rawPrefix, run.Arguments['--manifest']);

    await lake.ensureSchema();
    await createRunQuarantine(engine);
    const scratch = mkdtempSync(join(tmpdir(), 'finlake-glue-'));
    const pending: Pending[] = [];
    try {
      const seen = new Map<string, string>();
      for (const [index, input] of files.entries()) {
        const p = await this.checkFile(run, input, index, dateBounds(contract, new Date(`${runDate}T00:00:00Z`)), seen, scratch);
        pending.push(p);
        run.files.push(p.outcome);
      }
      const rejected = pending.filter((p) => p.outcome.status === 'rejected');
      if (rejected.length > 0) {
        const dir = join(lake.quarantineDir, contract.name, '_rejected_files', `run_date=${runDate}`);
        mkdirSync(dir, { recursive: true });
        const lines = rejected.map((p) => JSON.stringify({ file_name: p.outcome.file, entity: p.outcome.entity, batch_id: p.outcome.batchId, reason_code: p.outcome.reasonCode }));
        writeFileSync(join(dir, `${run.Id}.json`), `${lines.join('\n')}\n`);
        throw new Error(`finlake: rejected file(s), nothing processed: ${rejected.map((p) => `${p.outcome.file} (${p.outcome.reasonCode}: ${p.outcome.message})`).join(', ')}`);
      }
      for (const p of pending) if (p.outcome.status === 'processed') await this.write(p);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
      await dropTemporaries(engine, contract, lake.models, files.length);
    }
  }

  /**
   * The files of the run: with a manifest (`{"files": [{key, etag}]}`) exactly those objects, each
   * still holding the bytes it was planned with (its ETag), in the contract's entity order; a
   * missing or changed object fails the run. Without one (`{"prefix": true}`, or no argument)
   * every CSV under the prefix; an empty prefix is not an error for Glue: it reads nothing.
   */
  private inputFiles(rawPrefix: string, manifestArg: string | undefined): InputFile[] {
    const { lake } = this;
    const manifest: { files?: { key: string; etag: string }[] } = manifestArg === undefined ? {} : JSON.parse(manifestArg);
    if (!manifest.files) {
      const dir = bucketPath(lake.rawDir, rawPrefix);
      return existsSync(dir) ? discoverFiles(lake.contract, dir).files : [];
    }
    const problems: string[] = [];
    const files: InputFile[] = [];
    for (const { key, etag } of manifest.files) {
      const path = bucketPath(lake.rawDir, key);
      const name = key.slice(key.lastIndexOf('/') + 1);
      const entity = findEntityForFile(lake.contract, name);
      if (!existsSync(path)) problems.push(`${key} is gone`);
      else if (etagOf(path) !== normaliseEtag(etag)) problems.push(`${key} changed since the drop was planned (ETag ${etagOf(path)}, manifest ${etag})`);
      else if (!entity) problems.push(`${key} is no file of ${lake.contract.name}`);
      else files.push({ path, name, entity });
    }
    if (problems.length) throw new Error(`finlake: the manifest does not match the raw bucket: ${problems.join('; ')}`);
    const order = lake.contract.entities.map((e) => e.name);
    return files.sort((a, b) => order.indexOf(a.entity.name) - order.indexOf(b.entity.name) || a.name.localeCompare(b.name));
  }

  /** The pipeline's own check of a file, within the file: the Glue job cannot see staging, so references are not checked here. */
  private async checkFile(run: LocalJobRun, input: InputFile, index: number, dateBounds: DateBounds, seen: Map<string, string>, scratch: string): Promise<Pending> {
    const entity = { ...input.entity, references: [] };
    const check = await checkFile(this.lake.engine, { ...input, entity }, {
      runId: run.Id,
      index,
      bounds: dateBounds,
      scratch,
      // The job bookmark: a batch already in the processed zone (or twice in this run) is not processed again.
      loadedAs: (batchId) => (existsSync(this.partition('processed', input.entity.name, batchId)) ? input.name : seen.get(batchId)),
      knownKeys: (name) => [stagingTable(this.lake.contract.name, name)],
    });
    if (check.batch) seen.set(check.batchId, input.name);
    const status = check.status === 'checked' ? 'processed' : check.status;
    const outcome: GlueFileOutcome = { file: input.name, entity: input.entity.name, batchId: check.batchId, status, reasonCode: check.reasonCode, message: check.message, rowsRead: check.rowsRead, rowsProcessed: check.rowsValid, rowsQuarantined: check.rowsQuarantined };
    return { input, outcome, batch: check.batch };
  }

  /** Good rows to the processed zone, quarantined rows to the quarantine zone (Parquet; money stays DECIMAL). */
  private async write(p: Pending): Promise<void> {
    const { engine } = this.lake;
    const batch = p.batch!;
    const columns = batch.entity.columns.map((c) => `c.${quoteIdent(c.name)}`).join(', ');
    const processed = this.partition('processed', batch.entity.name, batch.batchId);
    mkdirSync(processed, { recursive: true });
    await engine.run(
      // The checked table itself (as the pipeline's staging step reads it): the record number needs its row ids.
      `copy (select ${columns}, ${quoteString(batch.batchId)} as batch_id, ${batch.rec!('c')} as rec, ${quoteString(batch.fileName)} as file_name
             from ${quoteIdent(batch.checkedTable)} as c where ${isValid('c')} order by rec)
       to ${quoteString(join(processed, 'part-0.parquet'))} (format parquet)`,
    );
    if (p.outcome.rowsQuarantined > 0) {
      const quarantine = this.partition('quarantine', batch.entity.name, batch.batchId);
      mkdirSync(quarantine, { recursive: true });
      await engine.run(
        `copy (select file_name, line_number, column_name, reason_code, raw_value, raw_record from ${RUN_QUARANTINE}
               where batch_id = ${quoteString(batch.batchId)} order by line_number, column_name)
         to ${quoteString(join(quarantine, 'part-0.parquet'))} (format parquet)`,
      );
    }
  }

  /** The Glue job's folders: `batch=<hash>` in the processed zone, `batch_id=<hash>` in the quarantine zone. */
  private partition(zone: 'processed' | 'quarantine', entity: string, batchId: string): string {
    if (zone === 'processed') return join(this.lake.processedDir, this.lake.contract.name, entity, `batch=${batchId}`);
    return join(this.lake.quarantineDir, this.lake.contract.name, entity, `batch_id=${batchId}`);
  }
}
