/**
 * Bad rows for loader tests: each kind is a row the ledger contract rejects, named with the
 * reason code a correct loader gives it, and `rejected` is exactly how many rows it makes the
 * loader reject (two for a conflicting duplicate: it sinks the clean row it copies).
 */
import { badRow, csvLine, type BadRow, type EmittedRow } from '@finlake/generator';
import { columnsOf } from './columns';

export const TRANSACTION_BAD_KINDS = [
  'amount_missing',
  'department_null_marker',
  'amount_currency_sign',
  'amount_european',
  'amount_parentheses',
  'amount_too_many_decimals',
  'date_feb30',
  'date_us_format',
  'description_too_long',
  'duplicate_row',
  'duplicate_key',
  'unknown_department',
  'unknown_account',
  'fx_rate_missing',
  'short_row',
  'long_row',
  'invalid_utf8',
] as const;

export const BUDGET_BAD_KINDS = [
  'budget_amount_missing',
  'budget_amount_invalid',
  'budget_amount_too_many_decimals',
  'period_month_13',
  'period_single_digit_month',
  'period_two_digit_year',
  'budget_id_too_long',
  'budget_duplicate_row',
  'budget_duplicate_key',
  'duplicate_budget_line',
  'budget_unknown_department',
  'budget_unknown_account',
] as const;

export type TransactionBadKind = (typeof TRANSACTION_BAD_KINDS)[number];
export type BudgetBadKind = (typeof BUDGET_BAD_KINDS)[number];
export type LedgerBadKind = TransactionBadKind | BudgetBadKind;

/** The reason code a correct loader gives each kind (on every row it rejects). */
export const BAD_KIND_REASONS: Record<LedgerBadKind, string> = {
  amount_missing: 'REQUIRED_MISSING',
  department_null_marker: 'REQUIRED_MISSING',
  amount_currency_sign: 'INVALID_NUMBER',
  amount_european: 'INVALID_NUMBER',
  amount_parentheses: 'INVALID_NUMBER',
  amount_too_many_decimals: 'TOO_MANY_DECIMALS',
  date_feb30: 'INVALID_DATE',
  date_us_format: 'INVALID_DATE',
  description_too_long: 'FIELD_TOO_LONG',
  duplicate_row: 'DUPLICATE_ROW',
  duplicate_key: 'DUPLICATE_KEY',
  unknown_department: 'UNKNOWN_DEPARTMENT',
  unknown_account: 'UNKNOWN_ACCOUNT',
  fx_rate_missing: 'FX_RATE_MISSING',
  short_row: 'ROW_TOO_FEW_FIELDS',
  long_row: 'ROW_TOO_MANY_FIELDS',
  invalid_utf8: 'INVALID_ENCODING',
  budget_amount_missing: 'REQUIRED_MISSING',
  budget_amount_invalid: 'INVALID_NUMBER',
  budget_amount_too_many_decimals: 'TOO_MANY_DECIMALS',
  period_month_13: 'INVALID_PERIOD',
  period_single_digit_month: 'INVALID_PERIOD',
  period_two_digit_year: 'INVALID_PERIOD',
  budget_id_too_long: 'FIELD_TOO_LONG',
  // Budget lines are never loaded twice: every copy of a key goes, identical ones too.
  budget_duplicate_row: 'DUPLICATE_BUDGET_LINE',
  budget_duplicate_key: 'DUPLICATE_BUDGET_LINE',
  duplicate_budget_line: 'DUPLICATE_BUDGET_LINE',
  budget_unknown_department: 'UNKNOWN_DEPARTMENT',
  budget_unknown_account: 'UNKNOWN_ACCOUNT',
};

export const BAD_ROW_KINDS: readonly LedgerBadKind[] = [...TRANSACTION_BAD_KINDS, ...BUDGET_BAD_KINDS];

/** IDs outside every generated chart (departments stop at D300, accounts at A6100). */
export const UNKNOWN_DEPARTMENT_ID = 'D999';
export const UNKNOWN_ACCOUNT_ID = 'A9999';
/** Longer than the contract's 500 characters for Description and 100 for BudgetID. */
const TOO_LONG_DESCRIPTION = 'Accrual for services rendered '.repeat(20);

export type { BadRow, EmittedRow };

const bad = badRow;

const DUPLICATE_KINDS: ReadonlySet<LedgerBadKind> = new Set(['duplicate_row', 'duplicate_key', 'budget_duplicate_row', 'budget_duplicate_key', 'duplicate_budget_line']);

/** True when the kind copies the previous row (and then reuses its ID, except a duplicate budget line). */
export const copiesPrevious = (kind: LedgerBadKind): boolean => DUPLICATE_KINDS.has(kind);

/**
 * Duplicates must copy a clean row, or the count of rejected rows would depend on how a loader
 * ranks reasons. Slots keep bad rows apart up to a 50% rate; above it, or on a file's first row,
 * a duplicate kind gives way to the next kind of its cycle that copies nothing.
 */
export function usableKind<K extends LedgerBadKind>(kind: K, kinds: readonly K[], previous: EmittedRow | undefined): K {
  if (!copiesPrevious(kind) || previous?.clean) return kind;
  let i = kinds.indexOf(kind);
  while (copiesPrevious(kinds[i])) i = (i + 1) % kinds.length;
  return kinds[i];
}

