import { idColumn as id, moneyColumn, textColumn as text, type ColumnContract, type DataProductContract, type EntityContract, type ParameterContract } from '@finlake/contracts';

/** Account types of the chart of accounts; the first two are debit-normal (A.3's sign s = +1). */
export const ACCOUNT_TYPES = ['Revenue', 'Expense', 'Asset', 'Liability', 'Equity'] as const;
export const BUDGET_SCENARIOS = ['Budget', 'Forecast'] as const;
/** The reporting currency when the run sets none (the seed DDL's `CurrencyCode DEFAULT 'USD'`). */
export const LEDGER_CURRENCY = 'USD';

/** Money: DECIMAL(18,2), signed (credits and refunds are negative). */
const money = (header: string, name: string, description: string) => moneyColumn(header, name, { min: '-1000000000000', max: '1000000000000' }, description);
const effectiveFrom: ColumnContract = {
  header: 'EffectiveFrom',
  name: 'effective_from',
  type: { kind: 'date' },
  required: true,
  default: '1900-01-01',
  description: 'First day these values apply (a row per version).',
};
/** A GL line's or budget line's month, as 'YYYY-MM' text (fx rates are keyed by it). */
const lineMonth = 'substr(cast(txn_date as varchar), 1, 7)';

export const accounts: EntityContract = {
  name: 'accounts',
  description: 'Chart of accounts, one row per version of an account (SCD2 input).',
  grain: 'one row per account and effective date',
  columns: [
    id('AccountID', 'account_id', 50, 'Natural key of the account.'),
    text('AccountName', 'account_name', 200, true, 'Display name.'),
    { header: 'AccountType', name: 'account_type', type: { kind: 'enum', values: ACCOUNT_TYPES }, required: true, description: 'Decides the natural sign and which direction of variance is favourable.' },
    text('AccountSubType', 'account_sub_type', 100, false, 'E.g. Capital Expenditure.'),
    text('ChartOfAccountsCategory', 'chart_of_accounts_category', 100, false, 'Reporting category.'),
    effectiveFrom,
  ],
  key: ['account_id', 'effective_from'],
  loadMode: 'upsert',
  references: [],
  rules: [],
  redshift: { dist: 'all', sort: ['account_id', 'effective_from'], why: 'small master read by every build' },
};

export const departments: EntityContract = {
  name: 'departments',
  description: 'Departments, one row per version (a re-org moves a department to another business unit).',
  grain: 'one row per department and effective date',
  columns: [
    id('DepartmentID', 'department_id', 50, 'Natural key of the department.'),
    text('DepartmentName', 'department_name', 200, true, 'Display name.'),
    text('BusinessUnit', 'business_unit', 100, true, 'The business unit the department reports to.'),
    text('CostCenter', 'cost_center', 50, true, 'Cost centre code.'),
    effectiveFrom,
  ],
  key: ['department_id', 'effective_from'],
  loadMode: 'upsert',
  references: [],
  rules: [],
  redshift: { dist: 'all', sort: ['department_id', 'effective_from'], why: 'small master read by every build' },
};

export const fxRates: EntityContract = {
  name: 'fx_rates',
  description: 'Monthly rates converting a currency into the reporting currency.',
  grain: 'one row per month and currency',
  columns: [
    { header: 'Period', name: 'period', type: { kind: 'month' }, required: true, description: 'The month the rate applies to.' },
    id('Currency', 'currency', 3, 'ISO 4217 code.'),
    { header: 'RateToReporting', name: 'rate_to_reporting', type: { kind: 'decimal', precision: 18, scale: 6, min: '0', max: '1000000' }, required: true, description: 'Reporting-currency units per unit of the currency.' },
  ],
  key: ['period', 'currency'],
  loadMode: 'upsert',
  references: [],
  rules: [{ name: 'rate_positive', description: 'A rate is above zero.', condition: 'rate_to_reporting > 0' }],
  redshift: { dist: 'all', sort: ['period', 'currency'], why: 'a few rows per month' },
};

export const transactions: EntityContract = {
  name: 'transactions',
  description: 'General-ledger lines (the seed repository\'s transactions.csv).',
  grain: 'one row per GL line',
  columns: [
    id('TransactionID', 'transaction_id', 100, 'Natural key of the line (the sample\'s integers are kept as text).'),
    { header: 'Date', name: 'txn_date', type: { kind: 'date' }, required: true, description: 'Posting date; the posting period is its month.' },
    id('DepartmentID', 'department_id', 50, 'The department the line is posted to.'),
    id('AccountID', 'account_id', 50, 'The account the line is posted to.'),
    money('Amount', 'amount', 'Debit-positive, credit-negative (trial-balance convention): an expense is positive, a refund or revenue negative.'),
    text('Description', 'description', 500, false, 'Free text.'),
    { header: 'Currency', name: 'currency', type: { kind: 'id', maxLength: 3 }, required: true, default: LEDGER_CURRENCY, description: 'ISO 4217 code; another currency than the reporting one needs a rate in fx_rates.csv.' },
  ],
  key: ['transaction_id'],
  loadMode: 'append',
  references: [
    { column: 'department_id', entity: 'departments', entityColumn: 'department_id', asOf: { date: 'txn_date', entityColumn: 'effective_from' }, reason: 'UNKNOWN_DEPARTMENT' },
    { column: 'account_id', entity: 'accounts', entityColumn: 'account_id', asOf: { date: 'txn_date', entityColumn: 'effective_from' }, reason: 'UNKNOWN_ACCOUNT' },
    {
      column: 'currency',
      entity: 'fx_rates',
      entityColumn: 'currency',
      with: [{ expression: lineMonth, entityColumn: 'period' }],
      when: `currency <> {{ param('reporting_currency') }}`,
      reason: 'FX_RATE_MISSING',
    },
  ],
  rules: [
    { name: 'currency_code', description: 'Three upper-case letters.', condition: `length(currency) = 3 and upper(currency) = currency`, reason: 'NOT_ACCEPTED' },
    {
      name: 'period_open',
      description: 'The posting period is after the last closed period (parameter closed_through).',
      condition: `{{ param('closed_through') }} = '' or ${lineMonth} > {{ param('closed_through') }}`,
      reason: 'PERIOD_CLOSED',
    },
    { name: 'zero_amount', description: 'A line of 0.00 moves nothing: it loads, and the gate counts it.', condition: 'amount <> 0', reason: 'ZERO_AMOUNT', severity: 'warning' },
  ],
  redshift: { dist: { key: 'account_id' }, sort: ['txn_date'], why: 'large; grouped by account and month' },
};

