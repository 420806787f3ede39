export * from './types';
export { registerProduct, unregisterProduct, getProduct, findProduct, productNames, allProducts } from './registry';
export { loadProductFolder } from './folder';
export { commerce, commerceContract, commerceModels, COMMERCE_CHANNELS, COMMERCE_CURRENCIES } from './commerce';
