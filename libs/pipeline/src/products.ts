import type { DataProductContract } from '@finlake/contracts';
import type { ProductModels } from '@finlake/models';
import { getProduct, resolveProduct } from '@finlake/products';

/** A registered data product's contract and models, its parameters filled (see resolveProduct). */
export function productFor(name: string, overrides: Readonly<Record<string, string>> = {}): { contract: DataProductContract; models: ProductModels; parameters: Record<string, string> } {
  const { contract, models, parameters } = resolveProduct(getProduct(name), overrides);
  return { contract, models: models(), parameters };
}
