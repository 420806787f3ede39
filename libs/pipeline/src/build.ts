import { createHash } from 'node:crypto';
import { quoteIdent, renderSql, type Engine } from '@finlake/engine';
import { refsOf, type Model, type ProductModels } from '@finlake/models';
import { buildStrategyModel } from './strategies';
import { tableColumns } from './strategies/common';
import { inStaging, inWarehouse, META, productSchemas } from './schema';
import { addedKeys, addedRows, asideTable, nextKeyMap, nextModel, partitionSource, touchedPartitions, touchedSource as touchedView } from './temp-names';

/**
 * How each model is built in a run. Models not listed in `inPlace` are rebuilt aside
 * (`<name>__new`) and swapped in at publish. An incremental model listed there keeps its published
 * table: the rows the run adds are built aside (`<name>__add`, see addedRows) and applied at
 * publish; until then the run reads the model through a view of the table as it will be.
 *
 * `sources` and `runRows` let a run read its staging tables and key maps as they will be after
 * it publishes, before it changes them: the heavy work then reads committed tables only.
 */
export interface BuildPlan {
  /** The product whose staging and warehouse schemas the models read and write. */
  readonly product: string;
  /** Models built in place. */
  readonly inPlace: ReadonlySet<string>;
  /** Source name (staging table or key map) → the relation models read for it (default: the table itself). */
  readonly sources: ReadonlyMap<string, string>;
  /** Source name → the rows the run adds to it (what in-place models and key maps build from). */
  readonly runRows: ReadonlyMap<string, string>;
  /** `sum` models built aside from their published sums plus the sums of the rows the run appends to their source. */
  readonly summed: ReadonlySet<string>;
  /** Append-only sources → their parts as the run will leave them: the staged rows, the run's rows. */
  readonly appendedSources: ReadonlyMap<string, readonly string[]>;
}

/** Every model rebuilt aside from staging as it is. */
export const fullBuild = (product: string): BuildPlan => ({ product, inPlace: new Set(), sources: new Map(), runRows: new Map(), summed: new Set(), appendedSources: new Map() });

/** The table (or view) a model is read from in this run: built aside, or as an in-place model will be. */
export function buildTarget(model: string, plan: BuildPlan): string {
  return plan.inPlace.has(model) ? nextModel(model) : asideTable(plan.product, model);
}

/**
 * Render model SQL for the engine: sources as the plan maps them (default: staging), refs the
 * tables built in this run; `sources` and `refs` override single names.
 */
export function renderForBuild(
  engine: Engine,
  sql: string,
  plan: BuildPlan,
  sources: ReadonlyMap<string, string> = plan.sources,
  refs: ReadonlyMap<string, string> = new Map(),
): string {
  return renderSql(sql, engine.dialect, (kind, name) =>
    kind === 'ref' ? (refs.get(name) ?? buildTarget(name, plan)) : (sources.get(name) ?? inStaging(plan.product, name)),
  );
}

/**
 * What a model's published rows depend on: its SQL as written and that of every model it reads,
 * directly or not (a changed fiscal calendar re-dates the marts built from it). A change forces a
 * full rebuild.
 */
export function modelFingerprint(model: Model, models: readonly Model[]): string {
  const byName = new Map(models.map((m) => [m.name, m]));
  const read = new Set<string>();
  const visit = (m: Model) => {
    for (const name of refsOf(m.sql)) {
      const upstream = byName.get(name);
      if (upstream && !read.has(name)) { read.add(name); visit(upstream); }
    }
  };
  visit(model);
  const hash = createHash('sha256').update(model.sql);
  for (const name of [...read].sort()) hash.update(`\0${name}\0${byName.get(name)!.sql}`);
  return hash.digest('hex').slice(0, 16);
}

/**
 * SQL true for the rows of an in-place model (alias `alias`) a run replaces: of a merged model, those
 * whose merge key the run's new rows of its source hold; of a partition model, those of the
 * partitions the run touches.
 */
