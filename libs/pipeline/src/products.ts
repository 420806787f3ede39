import type { DataProductContract } from '@finlake/contracts';
import type { ProductModels } from '@finlake/models';
import { getProduct, resolveProduct, type ResolvedProduct } from '@finlake/products';

/** A registered data product's contract and models, its parameters filled (see resolveProduct). */
export function productFor(name: string, overrides: Readonly<Record<string, string>> = {}): { contract: DataProductContract; models: ProductModels; parameters: Record<string, string>; tableSecurity: ResolvedProduct['tableSecurity'] } {
  const { contract, models, parameters, tableSecurity } = resolveProduct(getProduct(name), overrides);
  return { contract, models: models(), parameters, tableSecurity };
}
