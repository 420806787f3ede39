export * from './types';
export { commerceModels } from './commerce';
export { sqlType } from './sql-types';
import { commerceModels } from './commerce';
import type { ProductModels } from './types';

const byProduct: Record<string, () => ProductModels> = { commerce: commerceModels };

/** The models of a data product, or undefined when finlake has none for it. */
export function modelsFor(product: string): ProductModels | undefined {
  return byProduct[product]?.();
}
