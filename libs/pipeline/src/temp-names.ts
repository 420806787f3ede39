import type { DataProductContract } from '@finlake/contracts';
import { quoteIdent, type Engine } from '@finlake/engine';
import type { ProductModels } from '@finlake/models';
import { productSchemas } from './schema';

/**
 * Every temporary relation a run creates, named once. The run's scratch lives in the session
 * (temp tables and views) except the tables built aside, which are real tables of the warehouse
 * schema of the product so that publish can rename them into place. `dropTemporaries` removes all of them.
 */

/** Tables are built aside under this suffix and swapped into place at publish. */
export const ASIDE = '__new';

/** The run's quarantined rows; written to meta.quarantine when the run is recorded. */
export const RUN_QUARANTINE = 'run_quarantine';

/** The i-th file of a run: its raw fields, and every record typed and flagged. */
export const rawFileTable = (index: number) => `raw_${index}`;
export const checkedFileTable = (index: number) => `checked_${index}`;
/** The small key sets and row lists validation keeps while it checks a file (see loadAndValidate). */
export const CHECK_SCRATCH = ['unknown', 'mixed', 'dupkeys', 'dup', 'loaded', 'late', 'running'] as const;
export const checkScratchName = (checkedTable: string, part: (typeof CHECK_SCRATCH)[number]) => `${checkedTable}__${part}`;
export const checkScratch = (checkedTable: string, part: (typeof CHECK_SCRATCH)[number]) => quoteIdent(checkScratchName(checkedTable, part));

/** The rows a run adds to an entity's staging table, and the staging table as the run will leave it. */
export const runStaging = (entity: string) => quoteIdent(`run__stg_${entity}`);
export const nextStaging = (entity: string) => quoteIdent(`next__stg_${entity}`);

/** Batches read from the processed zone before they are staged (the procedures' copy step). */
export const pendingCopy = (entity: string) => quoteIdent(`copy_${entity}__pending`);

/** A model built aside, swapped in at publish. */
export const asideTable = (product: string, model: string) => `${productSchemas(product).warehouse}.${quoteIdent(`${model}${ASIDE}`)}`;
/** The rows a run adds to an in-place model (appended rows, or the merged rows that replace the touched ones). */
export const addedRows = (model: string) => quoteIdent(`${model}__add`);
/** An in-place model as the run will leave it. */
export const nextModel = (model: string) => quoteIdent(`${model}__next`);
/** The keys a run adds to a key map, and the key map with them. */
export const addedKeys = (keyMap: string) => quoteIdent(`${keyMap}__add`);
export const nextKeyMap = (keyMap: string) => quoteIdent(`next__${keyMap}`);
/** The source rows of the keys a merge touches. */
export const touchedSource = (source: string) => quoteIdent(`touched__${source}`);

/** The partitions a run rebuilds of a partition model, and each of its sources read for them. */
export const touchedPartitions = (model: string) => quoteIdent(`${model}__parts`);
export const partitionSource = (model: string, source: string) => quoteIdent(`${model}__parts__${source}`);

/** A strategy model's input rows and day delta while it builds (see strategies/). */
export const strategyScratch = (model: string, part: 'input' | 'delta' | 'days') => quoteIdent(`${model}__${part}`);

/** Drop whatever a run built aside and did not publish (a blocked run, or one that crashed). */
export async function dropAside(engine: Engine, models: ProductModels): Promise<void> {
  for (const model of models.models) await engine.run(`drop table if exists ${asideTable(models.product, model.name)}`);
}

/**
 * The one cleanup: every temporary view and table a run or a driver may have created for this
 * product (views first: they read the tables). `files` is how many files the run read.
 * Errors are ignored: a connection that failed has no temporaries left.
 */
export async function dropTemporaries(engine: Engine, contract: DataProductContract, models: ProductModels, files = 0): Promise<void> {
  const views = [
    ...models.models.map((m) => nextModel(m.name)),
    ...models.models.flatMap((m) => (m.incremental?.strategy === 'merge' ? [touchedSource(m.incremental.source)] : [])),
    ...models.models.flatMap((m) => (m.incremental?.strategy === 'partition' ? m.incremental.sources.map((s) => partitionSource(m.name, s)) : [])),
    ...models.keyMaps.map((k) => nextKeyMap(k.name)),
    ...contract.entities.flatMap((e) => [nextStaging(e.name), runStaging(e.name)]),
  ];
  const tables = [
    ...models.models.map((m) => addedRows(m.name)),
    ...models.models.flatMap((m) => (m.incremental?.strategy === 'partition' ? [touchedPartitions(m.name)] : [])),
    ...models.keyMaps.map((k) => addedKeys(k.name)),
    ...models.models.flatMap((m) => (m.strategy ? [strategyScratch(m.name, 'input'), strategyScratch(m.name, 'delta'), strategyScratch(m.name, 'days')] : [])),
    ...contract.entities.map((e) => pendingCopy(e.name)),
    ...Array.from({ length: files }, (_, i) => [
      quoteIdent(rawFileTable(i)),
      ...CHECK_SCRATCH.map((part) => checkScratch(checkedFileTable(i), part)),
      quoteIdent(checkedFileTable(i)),
    ]).flat(),
  ];
  for (const view of views) await engine.run(`drop view if exists ${view}`).catch(() => undefined);
  for (const table of tables) await engine.run(`drop table if exists ${table}`).catch(() => undefined);
}
