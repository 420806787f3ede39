/**
 * The Redshift layout (distribution and sort keys) of every table the DDL creates. Products declare
 * theirs next to the table's definition — the entity contract (`redshift`), the key map, the
 * model's yml (`redshift:`) — and what is not declared gets the defaults below; the shared meta
 * tables keep theirs in META_LAYOUT. Nothing here names a product's table.
 */
import type { EntityContract, TableLayout } from '@finlake/contracts';
import type { KeyMap, Model } from '@finlake/models';

/** The shared run records (`meta`): a few rows per run, except the quarantine. */
export const META_LAYOUT: Readonly<Record<string, TableLayout>> = {
  runs: { dist: 'all', sort: ['started_at'], why: 'one row per run' },
  ledger: { dist: 'all', sort: ['ledger_id'], why: 'one row per file per run' },
  gate_results: { dist: 'all', sort: ['run_id'], why: 'a few dozen rows per run' },
  model_builds: { dist: 'all', sort: ['model'], why: 'one row per incremental model' },
  quarantine: { dist: 'even', sort: ['batch_id', 'line_number'], why: 'grows with bad rows; read by batch' },
};

export function metaLayout(table: string): TableLayout {
  const layout = META_LAYOUT[table];
  if (!layout) throw new Error(`No Redshift layout for meta.${table}: add it to META_LAYOUT in libs/procedures/src/layouts.ts`);
  return layout;
}

/**
 * A staging table's layout: the contract's, else from the load mode. Upsert entities are reference
 * data (one row per key, replaced in place): `all`, sorted on the key, so every build joins them
 * without moving rows. Append entities are facts that grow with every batch: `auto` (Redshift keeps
 * a small table on every node and moves it to even distribution as it grows), sorted on their first
 * date or timestamp column, so date ranges skip blocks.
 */
export function entityLayout(entity: EntityContract): TableLayout {
  if (entity.redshift) return entity.redshift;
  if (entity.loadMode === 'upsert') return { dist: 'all', sort: entity.key, why: 'reference data (upsert, by default): a copy per node, sorted on its key' };
  const date = entity.columns.find((c) => c.type.kind === 'date' || c.type.kind === 'timestamp')?.name;
  return { dist: 'auto', ...(date ? { sort: [date] } : {}), why: `facts (append, by default): Redshift picks the distribution as the table grows${date ? `; sorted on ${date} so date ranges skip blocks` : ''}` };
}

/** A key map's layout: its own, else `all` sorted on natural_key (looked up by natural key from every build). */
export function keyMapLayout(keyMap: KeyMap): TableLayout {
  return keyMap.redshift ?? { dist: 'all', sort: ['natural_key'], why: 'key map (by default): a copy per node, looked up by natural key' };
}

/**
 * A published model's layout: its yml's, else `auto` sorted on the model's key. `auto` because a
 * wrong `all` copies a large table to every node and a wrong distribution key skews it, while
 * Redshift's automatic style starts small tables as `all` and moves them to `even` as they grow;
 * declare a layout when a join key or a date is known to matter.
 */
export function modelLayout(model: Model): TableLayout {
  return model.redshift ?? { dist: 'auto', sort: [...model.key], why: 'no layout declared: Redshift picks the distribution; sorted on the key' };
}
