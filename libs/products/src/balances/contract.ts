import { idColumn as id, type ColumnContract, type DataProductContract, type EntityContract, type ParameterContract } from '@finlake/contracts';

/** Booking types of a wallet transaction (products.md B.1). */
export const TRANSACTION_TYPES = ['DEPOSIT', 'WITHDRAWAL', 'TRANSFER_IN', 'TRANSFER_OUT', 'FEE', 'INTEREST', 'REVERSAL', 'ADJUSTMENT'] as const;
/** Only SUCCESSFUL transactions move a balance; the source's Declined and Reverted rows are kept and counted out. */
export const TRANSACTION_STATUSES = ['SUCCESSFUL', 'PENDING', 'DECLINED', 'REVERTED'] as const;
/** The currency the sample's accounts mostly hold (each account keeps its own; amounts are never converted). */
export const BALANCES_CURRENCY = 'USD';

/** A signed DECIMAL(18,2) amount. */
const money = (header: string, name: string, required: boolean, description: string): ColumnContract => ({
  header,
  name,
  type: { kind: 'decimal', precision: 18, scale: 2, min: '-1000000000000', max: '1000000000000' },
  required,
  description,
});

export const accountTransactions: EntityContract = {
  name: 'account_transactions',
  description: 'Wallet transactions as booked by the source (the seed\'s public.transactions_log).',
  grain: 'one row per transaction',
  columns: [
    id('TransactionID', 'transaction_id', 100, 'Natural key; also breaks ties between transactions booked at the same instant.'),
    id('AccountID', 'account_id', 100, 'The account (the seed\'s client_id).'),
    { header: 'CreatedAt', name: 'created_at', type: { kind: 'timestamp' }, required: true, description: 'Instant of booking, ISO-8601 with offset; its business date is the day it falls on in the business time zone.' },
    money('Amount', 'amount', true, 'Signed: + credits the account, − debits it.'),
    money('StartBalance', 'start_balance', false, 'Balance before the transaction as stamped by the source (checked, never trusted).'),
    money('EndBalance', 'end_balance', false, 'Balance after the transaction as stamped by the source (checked, never trusted).'),
    { header: 'TransactionType', name: 'transaction_type', type: { kind: 'enum', values: TRANSACTION_TYPES, reason: 'UNKNOWN_TXN_TYPE' }, required: true, description: 'What the booking is.' },
    { header: 'Status', name: 'status', type: { kind: 'enum', values: TRANSACTION_STATUSES }, required: true, description: 'Only SUCCESSFUL transactions count toward a balance.' },
    { header: 'ReversesTransactionID', name: 'reverses_transaction_id', type: { kind: 'id', maxLength: 100 }, required: false, description: 'On a REVERSAL row only: the transaction it compensates.' },
    id('Currency', 'currency', 3, 'ISO 4217 code; one currency per account.'),
  ],
  key: ['transaction_id'],
  loadMode: 'append',
  references: [
    {
      column: 'reverses_transaction_id',
      entity: 'account_transactions',
      entityColumn: 'transaction_id',
      when: `transaction_type = 'REVERSAL'`,
      reason: 'UNKNOWN_REVERSED_TRANSACTION',
    },
    {
      // The original must still count: reversing a REVERTED original would subtract it twice.
      column: 'reverses_transaction_id',
      entity: 'account_transactions',
      entityColumn: 'transaction_id',
      with: [{ expression: `'SUCCESSFUL'`, entityColumn: 'status' }],
      when: `transaction_type = 'REVERSAL'`,
      reason: 'DOUBLE_REVERSAL',
    },
  ],
  consistent: [{ columns: ['currency'], per: ['account_id'], reason: 'MIXED_CURRENCY' }],
  rules: [
    { name: 'currency_code', description: 'Three upper-case letters.', condition: `length(currency) = 3 and upper(currency) = currency`, reason: 'NOT_ACCEPTED' },
    { name: 'reversal_has_target', description: 'A REVERSAL names the transaction it reverses.', condition: `transaction_type <> 'REVERSAL' or reverses_transaction_id is not null`, reason: 'REVERSAL_WITHOUT_TARGET' },
    { name: 'target_only_on_reversal', description: 'Only a REVERSAL names a transaction it reverses.', condition: `transaction_type = 'REVERSAL' or reverses_transaction_id is null`, reason: 'TARGET_ON_NON_REVERSAL' },
    {
      name: 'balance_stamp',
      description: 'On a SUCCESSFUL row the source\'s stamps agree with the amount: EndBalance = StartBalance + Amount (other rows move nothing).',
      condition: `status <> 'SUCCESSFUL' or start_balance is null or end_balance is null or end_balance = start_balance + amount`,
      reason: 'BALANCE_CHAIN_BREAK',
      severity: 'warning',
    },
  ],
  redshift: { dist: { key: 'account_id' }, sort: ['created_at'], why: 'large; every balance is computed per account in time order' },
};

const parameters: ParameterContract[] = [
  {
    name: 'business_time_zone',
    description: 'the IANA time zone whose calendar days are balance days (a day is [start of D, start of D+1) there)',
    default: 'UTC',
    pattern: '[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+){0,2}',
  },
  {
    name: 'balance_through',
    description: 'the last balance day, YYYY-MM-DD (every account carries its balance to it; later transactions wait); empty: the last day with a transaction',
    default: '',
    pattern: '([0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]))?',
  },
];

export const balancesContract: DataProductContract = {
  name: 'balances',
  description: 'Wallet transactions of client accounts, turned into daily balances.',
  entities: [accountTransactions],
  earliestDate: '1990-01-01',
  maxFutureDays: 1,
  reasonCodes: {
    UNKNOWN_TXN_TYPE: `TransactionType is not one of ${TRANSACTION_TYPES.join(', ')}.`,
    UNKNOWN_REVERSED_TRANSACTION: 'A REVERSAL names a transaction that is neither loaded nor valid in this file.',
    DOUBLE_REVERSAL: 'A REVERSAL names a transaction that is not SUCCESSFUL (a REVERTED original would be subtracted twice; a DECLINED or PENDING one moved nothing).',
    REVERSAL_WITHOUT_TARGET: 'A REVERSAL without ReversesTransactionID.',
    TARGET_ON_NON_REVERSAL: 'ReversesTransactionID on a row that is not a REVERSAL.',
    MIXED_CURRENCY: 'The account already holds another currency (loaded before, or on another row of the file): an account has one currency.',
    BALANCE_CHAIN_BREAK: 'Warning: the source\'s stamps disagree (EndBalance ≠ StartBalance + Amount, or StartBalance ≠ the previous EndBalance); the row loads and the balance is recomputed from Amount.',
  },
  parameters,
};