export function touchedRows(model: Model, plan: BuildPlan, alias: string): string {
  const spec = model.incremental!;
  if (spec.strategy === 'partition') {
    const column = quoteIdent(spec.partitionBy);
    return `${alias}.${column} in (select parts.${column} from ${touchedPartitions(model.name)} as parts)`;
  }
  if (spec.strategy !== 'merge') throw new Error(`${model.name} replaces no rows (${spec.strategy})`);
  const key = quoteIdent(spec.mergeKey);
  return `${alias}.${key} in (select run_rows.${key} from ${runRowsOf(plan, spec.source)} as run_rows)`;
}

/** An in-place model replaces rows (merge, partition) rather than only adding them (append). */
const replacesRows = (model: Model): boolean => model.incremental?.strategy === 'merge' || model.incremental?.strategy === 'partition';

function runRowsOf(plan: BuildPlan, source: string): string {
  const rows = plan.runRows.get(source);
  if (!rows) throw new Error(`No run rows for ${source}: the plan does not stage it`);
  return rows;
}

/**
 * Decide which incremental models are built in place: the published table exists, was built from
 * the same SQL, and the run staged no batch into a table of `rebuildOn`. `staged` maps staging
 * tables to the run's batch ids; `sources` and `runRows` are the run's views (see BuildPlan).
 */
export async function planBuild(
  engine: Engine,
  models: ProductModels,
  staged: ReadonlyMap<string, readonly string[]>,
  views: Pick<BuildPlan, 'sources' | 'runRows' | 'appendedSources'> = fullBuild(models.product),
): Promise<BuildPlan> {
  const inPlace = new Set<string>();
  const built = new Map(
    (await engine.query<{ model: string; fingerprint: string }>(`select model, fingerprint from ${META}.model_builds where product = ?`, [models.product])).map((r) => [r.model, r.fingerprint]),
  );
  const tables = new Set((await engine.query<{ table_name: string }>(`select table_name from information_schema.tables where table_schema = ?`, [productSchemas(models.product).warehouse])).map((r) => r.table_name));
  const summed = new Set<string>();
  for (const model of models.models) {
    const spec = model.incremental;
    if (!spec || !tables.has(model.name) || built.get(model.name) !== modelFingerprint(model, models.models)) continue;
    if (spec.rebuildOn.some((source) => (staged.get(source) ?? []).length > 0)) continue;
    if (spec.strategy === 'sum') {
      // Sums add up only over rows that were appended: a source rebuilt or merged is summed again.
      const source = models.models.find((m) => m.name === spec.source);
      if (inPlace.has(spec.source) && source?.incremental?.strategy === 'append') summed.add(model.name);
      continue;
    }
    if (spec.strategy === 'partition') {
      // Each source must tell the rows the run adds to it: a staging table, or a model built in place.
      const told = (source: string) => views.runRows.has(source) || (inPlace.has(source) && PARTITION_SOURCES.has(models.models.find((m) => m.name === source)?.incremental?.strategy ?? ''));
      if (spec.sources.every(told)) inPlace.add(model.name);
      continue;
    }
    if (views.runRows.has(spec.source)) inPlace.add(model.name);
  }
  return { product: models.product, inPlace, sources: new Map(views.sources), runRows: new Map(views.runRows), summed, appendedSources: new Map(views.appendedSources) };
}

/** The strategies of in-place models whose added rows are all a partition model needs of them: rows are only added. */
const PARTITION_SOURCES = new Set(['append', 'partition']);

/** The next surrogate keys for the natural keys of `naturalKeys` not yet in the key map `table`. */
function newKeysSql(engine: Engine, product: string, table: string, naturalKeys: string, sources: ReadonlyMap<string, string>): string {
  return `select n.natural_key, (select coalesce(max(surrogate_key), 0) from ${table}) + row_number() over (order by n.natural_key) as surrogate_key
     from (select distinct natural_key from (${renderForBuild(engine, naturalKeys, fullBuild(product), sources)}) as s where natural_key is not null) as n
     where not exists (select 1 from ${table} as k where k.natural_key = n.natural_key)`;
}

/** Give every new natural key of the staging tables the next surrogate key; existing keys never change. */
export async function updateKeyMaps(engine: Engine, models: ProductModels): Promise<void> {
  for (const keyMap of models.keyMaps) {
    const table = inStaging(models.product, keyMap.name);
    await engine.run(`insert into ${table} (natural_key, surrogate_key) ${newKeysSql(engine, models.product, table, keyMap.naturalKeys, new Map())}`);
  }
}

