import { createHash } from 'node:crypto';
import { quoteIdent, quoteString, renderSql, type Engine } from '@finlake/engine';
import type { Model, ProductModels } from '@finlake/models';
import { META, STAGING, WAREHOUSE } from './schema';

/** Tables are built aside under this suffix and swapped into place at publish. */
export const ASIDE = '__new';

/**
 * How each model is built in a run. Models not listed are rebuilt aside (`<name>__new`) and swapped
 * in at publish; an incremental model listed here is built in its published table, inside the
 * publish transaction, from the run's new batches of its source (see IncrementalSpec).
 */
export interface BuildPlan {
  /** Models built in place → the run's new batch ids of their source. */
  readonly inPlace: ReadonlyMap<string, readonly string[]>;
}

export const FULL_BUILD: BuildPlan = { inPlace: new Map() };

/** SQL true for rows whose `column` holds one of the batch ids (false for none). */
function inBatches(column: string, batchIds: readonly string[]): string {
  return batchIds.length === 0 ? 'false' : `${column} in (${batchIds.map(quoteString).join(', ')})`;
}

/** SQL true for the rows of an in-place model that this run built (what the gate checks). */
export function changedRows(model: Model, batchIds: readonly string[]): string {
  const spec = model.incremental!;
  if (batchIds.length === 0) return 'false';
  if (spec.strategy === 'append') return inBatches(quoteIdent(spec.batchColumn), batchIds);
  const key = quoteIdent(spec.mergeKey);
  return `${key} in (select ${key} from ${STAGING}.${quoteIdent(spec.source)} where ${inBatches('batch_id', batchIds)})`;
}

/** The table a model is built into in this run. */
export function buildTarget(model: string, plan: BuildPlan = FULL_BUILD): string {
  return `${WAREHOUSE}.${quoteIdent(plan.inPlace.has(model) ? model : `${model}${ASIDE}`)}`;
}

/** Render model SQL for the engine: sources are staging tables (or `sources` overrides), refs the tables built in this run. */
export function renderForBuild(engine: Engine, sql: string, plan: BuildPlan = FULL_BUILD, sources: ReadonlyMap<string, string> = new Map()): string {
  return renderSql(sql, engine.dialect, (kind, name) => (kind === 'ref' ? buildTarget(name, plan) : (sources.get(name) ?? `${STAGING}.${quoteIdent(name)}`)));
}

/** What a model's published rows depend on: its SQL as written. A change forces a full rebuild. */
export function modelFingerprint(model: Model): string {
  return createHash('sha256').update(model.sql).digest('hex').slice(0, 16);
}

/**
 * Decide which incremental models are built in place: the published table exists, was built from
 * the same SQL, and the run staged no batch into a table of `rebuildOn`.
 */
export async function planBuild(engine: Engine, models: ProductModels, stagedBatches: ReadonlyMap<string, readonly string[]>): Promise<BuildPlan> {
  const inPlace = new Map<string, string[]>();
  const built = new Map(
    (await engine.query<{ model: string; fingerprint: string }>(`select model, fingerprint from ${META}.model_builds where product = ?`, [models.product])).map((r) => [r.model, r.fingerprint]),
  );
  const tables = new Set((await engine.query<{ table_name: string }>(`select table_name from information_schema.tables where table_schema = ?`, [WAREHOUSE])).map((r) => r.table_name));
  for (const model of models.models) {
    const spec = model.incremental;
    if (!spec || !tables.has(model.name) || built.get(model.name) !== modelFingerprint(model)) continue;
    if (spec.rebuildOn.some((source) => (stagedBatches.get(source) ?? []).length > 0)) continue;
    inPlace.set(model.name, [...(stagedBatches.get(spec.source) ?? [])]);
  }
  return { inPlace };
}

/** The staging tables a model or key map reads with {{ source() }}. */
function sourcesOf(sql: string): string[] {
  return [...new Set([...sql.matchAll(/\{\{\s*source\(\s*'([a-z0-9_]+)'\s*\)\s*\}\}/g)].map((m) => m[1]!))];
}

/**
 * Temporary views of the rows a run staged (`run__<table>`), one per source, for `fn` to read
 * under the source's name. A source without new batches is an empty view.
 */
async function withRunRows<T>(engine: Engine, sources: readonly string[], staged: ReadonlyMap<string, readonly string[]>, fn: (views: ReadonlyMap<string, string>) => Promise<T>): Promise<T> {
  const views = new Map(sources.map((source) => [source, quoteIdent(`run__${source}`)]));
  for (const [source, view] of views) {
    await engine.run(`create or replace temp view ${view} as select * from ${STAGING}.${quoteIdent(source)} where ${inBatches('batch_id', staged.get(source) ?? [])}`);
  }
  try {
    return await fn(views);
  } finally {
    for (const view of views.values()) await engine.run(`drop view if exists ${view}`);
  }
}

