import type { TableLayout } from '@finlake/contracts';

/**
 * `diststyle … [distkey (…)] [sortkey (…)]` for CREATE TABLE (also valid before AS in a CTAS).
 * Which layout a table has is declared with the product (contract, key maps, model yml) and
 * defaulted in @finlake/procedures; this only spells it in Redshift's syntax.
 */
export function layoutClause(layout: TableLayout): string {
  const dist = typeof layout.dist === 'string' ? `diststyle ${layout.dist}` : `diststyle key distkey (${layout.dist.key})`;
  return layout.sort?.length ? `${dist} sortkey (${layout.sort.join(', ')})` : dist;
}
