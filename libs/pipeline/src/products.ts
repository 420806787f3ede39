import type { DataProductContract } from '@finlake/contracts';
import type { ProductModels } from '@finlake/models';
import { getProduct } from '@finlake/products';

/** A registered data product's contract and models. */
export function productFor(name: string): { contract: DataProductContract; models: ProductModels } {
  const product = getProduct(name);
  return { contract: product.contract, models: product.models() };
}
