/**
 * The ledger's raw files as the generator writes them: one file per entity, named after it, with
 * exactly the contract's headers in its order (typed here for the writers; a test holds them equal).
 */
import { ACCOUNT_TYPES, BUDGET_SCENARIOS, LEDGER_CURRENCY } from '../contract';

export const LEDGER_HEADERS = {
  accounts: ['AccountID', 'AccountName', 'AccountType', 'AccountSubType', 'ChartOfAccountsCategory', 'EffectiveFrom'],
  departments: ['DepartmentID', 'DepartmentName', 'BusinessUnit', 'CostCenter', 'EffectiveFrom'],
  fx_rates: ['Period', 'Currency', 'RateToReporting'],
  transactions: ['TransactionID', 'Date', 'DepartmentID', 'AccountID', 'Amount', 'Description', 'Currency'],
  budget: ['BudgetID', 'Period', 'DepartmentID', 'AccountID', 'BudgetAmount', 'Scenario', 'Version'],
} as const;

export type LedgerEntity = keyof typeof LEDGER_HEADERS;

/** Load order: masters and rates before the lines that refer to them. */
export const LEDGER_ENTITIES: readonly LedgerEntity[] = ['accounts', 'departments', 'fx_rates', 'transactions', 'budget'];

export const fileOf = (entity: LedgerEntity): string => `${entity}.csv`;

export type ColumnsOf<E extends LedgerEntity> = Record<(typeof LEDGER_HEADERS)[E][number], number>;

/** Field position of each header of `entity`. */
export function columnsOf<E extends LedgerEntity>(entity: E): ColumnsOf<E> {
  const index: Record<string, number> = {};
  LEDGER_HEADERS[entity].forEach((h, i) => (index[h] = i));
  return index as ColumnsOf<E>;
}

export { ACCOUNT_TYPES };
export type AccountType = (typeof ACCOUNT_TYPES)[number];

/** +1 for debit-normal accounts (Expense, Asset), -1 for credit-normal ones: amount_natural = amount × s. */
export const normalSign = (type: AccountType): 1 | -1 => (type === 'Expense' || type === 'Asset' ? 1 : -1);

/** Revenue, Expense and Asset (capex) are budgeted; Liability and Equity are not budgeted in P&L terms. */
export const isBudgeted = (type: AccountType): boolean => type !== 'Liability' && type !== 'Equity';

export const REPORTING_CURRENCY = LEDGER_CURRENCY;
export const FOREIGN_CURRENCIES = ['EUR', 'GBP'] as const;
export const SCENARIOS = BUDGET_SCENARIOS;
export const BUDGET_VERSION = 'v1';
/** The first version of every master row. */
export const FIRST_EFFECTIVE_FROM = '1900-01-01';
