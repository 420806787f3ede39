export * from './types';
export * from './reason-codes';
export * from './rules';
import type { DataProductContract } from './types';

/**
 * The one rule that maps a raw file to an entity: its name, in any case, is `<entity>.csv` or
 * `<entity>_<anything>.csv` or `<entity>-<anything>.csv`. The longest entity name wins, so
 * `marketing_spend_2024.csv` never matches a shorter entity.
 */
export function findEntityForFile(product: DataProductContract, fileName: string) {
  const base = fileName.toLowerCase();
  if (!base.endsWith('.csv')) return undefined;
  const stem = base.slice(0, -4);
  const byLength = [...product.entities].sort((a, b) => b.name.length - a.name.length);
  return byLength.find((e) => stem === e.name || stem.startsWith(`${e.name}_`) || stem.startsWith(`${e.name}-`));
}

/** findEntityForFile in words, for messages and docs. */
export const FILE_NAME_RULE = '`<entity>.csv`, `<entity>_<anything>.csv` or `<entity>-<anything>.csv` (e.g. transactions_2025-01.csv), in any case; only .csv files are read';

/** The file names a product expects, one per entity, in load order. */
export const expectedFileNames = (product: DataProductContract) => product.entities.map((e) => `${e.name}.csv`);

/**
 * The name a file that matches no entity was probably meant to have: hyphens or spaces for the
 * entity's underscores, a singular entity name, another extension (`marketing-spend.csv`,
 * `transaction_2025-01.csv`, `Transactions.xlsx`). The suggestion always matches by the rule.
 */
export function suggestFileName(product: DataProductContract, fileName: string): string | undefined {
  if (findEntityForFile(product, fileName)) return undefined;
  const dot = fileName.lastIndexOf('.');
  const stem = dot > 0 ? fileName.slice(0, dot) : fileName;
  const loose = stem.toLowerCase().replace(/[\s-]/g, '_');
  const byLength = [...product.entities].sort((a, b) => b.name.length - a.name.length);
  for (const entity of byLength) {
    for (const prefix of new Set([entity.name, entity.name.replace(/s$/, '')])) {
      if (loose !== prefix && !loose.startsWith(`${prefix}_`)) continue;
      const suggestion = `${entity.name}${stem.slice(prefix.length)}.csv`;
      if (findEntityForFile(product, suggestion) === entity) return suggestion;
    }
  }
  return undefined;
}
export { contractMarkdown, describeType, productCodesMarkdown, reasonCodesMarkdown } from './markdown';
export * from './warehouse';
export * from './layout';
export * from './parameters';
export * from './columns';