const T = columnsOf('transactions');
const B = columnsOf('budget');

/** Another amount of the same sign, so the copy is valid but for its duplicate key. */
function otherAmount(amount: string): string {
  const cents = Math.round(Number(amount) * 100);
  const moved = cents < 0 ? cents - 100 : cents + 100;
  return (moved < 0 ? '-' : '') + (Math.abs(moved) / 100).toFixed(2);
}

/**
 * Turns a freshly generated valid transaction into a bad row of `kind`; duplicate kinds copy
 * `previous` (a clean row, see usableKind). `beforeRange` is a day of the month before the first
 * generated month, which has no fx rate.
 */
export function badTransaction(kind: TransactionBadKind, fresh: readonly string[], previous: EmittedRow | undefined, beforeRange: string): BadRow {
  const f = [...fresh];
  const one = (fields: string[], line?: string | Buffer): BadRow => ({ row: bad(fields, line), rejected: 1 });
  switch (kind) {
    case 'amount_missing':
      f[T.Amount] = '';
      return one(f);
    case 'department_null_marker':
      f[T.DepartmentID] = 'NULL';
      return one(f);
    case 'amount_currency_sign':
      f[T.Amount] = '$1,200.00';
      return one(f);
    case 'amount_european':
      f[T.Amount] = '1.234,56';
      return one(f);
    case 'amount_parentheses':
      f[T.Amount] = '(500.00)';
      return one(f);
    case 'amount_too_many_decimals':
      f[T.Amount] = '12.345';
      return one(f);
    case 'date_feb30':
      f[T.Date] = '2023-02-30';
      return one(f);
    case 'date_us_format':
      f[T.Date] = '03/04/2024';
      return one(f);
    case 'description_too_long':
      f[T.Description] = TOO_LONG_DESCRIPTION;
      return one(f);
    case 'duplicate_row':
      return one([...previous!.fields], previous!.line);
    case 'duplicate_key': {
      const copy = [...previous!.fields];
      copy[T.Amount] = otherAmount(copy[T.Amount]);
      return { row: bad(copy), rejected: 2 };
    }
    case 'unknown_department':
      f[T.DepartmentID] = UNKNOWN_DEPARTMENT_ID;
      return one(f);
    case 'unknown_account':
      f[T.AccountID] = UNKNOWN_ACCOUNT_ID;
      return one(f);
    case 'fx_rate_missing':
      f[T.Date] = beforeRange;
      f[T.Currency] = 'EUR';
      return one(f);
    case 'short_row':
      return one(f.slice(0, -2));
    case 'long_row':
      return one([...f, 'EXTRA', 'FIELD']);
    case 'invalid_utf8':
      // Every other field is ASCII, so latin1 writes U+00FF U+00FE as the raw bytes 0xFF 0xFE.
      f[T.Description] += '\u00ff\u00fe';
      return one(f, Buffer.from(csvLine(f), 'latin1'));
  }
}

/** The same for a budget line; `fresh` has a new BudgetID (a duplicate budget line keeps it). */
export function badBudgetLine(kind: BudgetBadKind, fresh: readonly string[], previous: EmittedRow | undefined): BadRow {
  const f = [...fresh];
  const one = (fields: string[], line?: string | Buffer): BadRow => ({ row: bad(fields, line), rejected: 1 });
  const [year, month] = f[B.Period].split('-');
  switch (kind) {
    case 'budget_amount_missing':
      f[B.BudgetAmount] = '';
      return one(f);
    case 'budget_amount_invalid':
      f[B.BudgetAmount] = '2,000.00';
      return one(f);
    case 'budget_amount_too_many_decimals':
      f[B.BudgetAmount] = '2000.125';
      return one(f);
    case 'period_month_13':
      f[B.Period] = `${year}-13`;
      return one(f);
    case 'period_single_digit_month':
      f[B.Period] = `${year}-${(Number(month) % 9) + 1}`;
      return one(f);
    case 'period_two_digit_year':
      f[B.Period] = `${year.slice(2)}-${month}`;
      return one(f);
    case 'budget_id_too_long':
      f[B.BudgetID] = f[B.BudgetID].padEnd(120, 'X');
      return one(f);
    case 'budget_duplicate_row':
      return { row: bad([...previous!.fields], previous!.line), rejected: 2 };
    case 'budget_duplicate_key': {
      const copy = [...previous!.fields];
      copy[B.BudgetAmount] = otherAmount(copy[B.BudgetAmount]);
      return { row: bad(copy), rejected: 2 };
    }
    case 'duplicate_budget_line': {
      const copy = [...previous!.fields];
      copy[B.BudgetID] = f[B.BudgetID];
      copy[B.BudgetAmount] = otherAmount(copy[B.BudgetAmount]);
      return { row: bad(copy), rejected: 2 };
    }
    case 'budget_unknown_department':
      f[B.DepartmentID] = UNKNOWN_DEPARTMENT_ID;
      return one(f);
    case 'budget_unknown_account':
      f[B.AccountID] = UNKNOWN_ACCOUNT_ID;
      return one(f);
  }
}
