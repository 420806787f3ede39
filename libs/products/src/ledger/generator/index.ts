/** Deterministic, streaming synthetic general-ledger files: masters, fx rates, GL lines and budget. */
export { generateLedger } from './generate';
export type { LedgerGenerateOptions, LedgerGenerateResult } from './generate';
export { generateLedgerIncrement } from './increment';
export { BAD_KIND_REASONS, BAD_ROW_KINDS, BUDGET_BAD_KINDS, TRANSACTION_BAD_KINDS } from './bad-rows';
export type { LedgerBadKind } from './bad-rows';
export { LEDGER_ENTITIES, LEDGER_HEADERS } from './columns';
export { BENCH_ACCOUNTS, BENCH_DEPARTMENTS, BENCH_LINES, DEFAULT_MONTHS, ledgerShape } from './shape';
export type { LedgerShape } from './shape';
