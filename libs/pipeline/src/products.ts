import { dataProducts, type DataProductContract } from '@finlake/contracts';
import { UsageError } from '@finlake/errors';
import { modelsFor, type ProductModels } from '@finlake/models';

/** A registered data product: its contract and its models. */
export function productFor(name: string): { contract: DataProductContract; models: ProductModels } {
  const contract = dataProducts[name];
  const models = modelsFor(name);
  if (!contract || !models) throw new UsageError(`Unknown data product "${name}". Known products: ${Object.keys(dataProducts).join(', ')}.`);
  return { contract, models };
}
