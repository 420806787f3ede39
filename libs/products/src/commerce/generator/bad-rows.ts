/**
 * Bad rows for loader tests: each kind is a row the commerce contract rejects, and
 * `badRows` counts exactly the rows a correct loader quarantines.
 */
import type { TransactionColumns } from './columns';
import { badRow, csvLine, type BadRow, type EmittedRow } from '@finlake/generator';
import type { Rng } from '@finlake/generator';

export const TRANSACTION_BAD_KINDS = [
  'amount_na',
  'amount_currency_sign',
  'amount_parentheses',
  'amount_european',
  'amount_nan',
  'amount_infinity',
  'amount_overflow',
  'amount_too_many_decimals',
  'quantity_zero',
  'quantity_negative_sale',
  'date_feb30',
  'date_feb29_nonleap',
  'date_ambiguous',
  'date_far_future',
  'date_far_past',
  'duplicate_identical',
  'duplicate_conflicting',
  'unknown_product',
  'unknown_channel',
  'unknown_currency',
  'null_marker',
  'empty_required',
  'long_field',
  'short_row',
  'long_row',
  'invalid_boolean',
  'formula_injection_id',
  'invalid_utf8',
] as const;

export type TransactionBadKind = (typeof TRANSACTION_BAD_KINDS)[number];
export const COGS_BAD_KIND = 'cogs_invalid_date';
export const MARKETING_BAD_KIND = 'marketing_clicks_above_impressions';

export const BAD_ROW_KINDS: readonly string[] = [...TRANSACTION_BAD_KINDS, COGS_BAD_KIND, MARKETING_BAD_KIND];

export type { BadRow, EmittedRow };

type FieldEditKind = Exclude<TransactionBadKind, 'duplicate_identical' | 'duplicate_conflicting' | 'short_row' | 'long_row' | 'invalid_utf8'>;

const FIELD_EDITS: Record<FieldEditKind, (f: string[], c: TransactionColumns) => void> = {
  amount_na: (f, c) => (f[c.UnitPrice] = 'N/A'),
  amount_currency_sign: (f, c) => (f[c.UnitPrice] = '$1,200.00'),
  amount_parentheses: (f, c) => (f[c.DiscountAmount] = '(100.00)'),
  amount_european: (f, c) => (f[c.UnitPrice] = '1.234,56'),
  amount_nan: (f, c) => (f[c.TaxAmount] = 'NaN'),
  amount_infinity: (f, c) => (f[c.ShippingChargedToCustomer] = 'Infinity'),
  amount_overflow: (f, c) => (f[c.UnitPrice] = '99999999999999999999.99'),
  amount_too_many_decimals: (f, c) => (f[c.DiscountAmount] = '12.345'),
  quantity_zero: (f, c) => (f[c.Quantity] = '0'),
  quantity_negative_sale: (f, c) => {
    f[c.Quantity] = '-' + f[c.Quantity];
    f[c.ReturnFlag] = 'false';
  },
  date_feb30: (f, c) => (f[c.TransactionDate] = '2023-02-30T10:00:00Z'),
  date_feb29_nonleap: (f, c) => (f[c.TransactionDate] = '2023-02-29T10:00:00Z'),
  date_ambiguous: (f, c) => (f[c.TransactionDate] = '03/04/2024'),
  date_far_future: (f, c) => (f[c.TransactionDate] = '2999-01-01T00:00:00Z'),
  date_far_past: (f, c) => (f[c.TransactionDate] = '1899-12-31T00:00:00Z'),
  unknown_product: (f, c) => (f[c.ProductID] = 'P99999'),
  unknown_channel: (f, c) => (f[c.Channel] = 'Carrier Pigeon'),
  unknown_currency: (f, c) => (f[c.Currency] = 'EUR'),
  null_marker: (f, c) => (f[c.CustomerID] = 'NULL'),
  empty_required: (f, c) => (f[c.ProductID] = ''),
  long_field: (f, c) => (f[c.CustomerID] = f[c.CustomerID].padEnd(5000, '7')),
  invalid_boolean: (f, c) => (f[c.ReturnFlag] = 'maybe'),
  formula_injection_id: (f, c) => (f[c.CustomerID] = '=HYPERLINK("http://evil","x")'),
};

const bad = badRow;

/** Same key as the (clean) previous row, different quantity: the loader must reject both rows. */
function conflictingDuplicate(previous: EmittedRow, c: TransactionColumns): BadRow {
  const fields = [...previous.fields];
  const q = Number(fields[c.Quantity]);
  // Away from zero keeps the copy otherwise valid: a duplicate key is its only fault.
  fields[c.Quantity] = String(q < 0 ? q - 1 : q + 1);
  return { row: bad(fields), rejected: 2 };
}

const isDuplicateKind = (kind: TransactionBadKind): boolean => kind === 'duplicate_identical' || kind === 'duplicate_conflicting';

/**
 * Duplicates must copy a clean row, or the count of rejected rows would depend on how a loader
 * ranks reasons. The plan keeps bad rows apart up to a 50% rate; above it, or on the first row,
 * a duplicate kind gives way to the next kind in the cycle.
 */
export function usableKind(kind: TransactionBadKind, previous: EmittedRow | undefined): TransactionBadKind {
  if (!isDuplicateKind(kind) || previous?.clean) return kind;
  let i = TRANSACTION_BAD_KINDS.indexOf(kind);
  while (isDuplicateKind(TRANSACTION_BAD_KINDS[i])) i = (i + 1) % TRANSACTION_BAD_KINDS.length;
  return TRANSACTION_BAD_KINDS[i];
}

/** True when the kind reuses the previous row's TransactionID instead of taking a new one. */
export const reusesPreviousId = isDuplicateKind;

/**
 * Turns a freshly generated valid row into a bad row of `kind` (see usableKind: duplicate kinds
 * copy `previous`, which is then a clean row).
 */
export function badTransactionRow(kind: TransactionBadKind, fresh: readonly string[], previous: EmittedRow | undefined, c: TransactionColumns): BadRow {
  const fields = [...fresh];
  switch (kind) {
    case 'duplicate_identical':
      return { row: bad([...previous!.fields], previous!.line), rejected: 1 };
    case 'duplicate_conflicting':
      return conflictingDuplicate(previous!, c);
    case 'short_row':
      return { row: bad(fields.slice(0, -2)), rejected: 1 };
    case 'long_row':
      return { row: bad([...fields, 'EXTRA', 'FIELD']), rejected: 1 };
    case 'invalid_utf8': {
      // Every other field is ASCII, so latin1 writes U+00FF U+00FE as the raw bytes 0xFF 0xFE.
      fields[c.CustomerID] += '\u00ff\u00fe';
      return { row: bad(fields, Buffer.from(csvLine(fields), 'latin1')), rejected: 1 };
    }
    default:
      FIELD_EDITS[kind](fields, c);
      return { row: bad(fields), rejected: 1 };
  }
}

/** `count` distinct indices from `eligible` (all of them if there are fewer). */
export function pickIndices(eligible: readonly number[], count: number, rng: Rng): Set<number> {
  const pool = [...eligible];
  const chosen = new Set<number>();
  while (chosen.size < count && pool.length > 0) {
    const j = rng.int(0, pool.length - 1);
    chosen.add(pool[j]);
    pool[j] = pool[pool.length - 1];
    pool.pop();
  }
  return chosen;
}

/** Bad rows for a small file: about `badRate` of its rows, at least one when badRate > 0. */
export function smallFileBadCount(rows: number, badRate: number): number {
  return badRate > 0 ? Math.max(1, Math.round(rows * badRate)) : 0;
}