export const budget: EntityContract = {
  name: 'budget',
  description: 'Monthly budget lines (the seed repository\'s budget.csv), by scenario and version.',
  grain: 'one row per month, department, account, scenario and version',
  columns: [
    id('BudgetID', 'budget_id', 100, 'Identifier of the line (carried; the business key decides).'),
    { header: 'Period', name: 'period', type: { kind: 'month' }, required: true, description: 'The budgeted month.' },
    id('DepartmentID', 'department_id', 50, 'The budgeted department.'),
    id('AccountID', 'account_id', 50, 'The budgeted account.'),
    money('BudgetAmount', 'budget_amount', 'Natural sign: planned spend on expense and asset accounts, planned income on revenue accounts, both positive.'),
    { header: 'Scenario', name: 'scenario', type: { kind: 'enum', values: BUDGET_SCENARIOS }, required: true, default: 'Budget', description: 'Budget or Forecast.' },
    { ...text('Version', 'version', 50, true, 'E.g. FY24-original, FY24-reforecast-Q2.'), default: 'v1' },
  ],
  key: ['period', 'department_id', 'account_id', 'scenario', 'version'],
  loadMode: 'upsert',
  duplicateKeyReason: 'DUPLICATE_BUDGET_LINE',
  references: [
    { column: 'department_id', entity: 'departments', entityColumn: 'department_id', asOf: { date: `cast(period || '-01' as date)`, entityColumn: 'effective_from' }, reason: 'UNKNOWN_DEPARTMENT' },
    { column: 'account_id', entity: 'accounts', entityColumn: 'account_id', asOf: { date: `cast(period || '-01' as date)`, entityColumn: 'effective_from' }, reason: 'UNKNOWN_ACCOUNT' },
  ],
  rules: [{ name: 'budget_not_negative', description: 'A negative budget is unusual (contra accounts): it loads, and the gate counts it.', condition: 'budget_amount >= 0', reason: 'NEGATIVE_BUDGET', severity: 'warning' }],
  redshift: { dist: { key: 'account_id' }, sort: ['period'], why: 'joined to the monthly actuals by account and month' },
};

const parameters: ParameterContract[] = [
  { name: 'closed_through', description: 'the last closed month, YYYY-MM (lines dated in it or before are PERIOD_CLOSED); empty: no period is closed', default: '', pattern: '([0-9]{4}-(0[1-9]|1[0-2]))?' },
  { name: 'reporting_currency', description: 'the ISO 4217 code amounts are reported in', default: LEDGER_CURRENCY, pattern: '[A-Z]{3}' },
  { name: 'fiscal_year_start_month', description: 'the month (1–12) a fiscal year starts; a fiscal year is named by the calendar year it ends in', default: '1', pattern: '[1-9]|1[0-2]' },
  { name: 'materiality_amount', description: 'a variance is material from this absolute amount on (and the percentage below)', default: '1000.00', pattern: '[0-9]+(\\.[0-9]{1,2})?' },
  { name: 'materiality_pct', description: 'a variance is material from this share of the budget on, as a fraction (0.10 = 10 %)', default: '0.10', pattern: '[0-9]+(\\.[0-9]+)?' },
];

export const ledgerContract: DataProductContract = {
  name: 'ledger',
  description: 'General-ledger lines and a monthly budget against a chart of accounts and departments.',
  entities: [accounts, departments, fxRates, transactions, budget],
  // The masters' first versions are dated 1900-01-01.
  earliestDate: '1900-01-01',
  maxFutureDays: 1,
  reasonCodes: {
    UNKNOWN_DEPARTMENT: 'The department is not in departments.csv, or not yet in effect on the line\'s date (the budget\'s: its month\'s first day).',
    UNKNOWN_ACCOUNT: 'The account is not in accounts.csv, or not yet in effect on the line\'s date (the budget\'s: its month\'s first day).',
    FX_RATE_MISSING: 'A line in another currency than the reporting one has no rate for its month in fx_rates.csv (never converted at 1.0).',
    PERIOD_CLOSED: 'The line is dated in a closed period (parameter closed_through).',
    DUPLICATE_BUDGET_LINE: 'Two budget lines of one file share month, department, account, scenario and version: both are quarantined (budgets are never summed).',
    ZERO_AMOUNT: 'Warning: a GL line of 0.00 (it loads).',
    NEGATIVE_BUDGET: 'Warning: a negative budget amount (it loads).',
  },
  parameters,
};
