/** Deterministic, streaming synthetic commerce files (products, COGS changes, marketing spend, transactions). */
export { generateCommerce } from './generate';
export type { GenerateOptions, GenerateResult, GeneratedFile } from './generate';
export { BAD_ROW_KINDS } from './bad-rows';
export { HOSTILE_PRODUCT_NAME } from './catalog';
