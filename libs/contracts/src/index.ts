export * from './types';
export * from './reason-codes';
export * from './rules';
import type { DataProductContract } from './types';

export function findEntityForFile(product: DataProductContract, fileName: string) {
  const base = fileName.toLowerCase();
  if (!base.endsWith('.csv')) return undefined;
  const stem = base.slice(0, -4);
  // Longest name first so `marketing_spend_2024.csv` never matches a shorter entity.
  const byLength = [...product.entities].sort((a, b) => b.name.length - a.name.length);
  return byLength.find((e) => stem === e.name || stem.startsWith(`${e.name}_`) || stem.startsWith(`${e.name}-`));
}
export { contractMarkdown, productCodesMarkdown, reasonCodesMarkdown } from './markdown';
export * from './warehouse';
export * from './layout';
export * from './parameters';
export * from './columns';