/**
 * Give every new natural key the next surrogate key; existing keys never change. With `staged`
 * (staging table → the run's batch ids), only the run's rows are read: every key staged
 * before was given its surrogate key by the run that staged it.
 */
export async function updateKeyMaps(engine: Engine, models: ProductModels, staged?: ReadonlyMap<string, readonly string[]>): Promise<void> {
  for (const keyMap of models.keyMaps) {
    const table = `${STAGING}.${quoteIdent(keyMap.name)}`;
    const insert = (sources?: ReadonlyMap<string, string>) =>
      engine.run(
        `insert into ${table} (natural_key, surrogate_key)
         select n.natural_key, (select coalesce(max(surrogate_key), 0) from ${table}) + row_number() over (order by n.natural_key)
         from (select distinct natural_key from (${renderForBuild(engine, keyMap.naturalKeys, FULL_BUILD, sources)}) as s where natural_key is not null) as n
         where not exists (select 1 from ${table} as k where k.natural_key = n.natural_key)`,
      );
    if (staged) await withRunRows(engine, sourcesOf(keyMap.naturalKeys), staged, insert);
    else await insert();
  }
}

/** Build every model, in order: aside into `<name>__new`, or in place per the plan. */
export async function buildAside(engine: Engine, models: ProductModels, onModel?: (name: string) => void, plan: BuildPlan = FULL_BUILD): Promise<void> {
  for (const model of models.models) {
    onModel?.(model.name);
    const target = buildTarget(model.name, plan);
    const newBatches = plan.inPlace.get(model.name);
    if (newBatches) {
      if (newBatches.length > 0) await buildInPlace(engine, model, target, newBatches, plan);
      continue;
    }
    await engine.run(`drop table if exists ${target}`);
    await engine.run(`create table ${target} as ${renderForBuild(engine, model.sql, plan)}`);
  }
}

/** The temporary table of a merged model's rows as they were before this run replaced them. */
export const replacedRows = (model: string) => `${model}__replaced`;

/** Append the rows built from the new batches, or recompute and replace the rows they touch. */
async function buildInPlace(engine: Engine, model: Model, target: string, newBatches: readonly string[], plan: BuildPlan): Promise<void> {
  const spec = model.incremental!;
  const source = spec.source;
  await withRunRows(engine, [source], new Map([[source, newBatches]]), async (views) => {
    if (spec.strategy === 'append') {
      await engine.run(`insert into ${target} select * from (${renderForBuild(engine, model.sql, plan, views)}) as new_rows`);
      return;
    }
    // Every source row of the touched keys, read under the source's name.
    const key = quoteIdent(spec.mergeKey);
    const isTouched = `${key} in (select ${key} from ${views.get(source)!})`;
    const touched = quoteIdent(`touched__${source}`);
    await engine.run(`create or replace temp view ${touched} as select * from ${STAGING}.${quoteIdent(source)} where ${isTouched}`);
    try {
      // The rows about to be replaced, for the gate: a merged row must keep its key.
      const replaced = quoteIdent(replacedRows(model.name));
      await engine.run(`drop table if exists ${replaced}; create temp table ${replaced} as select * from ${target} where ${isTouched}`);
      await engine.run(`delete from ${target} where ${isTouched}`);
      await engine.run(`insert into ${target} select * from (${renderForBuild(engine, model.sql, plan, new Map([[source, touched]]))}) as merged_rows`);
    } finally {
      await engine.run(`drop view if exists ${touched}`);
    }
  });
}

/** Swap the built tables into place (call inside the publish transaction); intermediate tables are dropped. */
export async function swapIntoPlace(engine: Engine, models: ProductModels, plan: BuildPlan = FULL_BUILD): Promise<void> {
  for (const model of models.models) {
    if (plan.inPlace.has(model.name)) continue;
    const aside = `${WAREHOUSE}.${quoteIdent(`${model.name}${ASIDE}`)}`;
    if (!model.published) {
      await engine.run(`drop table if exists ${aside}`);
      continue;
    }
    await engine.run(`drop table if exists ${WAREHOUSE}.${quoteIdent(model.name)}`);
    await engine.run(`alter table ${aside} rename to ${quoteIdent(model.name)}`);
  }
}

/** Record the SQL each published incremental model was built from (inside the publish transaction). */
export async function recordModelBuilds(engine: Engine, models: ProductModels): Promise<void> {
  for (const model of models.models) {
    if (!model.incremental) continue;
    await engine.run(`delete from ${META}.model_builds where product = ? and model = ?`, [models.product, model.name]);
    await engine.run(`insert into ${META}.model_builds values (?, ?, ?)`, [models.product, model.name, modelFingerprint(model)]);
  }
}
