import { BUSINESS_TIME_ZONE, contractWithParameters, fillParameters, resolveParameters, type DataProductContract } from '@finlake/contracts';
import type { Dialect } from '@finlake/engine';
import type { Model, ProductModels } from '@finlake/models';
import { lookupsOf, renderPostgresTables } from '@finlake/security';
import type { DataProduct } from './types';

export interface ResolvedProduct {
  contract: DataProductContract;
  models: () => ProductModels;
  parameters: Record<string, string>;
  /**
   * What a publish applies again after it replaced tables (their grants and row-level security go
   * with them), on an engine where `finlake security apply` has been run: `appliedWhen` exists
   * then (the lookup table of the manifest's row policies). Undefined: nothing to keep.
   */
  tableSecurity?: (dialect: Dialect) => { appliedWhen: string; statements: string[] } | undefined;
}

/**
 * A product with its parameters (defaults, or `overrides`) filled into rule conditions and model
 * SQL: what every driver runs, renders or deploys. A model's fingerprint is that of its SQL as
 * filled, so a changed parameter rebuilds the models that read it.
 */
export function resolveProduct(product: Pick<DataProduct, 'contract' | 'models' | 'security'>, overrides: Readonly<Record<string, string>> = {}): ResolvedProduct {
  const parameters = resolveParameters(product.contract, overrides);
  return {
    contract: contractWithParameters(product.contract, parameters),
    models: () => {
      const models = product.models();
      const fill = (text: string) => fillParameters(text, parameters);
      // A cumulative table's `through` may read a parameter too (e.g. the as-of day of balances).
      const strategy = (m: Model): Model['strategy'] => (m.strategy?.kind === 'cumulative' && m.strategy.through !== undefined ? { ...m.strategy, through: fill(m.strategy.through) } : m.strategy);
      return { ...models, models: models.models.map((m) => ({ ...m, sql: fill(m.sql), ...(m.strategy && { strategy: strategy(m) }) })) };
    },
    parameters,
    ...(product.security && {
      tableSecurity: (dialect: Dialect) => {
        const lookup = lookupsOf(product.security!)[0];
        // Only PostgreSQL replays them; on Redshift `finlake security apply` runs after a publish (docs/security.md).
        return dialect.name === 'postgres' && lookup ? { appliedWhen: lookup.table, statements: renderPostgresTables(product.security!) } : undefined;
      },
    }),
  };
}

/** The time zone whose calendar days are the product's business days (its `business_time_zone` parameter's default), UTC without one. */
export function businessTimeZone(product: Pick<DataProduct, 'contract'>): string {
  return product.contract.parameters?.find((p) => p.name === BUSINESS_TIME_ZONE)?.default ?? 'UTC';
}
