import { createHash } from 'node:crypto';
import { quoteIdent, quoteString, renderSql, type Engine } from '@finlake/engine';
import type { Model, ProductModels } from '@finlake/models';
import { META, STAGING, WAREHOUSE } from './schema';

/** Tables are built aside under this suffix and swapped into place at publish. */
export const ASIDE = '__new';

/**
 * How each model is built in a run. Models not listed are rebuilt aside (`<name>__new`) and swapped
 * in at publish; an appended model gains the rows of the run's new batches in its published
 * table, inside the publish transaction.
 */
export interface BuildPlan {
  /** Appended models → the run's new batch ids of their source. */
  readonly appended: ReadonlyMap<string, readonly string[]>;
}

export const FULL_BUILD: BuildPlan = { appended: new Map() };

/** The table a model is built into in this run. */
export function buildTarget(model: string, plan: BuildPlan = FULL_BUILD): string {
  return `${WAREHOUSE}.${quoteIdent(plan.appended.has(model) ? model : `${model}${ASIDE}`)}`;
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
 * Decide which incremental models can be appended to: the published table exists, was built from
 * the same SQL, and the run staged only new batches of its source (none into `rebuildOn`).
 */
export async function planBuild(engine: Engine, models: ProductModels, stagedBatches: ReadonlyMap<string, readonly string[]>): Promise<BuildPlan> {
  const appended = new Map<string, string[]>();
  const built = new Map(
    (await engine.query<{ model: string; fingerprint: string }>(`select model, fingerprint from ${META}.model_builds where product = ?`, [models.product])).map((r) => [r.model, r.fingerprint]),
  );
  const tables = new Set((await engine.query<{ table_name: string }>(`select table_name from information_schema.tables where table_schema = ?`, [WAREHOUSE])).map((r) => r.table_name));
  for (const model of models.models) {
    const spec = model.incremental;
    if (!spec || !tables.has(model.name) || built.get(model.name) !== modelFingerprint(model)) continue;
    if (spec.rebuildOn.some((source) => (stagedBatches.get(source) ?? []).length > 0)) continue;
    appended.set(model.name, [...(stagedBatches.get(spec.source) ?? [])]);
  }
  return { appended };
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
    const batches = staged.get(source) ?? [];
    const where = batches.length === 0 ? 'false' : `batch_id in (${batches.map(quoteString).join(', ')})`;
    await engine.run(`create or replace temp view ${view} as select * from ${STAGING}.${quoteIdent(source)} where ${where}`);
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

/** Build every model, in order: aside into `<name>__new`, or appended to in place per the plan. */
export async function buildAside(engine: Engine, models: ProductModels, onModel?: (name: string) => void, plan: BuildPlan = FULL_BUILD): Promise<void> {
  for (const model of models.models) {
    onModel?.(model.name);
    const target = buildTarget(model.name, plan);
    const newBatches = plan.appended.get(model.name);
    if (newBatches) {
      if (newBatches.length === 0) continue;
      // The source, narrowed to the run's new batches, read under its own name.
      const source = model.incremental!.source;
      await withRunRows(engine, [source], new Map([[source, newBatches]]), (views) =>
        engine.run(`insert into ${target} select * from (${renderForBuild(engine, model.sql, plan, views)}) as new_rows`),
      );
      continue;
    }
    await engine.run(`drop table if exists ${target}`);
    await engine.run(`create table ${target} as ${renderForBuild(engine, model.sql, plan)}`);
  }
}

/** Swap the built tables into place (call inside the publish transaction); intermediate tables are dropped. */
export async function swapIntoPlace(engine: Engine, models: ProductModels, plan: BuildPlan = FULL_BUILD): Promise<void> {
  for (const model of models.models) {
    if (plan.appended.has(model.name)) continue;
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
