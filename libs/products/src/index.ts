export * from './types';
export { registerProduct, unregisterProduct, getProduct, findProduct, productNames, allProducts } from './registry';
export { loadProductFolder } from './folder';
export { resolveProduct, type ResolvedProduct } from './resolve';
export { glueChecks, glueContract, partitionColumn, renderGlueContract, sparkType } from './glue-contract';
export { ledgerSecurity, GL_FACT_WITHOUT_DESCRIPTION } from './ledger/security';
export { commerce, commerceReport, commerceContract, commerceModels, generateCommerce, BAD_ROW_KINDS, HOSTILE_PRODUCT_NAME, COMMERCE_CHANNELS, COMMERCE_CURRENCIES } from './commerce';
export { ledger, ledgerContract, ledgerModels, generateLedger, generateLedgerIncrement, LEDGER_BAD_ROW_KINDS, LEDGER_BAD_KIND_REASONS, ACCOUNT_TYPES, BUDGET_SCENARIOS, LEDGER_CURRENCY } from './ledger';
export { balances, balancesContract, balancesModels, balanceAsOf, parseAsOf, generateBalances, generateBalancesIncrement, BALANCES_BAD_KINDS, TRANSACTION_TYPES, TRANSACTION_STATUSES, BALANCES_CURRENCY } from './balances';
