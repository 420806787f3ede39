import { contractProblems, productSchemas, RESERVED_SCHEMAS } from '@finlake/contracts';
import { UsageError } from '@finlake/errors';
import { activity } from './activity';
import { actors } from './actors';
import { balances } from './balances';
import { commerce } from './commerce';
import { ledger } from './ledger';
import type { DataProduct } from './types';

const registry = new Map<string, DataProduct>([commerce, ledger, balances, activity, actors].map((p) => [p.name, p]));

/** Register a data product (a product folder loaded with loadProductFolder, or one defined in code). */
export function registerProduct(product: DataProduct): DataProduct {
  if (!/^[a-z][a-z0-9_]*$/.test(product.name)) throw new UsageError(`A data product name is lower-case letters, digits and underscores: "${product.name}".`);
  if (product.contract.name !== product.name) throw new UsageError(`Product ${product.name}: its contract is named "${product.contract.name}".`);
  const taken = Object.values(productSchemas(product.name)).filter((schema) => RESERVED_SCHEMAS.includes(schema) || allProducts().some((p) => p.name !== product.name && Object.values(productSchemas(p.name)).includes(schema)));
  if (taken.length) throw new UsageError(`Product ${product.name}: its schema name ${taken.join(', ')} is taken (see productSchemas in @finlake/contracts).`);
  const problems = contractProblems(product.contract);
  if (problems.length) throw new UsageError(`Product ${product.name}: its contract is inconsistent:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  registry.set(product.name, product);
  return product;
}

/** Remove a registered product (tests register throwaway products). */
export function unregisterProduct(name: string): void {
  registry.delete(name);
}

/** The registered product of that name; a clear error naming the known ones otherwise. */
export function getProduct(name: string): DataProduct {
  const product = registry.get(name);
  if (!product) throw new UsageError(`Unknown data product "${name}". Known products: ${productNames().join(', ')}.`);
  return product;
}

export const findProduct = (name: string): DataProduct | undefined => registry.get(name);
export const productNames = (): string[] => [...registry.keys()];
export const allProducts = (): DataProduct[] => [...registry.values()];
