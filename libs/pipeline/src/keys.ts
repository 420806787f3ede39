import type { EntityContract } from '@finlake/contracts';
import { quoteIdent } from '@finlake/engine';

/**
 * Rows `a` and `b` have the same natural key. An optional key column matches NULL to NULL (an
 * event's anonymous user): written so an engine still hashes the join on the other columns.
 */
export function sameKey(entity: EntityContract, a: string, b: string): string {
  return entity.key
    .map((k) => {
      const [x, y] = [`${a}.${quoteIdent(k)}`, `${b}.${quoteIdent(k)}`];
      return entity.columns.find((c) => c.name === k)?.required === false ? `(${x} = ${y} or (${x} is null and ${y} is null))` : `${x} = ${y}`;
    })
    .join(' and ');
}

/** Rows `a` and `b` agree on every column of `columns`, NULL matching NULL (a group with an empty location). */
export function sameValues(columns: readonly string[], a: string, b: string): string {
  return columns
    .map((k) => {
      const [x, y] = [`${a}.${quoteIdent(k)}`, `${b}.${quoteIdent(k)}`];
      return `(${x} = ${y} or (${x} is null and ${y} is null))`;
    })
    .join(' and ');
}
