/** Test helpers of the products (exported as @finlake/products/testing). */
export { commerceReportSample } from './sample';
export { TOY_LEDGER, toyLedgerYml, writeToyLedger } from './toy-ledger';
