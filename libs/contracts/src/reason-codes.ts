import { nullMarkerList } from './rules';

/**
 * The stable set of reason codes written to the ledger (file level) and the quarantine
 * table (row level). Codes are part of the public interface: never rename one, only add.
 */
export const FileReasonCodes = {
  FILE_EMPTY: 'The file has no bytes, not even a header row.',
  FILE_ENCODING: 'The file is not UTF-8 (for example UTF-16 or binary).',
  HEADER_MISSING_COLUMN: 'A contract column is missing from the header (also: a renamed column or another delimiter).',
  HEADER_DUPLICATE_COLUMN: 'A column name appears more than once in the header (names compare case-insensitively).',
  UNTERMINATED_QUOTE: 'A quoted field is never closed, so the rows after it cannot be delimited.',
  QUARANTINE_RATE_EXCEEDED: 'More rows were quarantined than the configured share of the file allows.',
  QUALITY_GATE_FAILED: 'A blocking quality check failed on the built tables.',
  RUN_BLOCKED: 'Another file of the same run was rejected or blocked, so nothing was published.',
} as const;

export const RowReasonCodes = {
  ROW_TOO_FEW_FIELDS: 'The row has fewer fields than the header.',
  ROW_TOO_MANY_FIELDS: 'The row has more fields than the header.',
  INVALID_ENCODING: 'The row contains bytes that are not valid UTF-8.',
  REQUIRED_MISSING: `A required field is empty or holds a null marker (${nullMarkerList()}, in any letter case).`,
  INVALID_NUMBER: 'Not a plain decimal number (currency signs, thousands separators, parentheses, NaN, Infinity).',
  INVALID_INTEGER: 'Not a plain whole number.',
  TOO_MANY_DECIMALS: 'More decimal places than the column allows.',
  OUT_OF_RANGE: 'A number outside the column\'s range (including overflow).',
  INVALID_DATE: 'Not a valid ISO-8601 date (YYYY-MM-DD), or a day that does not exist.',
  INVALID_TIMESTAMP: 'Not a valid ISO-8601 timestamp, or a day that does not exist.',
  DATE_OUT_OF_RANGE: 'A date before the contract\'s earliest date or in the future.',
  INVALID_PERIOD: 'Not a calendar month YYYY-MM (month 01 to 12).',
  INVALID_BOOLEAN: 'Not one of true, false, 1, 0.',
  INVALID_ID: 'An identifier with characters outside letters, digits and . _ : -',
  NOT_ACCEPTED: 'A value outside the accepted set (channel, currency).',
  FIELD_TOO_LONG: 'A text field longer than the column allows.',
  BUSINESS_RULE: 'The row breaks a business rule of the contract (the column names the rule).',
  DUPLICATE_ROW: 'An exact copy of an earlier row of the same file; the first copy is loaded.',
  DUPLICATE_KEY: 'Rows of the same file share a key but differ; none of them is loaded.',
  KEY_ALREADY_LOADED: 'The key was loaded by an earlier batch; facts are never overwritten.',
  UNKNOWN_REFERENCE: 'The row refers to a key that no loaded file defines (for example an unknown product).',
} as const;

export type FileReasonCode = keyof typeof FileReasonCodes;
export type RowReasonCode = keyof typeof RowReasonCodes;
export type ReasonCode = FileReasonCode | RowReasonCode;
