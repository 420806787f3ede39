import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { dataProducts, FILE_MESSAGES, type DataProductContract } from '@finlake/contracts';
import { inTransaction, quoteIdent, quoteString, sameColumns, type Engine } from '@finlake/engine';
import { UsageError } from '@finlake/errors';
import { modelsFor, type ProductModels } from '@finlake/models';
import { buildAside, dropAside, dropRunScratch, planBuild, planKeys, publishInPlace, publishKeys, recordModelBuilds, swapIntoPlace, type BuildPlan } from './build';
import { failpoint } from './failpoint';
import { discoverFiles, hasCarriageReturns, inspectFile, normaliseLineEndings, type InputFile } from './files';
import { normaliseNumber, runGate, type GateResult } from './gate';
import { checkHeader, splitHeader } from './header';
import { ensureSchema, META, stagingColumns, stagingTable } from './schema';
import { createRunQuarantine, isValid, loadAndValidate, RUN_QUARANTINE, validRows, type FileBatch } from './validate';
import type { DateBounds } from './validate-sql';

export type FileStatus = 'loaded' | 'skipped' | 'rejected' | 'blocked';
export type RunStatus = 'published' | 'nothing_new' | 'rejected' | 'blocked';

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
  inputDir: string;
  /** Largest share of a file's rows that may be quarantined before the publish is blocked (default 0.05). */
  maxQuarantineRate?: number;
  /** The clock, for the future-date rule (tests pin it). */
  now?: Date;
  onEvent?: (event: PipelineEvent) => void;
}

export const DEFAULT_MAX_QUARANTINE_RATE = 0.05;

interface Pending {
  input: InputFile;
  outcome: FileOutcome;
  batch?: FileBatch;
  positions?: number[];
}

