import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { DataProductContract } from '@finlake/contracts';
import type { Engine } from '@finlake/engine';
import { UsageError } from '@finlake/errors';
import type { ProductModels } from '@finlake/models';
import type { FileCheck } from './check-file';
import { inputFiles, type InputFile } from './files';
import type { GateResult } from './gate';
import { productFor } from './products';
import { ensureSchema, META } from './schema';
import { dropAside, dropTemporaries } from './temp-names';
import { createRunQuarantine } from './validate';
import type { DateBounds } from './validate-sql';

export type FileStatus = 'loaded' | 'skipped' | 'rejected' | 'blocked';
export type RunStatus = 'published' | 'nothing_new' | 'rejected' | 'blocked';

/** What happened to one file of a run (its ledger row). */
export interface FileOutcome {
  file: string;
  entity: string;
  batchId: string;
  bytes: number;
  status: FileStatus;
  reasonCode?: string;
  message?: string;
  duplicateOf?: string;
  rowsRead: number;
  rowsLoaded: number;
  rowsQuarantined: number;
  startedAt: Date;
  finishedAt: Date;
}

export interface RunResult {
  runId: string;
  product: string;
  status: RunStatus;
  message: string;
  files: FileOutcome[];
  ignoredFiles: string[];
  gate: GateResult[];
  durationMs: number;
}

export type PipelineEvent =
  | { kind: 'plan'; files: number; steps: number }
  | { kind: 'file'; file: string; outcome: FileOutcome }
  | { kind: 'step'; name: string; detail?: string };

export interface RunOptions {
  product: string;
  /** A directory of raw files (its subfolders are not read), or one file. */
  inputDir: string;
  /** Largest share of a file's rows that may be quarantined before the publish is blocked (default 0.05). */
  maxQuarantineRate?: number;
  /** The clock, for the future-date rule (tests pin it). */
  now?: Date;
  /** Values of the product's parameters (`--param name=value`); the others take their defaults. */
  parameters?: Readonly<Record<string, string>>;
  onEvent?: (event: PipelineEvent) => void;
}

export const DEFAULT_MAX_QUARANTINE_RATE = 0.05;

/** One file of the run: its check and the outcome recorded in the ledger. */
export interface RunFile {
  check: FileCheck;
  outcome: FileOutcome;
  /** Its ledger id, which is also the batch_seq of its staged rows. */
  ledgerId: number;
}

/** Everything a run's stages share, in one object: created by openRun, released by closeRun. */
export interface RunContext {
  readonly engine: Engine;
  readonly contract: DataProductContract;
  readonly models: ProductModels;
  readonly runId: string;
  readonly started: Date;
  readonly inputDir: string;
  readonly bounds: DateBounds;
  readonly maxQuarantineRate: number;
  readonly emit: (event: PipelineEvent) => void;
  /** The files of the input directory that belong to an entity, in load order, and those that do not. */
  readonly inputs: readonly InputFile[];
  readonly ignored: readonly string[];
  /** Batch id → file name of every batch loaded before. */
  readonly loadedBefore: ReadonlyMap<string, string>;
  readonly firstLedgerId: number;
  /** A folder for normalised copies of files; removed by closeRun. */
  readonly scratch: string;
  /** The files checked so far, in order. */
  readonly files: RunFile[];
  /** Grants and row-level security the publish applies again to the tables it replaces (empty: none applied). */
  readonly tableSecurity: readonly string[];
}

export function newRunId(now: Date): string {
  return `${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;
}

/** The dates a run accepts: from the contract's earliest date to `maxFutureDays` after `now`. */
export function dateBounds(contract: DataProductContract, now: Date): DateBounds {
  const latest = new Date(now.getTime() + contract.maxFutureDays * 86_400_000);
  return { earliest: contract.earliestDate, latest: latest.toISOString().slice(0, 10) };
}

export function quarantineRate(options: Pick<RunOptions, 'maxQuarantineRate'>): number {
  const rate = options.maxQuarantineRate ?? DEFAULT_MAX_QUARANTINE_RATE;
  if (!(rate >= 0 && rate <= 1)) throw new UsageError(`The quarantine threshold must be between 0 and 1, got ${rate}.`);
  return rate;
}

/** Batch id → file name of the batches a product loaded before. */
export async function loadedBatches(engine: Engine, product: string): Promise<Map<string, string>> {
  const rows = await engine.query<{ batch_id: string; file_name: string }>(
    `select batch_id, min(file_name) as file_name from ${META}.ledger where status = 'loaded' and product = ? group by batch_id`,
    [product],
  );
  return new Map(rows.map((r) => [r.batch_id, r.file_name]));
}

/** Take the product's lock, make sure the schema exists, start from a clean slate and find the run's files. */
export async function openRun(engine: Engine, options: RunOptions): Promise<RunContext> {
  const started = new Date();
  const maxQuarantineRate = quarantineRate(options);
  const { contract, models, tableSecurity } = productFor(options.product, options.parameters);
  // The input first: a run with nothing to read writes nothing, not even the schema.
  const { files: inputs, ignored } = inputFiles(contract, options.inputDir);
  await engine.lock(contract.name);
  await ensureSchema(engine, contract, models);
  await createRunQuarantine(engine);
  // Tables a crashed run built aside are not published: start clean.
  await dropAside(engine, models);
  const [{ next_id: firstLedgerId } = { next_id: 1 }] = await engine.query<{ next_id: number }>(`select coalesce(max(ledger_id), 0) + 1 as next_id from ${META}.ledger`);
  return {
    engine,
    contract,
    models,
    runId: newRunId(started),
    started,
    inputDir: options.inputDir,
    bounds: dateBounds(contract, options.now ?? started),
    maxQuarantineRate,
    emit: options.onEvent ?? (() => undefined),
    inputs,
    ignored,
    loadedBefore: await loadedBatches(engine, contract.name),
    firstLedgerId: Number(firstLedgerId),
    scratch: mkdtempSync(join(tmpdir(), 'finlake-')),
    files: [],
    tableSecurity: await appliedSecurity(engine, tableSecurity?.(engine.dialect)),
  };
}

/** The table statements of the product's security manifest, when it was applied to this warehouse. */
async function appliedSecurity(engine: Engine, security: { appliedWhen: string; statements: string[] } | undefined): Promise<readonly string[]> {
  if (!security) return [];
  const [schema, table] = security.appliedWhen.split('.');
  const [found] = await engine.query(`select 1 as found from information_schema.tables where table_schema = ? and table_name = ?`, [schema, table]);
  return found ? security.statements : [];
}

/** Release what the run holds: its scratch folder and every temporary relation. */
export async function closeRun(run: RunContext): Promise<void> {
  rmSync(run.scratch, { recursive: true, force: true });
  await dropTemporaries(run.engine, run.contract, run.models, run.inputs.length);
}

export function runResult(run: RunContext, status: RunStatus, message: string, gate: GateResult[]): RunResult {
  return { runId: run.runId, product: run.contract.name, status, message, files: run.files.map((f) => f.outcome), ignoredFiles: [...run.ignored], gate, durationMs: Date.now() - run.started.getTime() };
}
