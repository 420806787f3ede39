import type { EntityContract } from '@finlake/contracts';
import { quoteIdent } from '@finlake/engine';

/** `a.k` equals `b.k`, NULL matching NULL; written so an engine still hashes a join on the other columns. */
const equalOrBothNull = (k: string, a: string, b: string) => {
  const [x, y] = [`${a}.${quoteIdent(k)}`, `${b}.${quoteIdent(k)}`];
  return `(${x} = ${y} or (${x} is null and ${y} is null))`;
};

/**
 * Rows `a` and `b` have the same natural key. An optional key column matches NULL to NULL (an
 * event's anonymous user).
 */
export function sameKey(entity: EntityContract, a: string, b: string): string {
  return entity.key
    .map((k) => (entity.columns.find((c) => c.name === k)?.required === false ? equalOrBothNull(k, a, b) : `${a}.${quoteIdent(k)} = ${b}.${quoteIdent(k)}`))
    .join(' and ');
}

/** Rows `a` and `b` agree on every column of `columns`, NULL matching NULL (a group with an empty location). */
export function sameValues(columns: readonly string[], a: string, b: string): string {
  return columns.map((k) => equalOrBothNull(k, a, b)).join(' and ');
}
