/** Deterministic, streaming synthetic data for the commerce data product. */
export { generateCommerce } from './generate';
export type { GenerateOptions, GenerateResult, GeneratedFile } from './generate';
export { BAD_ROW_KINDS } from './bad-rows';
export { HOSTILE_PRODUCT_NAME } from './catalog';
