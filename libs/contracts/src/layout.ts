/**
 * How Amazon Redshift spreads a table over its slices and orders its blocks (distribution and sort
 * keys). A contract entity, a key map and a model may each declare one (`redshift:` in yml); what
 * is not declared gets the documented default of @finlake/procedures (`libs/procedures/src/layouts.ts`).
 */
export interface TableLayout {
  /** `all`: a copy on every node (small tables joined from everywhere); `even`: round robin; `auto`: Redshift chooses and adapts; `{ key }`: co-locate joins on that column. */
  readonly dist: 'all' | 'even' | 'auto' | { readonly key: string };
  readonly sort?: readonly string[];
  /** Why, for the DDL comment. */
  readonly why: string;
}

const DIST_STYLES = ['all', 'even', 'auto'] as const;

/**
 * A `redshift:` block as written in yml (`dist: all | even | auto | { key: col }`, `sort: [..]`,
 * `why: '...'`), validated; `where` names the file and table in the error.
 */
export function tableLayout(where: string, raw: unknown): TableLayout {
  const fail = (problem: string) => new Error(`${where}: redshift ${problem}`);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw fail('is a map with dist, sort and why');
  const { dist, sort, why, ...rest } = raw as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length) throw fail(`has unknown field(s) ${unknown.join(', ')} (dist, sort, why)`);
  let parsedDist: TableLayout['dist'];
  if (typeof dist === 'string' && (DIST_STYLES as readonly string[]).includes(dist)) parsedDist = dist as (typeof DIST_STYLES)[number];
  else if (dist && typeof dist === 'object' && !Array.isArray(dist) && Object.keys(dist).join() === 'key' && typeof (dist as { key: unknown }).key === 'string') parsedDist = { key: (dist as { key: string }).key };
  else throw fail(`dist is all, even, auto or { key: <column> }, not ${JSON.stringify(dist)}`);
  if (sort !== undefined && !(Array.isArray(sort) && sort.every((s) => typeof s === 'string'))) throw fail('sort is a list of column names');
  if (typeof why !== 'string' || why.trim() === '') throw fail('needs a why (the reason, for the DDL comment)');
  return { dist: parsedDist, ...(sort === undefined ? {} : { sort: sort as string[] }), why: why.trim() };
}
