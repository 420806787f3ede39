/** Test helpers of the products (exported as @finlake/products/testing). */
import { join } from 'node:path';
export { commerceReportSample } from './sample';
export { TOY_LEDGER, toyLedgerYml, writeToyLedger } from './toy-ledger';
/** The hand-computed commerce fixture: every figure the golden tests expect is worked out by hand from these files. */
export const COMMERCE_GOLDEN = join(__dirname, '..', 'src', 'commerce', 'fixtures', 'golden');
/** The seed repository's own sample (transactions.csv and budget.csv as published) with the two masters: fixture A-1. */
export const LEDGER_SEED = join(__dirname, '..', 'src', 'ledger', 'fixtures', 'seed');
