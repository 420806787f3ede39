export * from './types';
export { registerProduct, unregisterProduct, getProduct, findProduct, productNames, allProducts } from './registry';
export { loadProductFolder } from './folder';
export { glueChecks, glueContract, partitionColumn, renderGlueContract, sparkType } from './glue-contract';
export { ledgerSecurity } from './ledger/security';
export { commerce, commerceReport, commerceContract, commerceModels, generateCommerce, BAD_ROW_KINDS, HOSTILE_PRODUCT_NAME, COMMERCE_CHANNELS, COMMERCE_CURRENCIES } from './commerce';