/**
 * The keys a run adds to each key map, from the run's new rows only (every key staged before was
 * given its surrogate key by the run that staged it), kept aside until publish; the plan's models
 * read each key map with its new keys.
 */
export async function planKeys(engine: Engine, models: ProductModels, plan: BuildPlan): Promise<BuildPlan> {
  const sources = new Map(plan.sources);
  for (const keyMap of models.keyMaps) {
    const table = inStaging(models.product, keyMap.name);
    const added = addedKeys(keyMap.name);
    const next = nextKeyMap(keyMap.name);
    // The key map's own column type: the new keys are read together with the old ones.
    await engine.run(
      `drop table if exists ${added}; create temp table ${added} as select natural_key, cast(surrogate_key as integer) as surrogate_key from (${newKeysSql(engine, models.product, table, keyMap.naturalKeys, plan.runRows)}) as k`,
    );
    await engine.run(`create or replace temp view ${next} as select natural_key, surrogate_key from ${table} union all select natural_key, surrogate_key from ${added}`);
    sources.set(keyMap.name, next);
  }
  return { ...plan, sources };
}

/** Add the keys planned aside to the key maps (inside the publish transaction). */
export async function publishKeys(engine: Engine, models: ProductModels): Promise<void> {
  for (const keyMap of models.keyMaps) {
    await engine.run(`insert into ${inStaging(models.product, keyMap.name)} (natural_key, surrogate_key) select natural_key, surrogate_key from ${addedKeys(keyMap.name)}`);
  }
}

/** Build every model, in order: aside into `<name>__new`, or its added rows per the plan. */
export async function buildAside(engine: Engine, models: ProductModels, onModel?: (name: string) => void, plan: BuildPlan = fullBuild(models.product)): Promise<void> {
  for (const model of models.models) {
    onModel?.(model.name);
    if (plan.inPlace.has(model.name)) {
      await buildAdded(engine, model, plan);
      continue;
    }
    const target = buildTarget(model.name, plan);
    await engine.run(`drop table if exists ${target}`);
    if (model.strategy) { await buildStrategyModel(engine, plan.product, model, target, renderForBuild(engine, model.sql, plan)); continue; }
    if (plan.summed.has(model.name)) await buildSummed(engine, model, target, plan);
    else await engine.run(`create table ${target} as ${renderForBuild(engine, model.sql, plan)}`);
  }
}

/**
 * A `sum` model from its published rows and the model run over the rows the run appends to its
 * source, added up per key: the same table as summing the whole source, without reading it.
 */
async function buildSummed(engine: Engine, model: Model, target: string, plan: BuildPlan): Promise<void> {
  const spec = model.incremental!;
  if (spec.strategy !== 'sum') throw new Error(`${model.name} is not a sum model`);
  const source = spec.source;
  const published = inWarehouse(plan.product, model.name);
  const columns = await tableColumns(engine, { schema: productSchemas(plan.product).warehouse, table: model.name });
  const added = renderForBuild(engine, model.sql, plan, plan.sources, new Map([[source, addedRows(source)]]));
  const key = model.key.map(quoteIdent);
  const select = columns.map((c) => (model.key.includes(c) ? quoteIdent(c) : `sum(${quoteIdent(c)})`));
  // The published table's column types: sums of the new rows are added to them, not widened.
  await engine.run(`create table ${target} as select * from ${published} where false`);
  await engine.run(
    `insert into ${target} select ${select.join(', ')} from (select * from ${published} union all select * from (${added}) as added_rows) as s group by ${key.join(', ')}`,
  );
}

/**
 * The rows a run adds to an in-place model: those built from the new rows of its source
 * (append), or the recomputed rows of every key those rows touch, from all source rows of those
 * keys (merge). The model's view shows the published rows with them applied.
 */
