import { quoteIdent, renderSql, type Engine } from '@finlake/engine';
import type { ProductModels } from '@finlake/models';
import { STAGING, WAREHOUSE } from './schema';

/** Tables are built aside under this suffix and swapped into place at publish. */
export const ASIDE = '__new';

/** Render model SQL for the engine: sources are staging tables, refs the tables built aside. */
export function renderForBuild(engine: Engine, sql: string): string {
  return renderSql(sql, engine.dialect, (kind, name) =>
    kind === 'source' ? `${STAGING}.${quoteIdent(name)}` : `${WAREHOUSE}.${quoteIdent(`${name}${ASIDE}`)}`,
  );
}

/** Give every new natural key the next surrogate key; existing keys never change. */
export async function updateKeyMaps(engine: Engine, models: ProductModels): Promise<void> {
  for (const keyMap of models.keyMaps) {
    const table = `${STAGING}.${quoteIdent(keyMap.name)}`;
    await engine.run(
      `insert into ${table} (natural_key, surrogate_key)
       select n.natural_key, (select coalesce(max(surrogate_key), 0) from ${table}) + row_number() over (order by n.natural_key)
       from (select distinct natural_key from (${renderForBuild(engine, keyMap.naturalKeys)}) as s where natural_key is not null) as n
       where not exists (select 1 from ${table} as k where k.natural_key = n.natural_key)`,
    );
  }
}

/** Build every model into `<name>__new`, in order. */
export async function buildAside(engine: Engine, models: ProductModels, onModel?: (name: string) => void): Promise<void> {
  for (const model of models.models) {
    onModel?.(model.name);
    const target = `${WAREHOUSE}.${quoteIdent(`${model.name}${ASIDE}`)}`;
    await engine.run(`drop table if exists ${target}`);
    await engine.run(`create table ${target} as ${renderForBuild(engine, model.sql)}`);
  }
}

/** Swap the built tables into place (call inside the publish transaction); intermediate tables are dropped. */
export async function swapIntoPlace(engine: Engine, models: ProductModels): Promise<void> {
  for (const model of models.models) {
    const aside = `${WAREHOUSE}.${quoteIdent(`${model.name}${ASIDE}`)}`;
    if (!model.published) {
      await engine.run(`drop table if exists ${aside}`);
      continue;
    }
    await engine.run(`drop table if exists ${WAREHOUSE}.${quoteIdent(model.name)}`);
    await engine.run(`alter table ${aside} rename to ${quoteIdent(model.name)}`);
  }
}
