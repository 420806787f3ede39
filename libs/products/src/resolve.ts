import { contractWithParameters, fillParameters, resolveParameters, type DataProductContract } from '@finlake/contracts';
import type { ProductModels } from '@finlake/models';
import type { DataProduct } from './types';

export interface ResolvedProduct {
  contract: DataProductContract;
  models: () => ProductModels;
  parameters: Record<string, string>;
}

/**
 * A product with its parameters (defaults, or `overrides`) filled into rule conditions and model
 * SQL: what every driver runs, renders or deploys. A model's fingerprint is that of its SQL as
 * filled, so a changed parameter rebuilds the models that read it.
 */
export function resolveProduct(product: Pick<DataProduct, 'contract' | 'models'>, overrides: Readonly<Record<string, string>> = {}): ResolvedProduct {
  const parameters = resolveParameters(product.contract, overrides);
  return {
    contract: contractWithParameters(product.contract, parameters),
    models: () => {
      const models = product.models();
      return { ...models, models: models.models.map((m) => ({ ...m, sql: fillParameters(m.sql, parameters) })) };
    },
    parameters,
  };
}