async function buildAdded(engine: Engine, model: Model, plan: BuildPlan): Promise<void> {
  const spec = model.incremental!;
  const published = inWarehouse(plan.product, model.name);
  const added = addedRows(model.name);
  let rows: string;
  if (spec.strategy === 'append') {
    rows = renderForBuild(engine, model.sql, plan, new Map([...plan.sources, [spec.source, runRowsOf(plan, spec.source)]]));
  } else if (spec.strategy === 'partition') {
    rows = await partitionRows(engine, model, plan);
  } else if (spec.strategy === 'merge') {
    // Every source row (as the run will leave the source) of the touched keys, read under the source's name.
    const source = plan.sources.get(spec.source) ?? inStaging(plan.product, spec.source);
    const touched = touchedView(spec.source);
    await engine.run(`create or replace temp view ${touched} as select * from ${source} as s where ${touchedRows(model, plan, 's')}`);
    rows = renderForBuild(engine, model.sql, plan, new Map([...plan.sources, [spec.source, touched]]));
  } else {
    throw new Error(`${model.name}: a sum model is never built in place`);
  }
  // The published rows the run keeps: those publishInPlace does not delete.
  const kept = replacesRows(model) ? `select * from ${published} as p where not (${touchedRows(model, plan, 'p')})` : `select * from ${published}`;
  await engine.run(`drop table if exists ${added}; create temp table ${added} as select * from (${rows}) as added_rows`);
  await engine.run(`create or replace temp view ${nextModel(model.name)} as ${kept} union all select * from ${added}`);
}

/**
 * A partition model's rows of the partitions the run touches: the partition values of the rows the
 * run adds to its sources (kept as `<model>__parts`), and the model run over every source row of
 * those partitions, each source read under its own name through a filtered view.
 */
async function partitionRows(engine: Engine, model: Model, plan: BuildPlan): Promise<string> {
  const spec = model.incremental!;
  if (spec.strategy !== 'partition') throw new Error(`${model.name} is not partitioned`);
  const column = quoteIdent(spec.partitionBy);
  const isModel = (source: string) => plan.inPlace.has(source);
  const added = spec.sources.map((source) => `select ${column} from ${isModel(source) ? addedRows(source) : runRowsOf(plan, source)}`);
  const parts = touchedPartitions(model.name);
  await engine.run(`drop table if exists ${parts}; create temp table ${parts} as select distinct ${column} from (${added.join(' union all ')}) as added_rows where ${column} is not null`);
  const sources = new Map(plan.sources);
  const refs = new Map<string, string>();
  for (const source of spec.sources) {
    const view = partitionSource(model.name, source);
    const all = isModel(source) ? buildTarget(source, plan) : (plan.sources.get(source) ?? inStaging(plan.product, source));
    await engine.run(`create or replace temp view ${view} as select * from ${all} as s where ${touchedRows(model, plan, 's')}`);
    (isModel(source) ? refs : sources).set(source, view);
  }
  return renderForBuild(engine, model.sql, plan, sources, refs);
}

/** Apply the rows built aside to the in-place models (inside the publish transaction). */
export async function publishInPlace(engine: Engine, models: ProductModels, plan: BuildPlan): Promise<void> {
  for (const model of models.models) {
    if (!plan.inPlace.has(model.name)) continue;
    const published = inWarehouse(models.product, model.name);
    if (replacesRows(model)) await engine.run(`delete from ${published} where ${touchedRows(model, plan, published)}`);
    await engine.run(`insert into ${published} select * from ${addedRows(model.name)}`);
  }
}

/** Swap the built tables into place (call inside the publish transaction); intermediate tables are dropped. */
export async function swapIntoPlace(engine: Engine, models: ProductModels, plan: BuildPlan = fullBuild(models.product)): Promise<void> {
  for (const model of models.models) {
    if (plan.inPlace.has(model.name)) continue;
    const aside = asideTable(models.product, model.name);
    if (!model.published) {
      await engine.run(`drop table if exists ${aside}`);
      continue;
    }
    await engine.run(`drop table if exists ${inWarehouse(models.product, model.name)}`);
    await engine.run(`alter table ${aside} rename to ${quoteIdent(model.name)}`);
  }
}

/** Record the SQL each published incremental model was built from (inside the publish transaction). */
export async function recordModelBuilds(engine: Engine, models: ProductModels): Promise<void> {
  for (const model of models.models) {
    if (!model.incremental) continue;
    await engine.run(`delete from ${META}.model_builds where product = ? and model = ?`, [models.product, model.name]);
    await engine.run(`insert into ${META}.model_builds values (?, ?, ?)`, [models.product, model.name, modelFingerprint(model, models.models)]);
  }
}