function newRunId(now: Date): string {
  return `${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;
}

function dateBounds(contract: DataProductContract, now: Date): DateBounds {
  const latest = new Date(now.getTime() + contract.maxFutureDays * 86_400_000);
  return { earliest: contract.earliestDate, latest: latest.toISOString().slice(0, 10) };
}

export function productFor(name: string): { contract: DataProductContract; models: ProductModels } {
  const contract = dataProducts[name];
  const models = modelsFor(name);
  if (!contract || !models) throw new UsageError(`Unknown data product "${name}". Known products: ${Object.keys(dataProducts).join(', ')}.`);
  return { contract, models };
}

/**
 * Run a data product's pipeline over the files of a directory: ingest, validate, stage, build
 * aside, gate, publish atomically. Files already loaded (by content) are recorded as skipped.
 */
export async function runPipeline(engine: Engine, options: RunOptions): Promise<RunResult> {
  const started = new Date();
  const now = options.now ?? started;
  const maxRate = options.maxQuarantineRate ?? DEFAULT_MAX_QUARANTINE_RATE;
  if (!(maxRate >= 0 && maxRate <= 1)) throw new UsageError(`The quarantine threshold must be between 0 and 1, got ${maxRate}.`);
  const { contract, models } = productFor(options.product);
  const emit = options.onEvent ?? (() => undefined);
  const runId = newRunId(started);
  const bounds = dateBounds(contract, now);

  await engine.lock(contract.name);
  await ensureSchema(engine, contract, models);
  await createRunQuarantine(engine);
  // Tables a crashed run built aside are not published: start clean.
  await dropAside(engine, models);
  const { files, ignored } = discoverFiles(contract, options.inputDir);
  emit({ kind: 'plan', files: files.length, steps: files.length + models.models.length + 3 });

  const loadedBefore = new Map(
    (await engine.query<{ batch_id: string; file_name: string }>(`select batch_id, min(file_name) as file_name from ${META}.ledger where status = 'loaded' and product = ? group by batch_id`, [contract.name])).map((r) => [r.batch_id, r.file_name]),
  );
  const [{ next_id: firstLedgerId } = { next_id: 1 }] = await engine.query<{ next_id: number }>(`select coalesce(max(ledger_id), 0) + 1 as next_id from ${META}.ledger`);
  const scratch = mkdtempSync(join(tmpdir(), 'finlake-'));
  const pending: Pending[] = [];
  const seenThisRun = new Map<string, string>();
  const validByEntity = new Map<string, string[]>();

  try {
    for (const [index, input] of files.entries()) {
      const outcome = await ingestAndValidate(engine, input, index);
      emit({ kind: 'file', file: input.name, outcome: outcome.outcome });
      pending.push(outcome);
    }
    failpoint('after-validate');

    const toLoad = pending.filter((p) => p.outcome.status === 'loaded');
    const failed = pending.filter((p) => p.outcome.status === 'rejected' || p.outcome.status === 'blocked');
    if (failed.length > 0) {
      for (const p of toLoad) block(p, 'RUN_BLOCKED', `Not published: ${failed.map((f) => f.input.name).join(', ')} ${failed.length === 1 ? 'was' : 'were'} rejected or blocked in the same run.`);
      const status: RunStatus = failed.some((p) => p.outcome.status === 'rejected') ? 'rejected' : 'blocked';
      const message = failed.map((f) => `${f.input.name}: ${f.outcome.reasonCode} — ${f.outcome.message}`).join('\n');
      await record(status, message, []);
      return result(status, message, []);
    }
    if (toLoad.length === 0) {
      const message = pending.length === 0 ? `No input files for ${contract.name} in ${options.inputDir}.` : 'Nothing new: every file was loaded before.';
      await record('nothing_new', message, []);
      return result('nothing_new', message, []);
    }

    // Build and check aside before anything published changes, reading committed tables only (DuckDB
    // scans a transaction's own new rows on one thread): staging and key maps as this run will leave
    // them are views over the tables and the run's checked rows. Then stage and publish in one
    // transaction: a crash at any point leaves the published tables, the ledger and staging as they were.
    const gate: GateResult[] = [];
    try {
      emit({ kind: 'step', name: 'keys' });
      const staged = stagedBatches(toLoad);
      const plan = await planKeys(engine, models, await planBuild(engine, models, staged, await createRunViews(toLoad)));
      await buildAside(engine, models, (name) => emit({ kind: 'step', name: 'build', detail: buildDetail(name, plan) }), plan);
      failpoint('after-build');
      emit({ kind: 'step', name: 'gate' });
      gate.push(...(await runGate(engine, contract, models, plan)));
      failpoint('after-gate');
      if (gate.some((g) => g.blocking && !g.passed)) return await blocked(gate);

      await engine.begin();
      try {
        emit({ kind: 'step', name: 'stage' });
        await stage(toLoad);
        gate.unshift(...(await reconcileBatches(toLoad)));
        failpoint('after-stage');
        if (gate.some((g) => g.blocking && !g.passed)) {
          await engine.rollback();
          return await blocked(gate);
        }
        emit({ kind: 'step', name: 'publish' });
        await publishKeys(engine, models);
        await publishInPlace(engine, models, plan);
        await swapIntoPlace(engine, models, plan);
        await recordModelBuilds(engine, models);
        const message = `Published ${toLoad.length} batch(es): ${toLoad.map((p) => p.input.name).join(', ')}.`;
        await writeRecords('published', message, gate);
        failpoint('publish');
        await engine.commit();
        failpoint('after-commit');
        await engine.checkpoint();
        return result('published', message, gate);
      } catch (err) {
        await engine.rollback().catch(() => undefined);
        throw err;
      }
    } catch (err) {
      await dropAside(engine, models).catch(() => undefined);
      throw err;
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    await dropRunScratch(engine, models).catch(() => undefined);
    for (const entity of contract.entities) {
      for (const view of [nextStaging(entity.name), runStaging(entity.name)]) await engine.run(`drop view if exists ${view}`).catch(() => undefined);
    }
    for (const p of pending) {
      if (p.batch) await engine.run(`drop table if exists ${quoteIdent(p.batch.rawTable)}; drop table if exists ${quoteIdent(p.batch.checkedTable)}`).catch(() => undefined);
    }
  }

  /** The gate blocked the publish: nothing built aside is kept; the files are recorded as blocked. */
  async function blocked(gate: GateResult[]): Promise<RunResult> {
    await dropAside(engine, models);
    const failed = gate.filter((g) => g.blocking && !g.passed);
    const message = `Quality gate blocked the publish: ${failed.map((g) => `${g.table} ${g.check} (${g.violations}${g.detail ? `; ${g.detail}` : ''})`).join('; ')}`;
    for (const p of pending.filter((q) => q.outcome.status === 'loaded')) block(p, 'QUALITY_GATE_FAILED', message);
    await record('blocked', message, gate);
    return result('blocked', message, gate);
  }

  /**
   * Per staging table, two views read before anything is written: the rows this run adds
   * (`run__<table>`, from the files' checked rows) and the table as the run will leave it
   * (`next__<table>`: an upsert's new rows replace the staged rows of their keys).
   */
  async function createRunViews(loaded: Pending[]): Promise<Pick<BuildPlan, 'sources' | 'runRows' | 'appendedSources'>> {
    const sources = new Map<string, string>();
    const runRows = new Map<string, string>();
    const appendedSources = new Map<string, string[]>();
    for (const entity of contract.entities) {
      const table = `stg_${entity.name}`;
      const staging = stagingTable(entity.name);
      const names = entity.columns.map((c) => quoteIdent(c.name));
      const columns = stagingColumns(entity);
      const sameKey = (a: string, b: string) => sameColumns(entity.key, a, b);
      const files = loaded.filter((p) => p.input.entity.name === entity.name);
      const parts = files.map((p, i) => {
        const batch = p.batch!;
        // A later file of the same run replaces an upsert's rows of the keys it holds.
        const replaced = entity.loadMode === 'upsert' ? files.slice(i + 1).map((l) => ` and not exists (select 1 from ${validRows(l.batch!)} as l where ${sameKey('l', 'c')})`).join('') : '';
        return `select ${names.map((n) => `c.${n}`).join(', ')}, ${quoteString(batch.batchId)} as batch_id, ${ledgerIdOf(p)} as batch_seq, ${batch.rec!('c')} as rec
                from ${quoteIdent(batch.checkedTable)} as c where ${isValid('c')}${replaced}`;
      });
      const run = runStaging(entity.name);
      const next = nextStaging(entity.name);
      await engine.run(`create or replace temp view ${run} as ${parts.length > 0 ? parts.join(' union all ') : `select ${columns} from ${staging} where false`}`);
      const kept = entity.loadMode === 'upsert' ? ` as s where not exists (select 1 from ${run} as r where ${sameKey('r', 's')})` : '';
      await engine.run(`create or replace temp view ${next} as select ${columns} from ${staging}${kept} union all select ${columns} from ${run}`);
      runRows.set(table, run);
      sources.set(table, next);
      if (entity.loadMode === 'append') appendedSources.set(table, [staging, run]);
    }
    return { sources, runRows, appendedSources };
  }

  function buildDetail(name: string, plan: BuildPlan): string {
    const spec = models.models.find((m) => m.name === name)?.incremental;
    if (plan.summed.has(name)) return `${name} (new sums added)`;
    if (!plan.inPlace.has(name) || !spec) return name;
    return spec.strategy === 'append' ? `${name} (new rows appended)` : `${name} (touched rows merged)`;
  }

  /** Staging table → the batch ids this run stages into it. */
  function stagedBatches(loaded: Pending[]): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const p of loaded) {
      const table = `stg_${p.input.entity.name}`;
      out.set(table, [...(out.get(table) ?? []), p.outcome.batchId]);
    }
    return out;
  }

  /** Ledger ids follow file order in the run; a staged batch's batch_seq is its ledger id. */
  function ledgerIdOf(p: Pending): number {
    return firstLedgerId + pending.indexOf(p);
  }

  function block(p: Pending, reasonCode: string, message: string) {
    p.outcome.status = 'blocked';
    p.outcome.reasonCode = reasonCode;
    p.outcome.message = message;
    p.outcome.rowsLoaded = 0;
  }

  function result(status: RunStatus, message: string, gate: GateResult[]): RunResult {
    return { runId, product: contract.name, status, message, files: pending.map((p) => p.outcome), ignoredFiles: ignored, gate, durationMs: Date.now() - started.getTime() };
  }

  async function ingestAndValidate(engine: Engine, input: InputFile, index: number): Promise<Pending> {
    const t0 = new Date();
    const info = await inspectFile(input.path);
    const outcome: FileOutcome = { file: input.name, entity: input.entity.name, batchId: info.hash, bytes: info.bytes, status: 'loaded', rowsRead: 0, rowsLoaded: 0, rowsQuarantined: 0, startedAt: t0, finishedAt: t0 };
    const p: Pending = { input, outcome };
    const finish = (status: FileStatus, reasonCode?: string, message?: string) => {
      Object.assign(outcome, { status, reasonCode, message, finishedAt: new Date() });
      return p;
    };
    const earlier = loadedBefore.get(info.hash) ?? seenThisRun.get(info.hash);
    if (earlier !== undefined) {
      outcome.duplicateOf = earlier;
      return finish('skipped', undefined, earlier === input.name ? 'Already loaded.' : `Same content as ${earlier}, already loaded.`);
    }
    if (info.bytes === 0 || info.headerLine === undefined) return finish('rejected', 'FILE_EMPTY', FILE_MESSAGES.FILE_EMPTY);
    if (info.notUtf8) return finish('rejected', 'FILE_ENCODING', FILE_MESSAGES.FILE_ENCODING);
    const header = checkHeader(input.entity, splitHeader(info.headerLine));
    if (!header.ok) return finish('rejected', header.reason, header.message);
    seenThisRun.set(info.hash, input.name);
    failpoint('after-ingest');

    let path = input.path;
    if (await hasCarriageReturns(input.path)) {
      path = join(scratch, `${index}.csv`);
      await normaliseLineEndings(input.path, path);
    }
    const batch: FileBatch = { runId, batchId: info.hash, fileName: input.name, entity: input.entity, rawTable: `raw_${index}`, checkedTable: `checked_${index}`, fileColumns: header.fileColumns };
    p.batch = batch;
    p.positions = header.positions;
    const earlierValid = validByEntity.get(input.entity.name) ?? [];
    const knownKeys = (entity: string) => [stagingTable(entity), ...(validByEntity.get(entity) ?? [])];
    const raw = await loadAndValidate(engine, batch, path, header.positions, bounds, knownKeys, earlierValid);
    const unterminated = raw.rejects.find((r) => r.kind === 'unterminated_quote');
    if (unterminated) {
      outcome.rowsRead = raw.rows + raw.rejects.length;
      return finish('rejected', 'UNTERMINATED_QUOTE', `Line ${unterminated.line}: a quoted field is never closed, so the rest of the file cannot be read reliably.`);
    }
    validByEntity.set(input.entity.name, [...earlierValid, validRows(batch)]);

    const [counts] = await engine.query<{ loaded: number; quarantined: number }>(
      `select (select count(*) from ${validRows(batch)} as v) as loaded,
              (select count(distinct line_number) from ${RUN_QUARANTINE} where batch_id = ?) as quarantined`,
      [batch.batchId],
    );
    outcome.rowsRead = raw.rows + raw.rejects.length;
    outcome.rowsLoaded = Number(counts!.loaded);
    outcome.rowsQuarantined = Number(counts!.quarantined);
    const rate = outcome.rowsRead === 0 ? 0 : outcome.rowsQuarantined / outcome.rowsRead;
    if (rate > maxRate) {
      return finish('blocked', 'QUARANTINE_RATE_EXCEEDED', `${outcome.rowsQuarantined} of ${outcome.rowsRead} rows (${(rate * 100).toFixed(1)}%) quarantined; the limit is ${(maxRate * 100).toFixed(1)}%.`);
    }
    const ignoredNote = header.ignored.length ? `Ignored extra column(s): ${header.ignored.join(', ')}.` : undefined;
    return finish('loaded', undefined, ignoredNote);
  }

  /** Write the run's rows into staging from the run views (inside the publish transaction). */
  async function stage(loaded: Pending[]): Promise<void> {
    for (const entity of contract.entities) {
      if (!loaded.some((p) => p.input.entity.name === entity.name)) continue;
      const target = stagingTable(entity.name);
      const run = runStaging(entity.name);
      if (entity.loadMode === 'upsert') {
        await engine.run(`delete from ${target} where exists (select 1 from ${run} as o where ${sameColumns(entity.key, target, 'o')})`);
      }
      const columns = stagingColumns(entity);
      await engine.run(`insert into ${target} (${columns}) select ${columns} from ${run}`);
    }
  }

  /** Conservation per batch: rows read = loaded + quarantined, and staged money equals the raw file's money. */
  async function reconcileBatches(loaded: Pending[]): Promise<GateResult[]> {
    const out: GateResult[] = [];
    for (const p of loaded) {
      const o = p.outcome;
      const conserved = o.rowsRead === o.rowsLoaded + o.rowsQuarantined;
      out.push({ check: `reconcile: rows read = loaded + quarantined (${o.file})`, table: `stg_${o.entity}`, blocking: true, violations: conserved ? 0 : 1, passed: conserved, detail: `read ${o.rowsRead}, loaded ${o.rowsLoaded}, quarantined ${o.rowsQuarantined}` });
      // One scan of the raw table and one of staging for every numeric column of the batch.
      const numeric = [...p.input.entity.columns.entries()].filter(([, c]) => c.type.kind === 'decimal' || c.type.kind === 'integer');
      if (numeric.length === 0) continue;
      // The typed values of every record read that was not quarantined, whatever the flags say.
      const batch = p.batch!;
      const rawSums = numeric.map(([, c]) => `sum(c.${quoteIdent(c.name)}) as ${quoteIdent(c.name)}`);
      const stagedSums = numeric.map(([, c]) => `sum(${quoteIdent(c.name)}) as ${quoteIdent(c.name)}`);
      const [raw] = await engine.query(
        `select ${rawSums.join(', ')} from ${quoteIdent(batch.checkedTable)} as c
         where ${batch.rec!('c')} not in (select q.line_number from ${RUN_QUARANTINE} as q where q.batch_id = ${quoteString(o.batchId)})`,
      );
      const [staged] = await engine.query(`select ${stagedSums.join(', ')} from ${stagingTable(p.input.entity.name)} where batch_id = ?`, [o.batchId]);
      for (const [, column] of numeric) {
        const rawValue = normaliseNumber(raw?.[column.name] as string | null);
        const stagedValue = normaliseNumber(staged?.[column.name] as string | null);
        const passed = rawValue === stagedValue;
        out.push({ check: `reconcile: sum(${column.header}) staged = raw (${o.file})`, table: `stg_${o.entity}`, blocking: true, violations: passed ? 0 : 1, passed, detail: `raw ${rawValue}, staged ${stagedValue}` });
      }
    }
    return out;
  }

  /** Ledger, quarantine, gate results and run row; the caller owns the transaction. */
  async function writeRecords(status: RunStatus, message: string, gate: GateResult[]): Promise<void> {
    const finished = new Date();
    for (const p of pending) {
      const o = p.outcome;
      await engine.run(
        `insert into ${META}.ledger values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as timestamp), cast(? as timestamp), ?)`,
        [ledgerIdOf(p), runId, contract.name, o.entity, o.batchId, o.file, o.bytes, o.status, o.reasonCode ?? null, o.message ?? null, o.duplicateOf ?? null, o.rowsRead, o.rowsLoaded, o.rowsQuarantined, ts(o.startedAt), ts(o.finishedAt), o.finishedAt.getTime() - o.startedAt.getTime()],
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
        chunk.flatMap((g) => [runId, g.check, g.table, g.blocking, g.violations, g.passed, g.detail ?? null]),
      );
    }
    await engine.run(`insert into ${META}.runs values (?, ?, ?, cast(? as timestamp), cast(? as timestamp), ?, ?)`, [runId, contract.name, options.inputDir, ts(started), ts(finished), status, message]);
  }

  async function record(status: RunStatus, message: string, gate: GateResult[]): Promise<void> {
    await inTransaction(engine, () => writeRecords(status, message, gate));
    await engine.checkpoint();
  }
}

/** The temporary views of an entity's staging table: the rows the run adds, and the table as the run will leave it. */
const runStaging = (entity: string) => quoteIdent(`run__stg_${entity}`);
const nextStaging = (entity: string) => quoteIdent(`next__stg_${entity}`);

const ts = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');
