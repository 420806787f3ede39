import type { DataProductContract, EntityContract } from '@finlake/contracts';
import { quoteIdent, quoteString, type Engine } from '@finlake/engine';
import type { FileCheck } from './check-file';
import { stagingColumns, stagingTable } from './schema';
import { sameKey } from './keys';
import { nextStaging, runStaging } from './temp-names';
import { isValid } from './validate';

/**
 * Staging: one table per entity holding every loaded row with its batch. The one rule, used by
 * every driver: an append entity adds its batches' rows (a key loaded before is never
 * overwritten: validation quarantines it, the warehouse copy refuses it); an upsert entity's new
 * rows replace the staged rows of their keys, and among new batches the latest one of each key
 * wins (batch_seq orders them).
 */

/** The rows new batches add to an entity's staging table, from `rows` (the staging columns, several batches): the latest of each key for an upsert. */
export function stagedRowsSql(entity: EntityContract, rows: string, batchSeq = 'batch_seq'): string {
  const columns = entity.columns.map((c) => quoteIdent(c.name));
  const out = [...columns, 'batch_id', `${batchSeq} as batch_seq`, 'rec'].join(', ');
  if (entity.loadMode !== 'upsert') return `select ${out} from ${rows} as n`;
  const key = entity.key.map((k) => `n.${quoteIdent(k)}`).join(', ');
  return `select ${out} from (select n.*, row_number() over (partition by ${key} order by ${batchSeq} desc) as recency from ${rows} as n) as n where n.recency = 1`;
}

/** Write the rows of `run` (as stagedRowsSql returns them) into the staging table `target`; call inside the publish transaction. */
export async function writeStaging(engine: Engine, entity: EntityContract, run: string, target: string): Promise<void> {
  if (entity.loadMode === 'upsert') await engine.run(`delete from ${target} where exists (select 1 from ${run} as o where ${sameKey(entity, target, 'o')})`);
  const columns = stagingColumns(entity);
  await engine.run(`insert into ${target} (${columns}) select ${columns} from ${run} as r`);
}

/**
 * A batch of new rows whose key an append entity staged before, or that two new batches both
 * hold: `select count(*) as n, min(key_text) as example`. Facts are never overwritten.
 */
export function keyClashSql(entity: EntityContract, pending: string, target: string, text = 'varchar'): string {
  const keyText = entity.key.map((k) => `coalesce(cast(p.${quoteIdent(k)} as ${text}), 'NULL')`).join(` || ' / ' || `);
  return `select count(*) as n, min(k.key_text) as example from (
    select ${keyText} as key_text from ${pending} as p inner join ${target} as s on ${sameKey(entity, 's', 'p')}
    union all
    select ${keyText} as key_text from ${pending} as p group by ${entity.key.map((k) => `p.${quoteIdent(k)}`).join(', ')} having count(*) > 1
) as k`;
}

/** The message of a refused copy (the procedures raise it; the gate names the same reason). */
export const keyClashMessage = (entity: string, count: string, example: string) =>
  `sp_copy_processed: ${count} key(s) of ${entity} were already loaded by an earlier batch (KEY_ALREADY_LOADED), e.g. ${example}; nothing was staged. Remove the file from the raw zone and its batch from the processed zone, then run again.`;

/** A checked file about to be staged, with the batch_seq it gets (its ledger id). */
export interface StagedFile {
  check: FileCheck;
  batchSeq: number;
}

/** The staging relations a build reads: see BuildPlan. */
export interface StagingViews {
  /** Staging table → the relation of the table as the run will leave it. */
  sources: Map<string, string>;
  /** Staging table → the rows the run adds. */
  runRows: Map<string, string>;
  /** Append-only staging table → its parts as the run will leave it: the staged rows, the run's rows. */
  appendedSources: Map<string, string[]>;
}

/**
 * Per entity, two views read before anything is written: the rows this run adds
 * (`run__stg_<entity>`, from the files' checked rows, by the staging rule) and the table as the run
 * will leave it (`next__stg_<entity>`). The build reads these; publish writes the first into staging.
 */
export async function createStagingViews(engine: Engine, contract: DataProductContract, files: readonly StagedFile[]): Promise<StagingViews> {
  const views: StagingViews = { sources: new Map(), runRows: new Map(), appendedSources: new Map() };
  for (const entity of contract.entities) {
    const table = `stg_${entity.name}`;
    const staging = stagingTable(contract.name, entity.name);
    const columns = stagingColumns(entity);
    const names = entity.columns.map((c) => `c.${quoteIdent(c.name)}`).join(', ');
    const parts = files
      .filter((f) => f.check.input.entity.name === entity.name)
      .map(({ check, batchSeq }) => {
        const batch = check.batch!;
        return `select ${names}, ${quoteString(batch.batchId)} as batch_id, ${batchSeq} as batch_seq, ${batch.rec!('c')} as rec from ${quoteIdent(batch.checkedTable)} as c where ${isValid('c')}`;
      });
    const run = runStaging(entity.name);
    const next = nextStaging(entity.name);
    const rows = parts.length === 0 ? `select ${columns} from ${staging} where false` : parts.length === 1 || entity.loadMode !== 'upsert' ? parts.join(' union all ') : stagedRowsSql(entity, `(${parts.join(' union all ')})`);
    await engine.run(`create or replace temp view ${run} as ${rows}`);
    const kept = entity.loadMode === 'upsert' ? ` as s where not exists (select 1 from ${run} as r where ${sameKey(entity, 'r', 's')})` : '';
    await engine.run(`create or replace temp view ${next} as select ${columns} from ${staging}${kept} union all select ${columns} from ${run}`);
    views.runRows.set(table, run);
    views.sources.set(table, next);
    if (entity.loadMode === 'append') views.appendedSources.set(table, [staging, run]);
  }
  return views;
}

/** Write the run's rows into staging from its views (inside the publish transaction). */
export async function stageRun(engine: Engine, contract: DataProductContract, files: readonly StagedFile[]): Promise<void> {
  for (const entity of contract.entities) {
    if (files.some((f) => f.check.input.entity.name === entity.name)) await writeStaging(engine, entity, runStaging(entity.name), stagingTable(contract.name, entity.name));
  }
}
