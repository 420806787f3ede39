/**
 * The checks every reader of a raw file applies, defined once: the pipeline's SQL validation
 * (libs/pipeline), the generator's reference check (libs/generator/testing/contract-check.ts)
 * and the Python Glue job (apps/glue), which reads them from the contract JSON that
 * tools/glue-contract.ts generates from this module.
 *
 * Patterns match a whole (trimmed) value. They use only what RE2 (DuckDB), PostgreSQL regular
 * expressions, JavaScript and Python's `re` read alike: ASCII bracket classes, plain groups,
 * counted repeats, `\\.` for a literal point; no `\d`, no named or non-capturing groups.
 */

/** Values that count as missing, compared with the trimmed value upper-cased (so `None` and `nil` are markers too). */
export const NULL_MARKERS: readonly string[] = ['', 'NULL', 'N/A', 'NA', 'NONE', 'NIL', '-', '#N/A'];

/** The non-empty null markers as the docs list them, each through `quote`. */
export const nullMarkerList = (quote = (m: string) => m) => NULL_MARKERS.filter((m) => m !== '').map(quote).join(', ');

/** The longest null marker: a longer value is never one, so most values skip the list lookup. */
export const MAX_MARKER_LENGTH = Math.max(...NULL_MARKERS.map((m) => m.length));

/** Identifiers: letters, digits and `. _ : -` only (no spaces, no leading `=` for spreadsheet formulas). */
export const ID_PATTERN = '[A-Za-z0-9_.:-]+';
/** Whole numbers: an optional sign and digits, nothing else (no `1e3`, no `1,000`, no `3.0`). */
export const INTEGER_PATTERN = '[+-]?[0-9]+';
/** Plain decimal numbers: an optional sign, digits with an optional point (no currency, separators, parentheses, NaN). */
export const DECIMAL_PATTERN = '[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)';
/**
 * A decimal with at most `{scale}` decimal places, as a template: trailing zeros are not extra
 * precision, so `12.3400` is a valid 2-decimal amount. Fill it with decimalScalePattern.
 */
export const DECIMAL_SCALE_PATTERN = '[+-]?[0-9]*(\\.[0-9]{0,{scale}}0*)?';
/** ISO-8601 calendar dates, `YYYY-MM-DD` (whether the day exists is checked apart). */
export const DATE_PATTERN = '[0-9]{4}-[0-9]{2}-[0-9]{2}';
/** Calendar months, `YYYY-MM` with month 01–12. */
export const MONTH_PATTERN = '[0-9]{4}-(0[1-9]|1[0-2])';
/** ISO-8601 timestamps: a date, an optional `T` or space with `hh:mm[:ss[.fraction]]`, an optional `Z` or `±hh[[:]mm]` offset (none means UTC). */
export const TIMESTAMP_PATTERN = `${DATE_PATTERN}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?)?(Z|z|[+-][0-9]{2}(:?[0-9]{2})?)?`;

/** DECIMAL_SCALE_PATTERN for a column of `scale` decimal places. */
export const decimalScalePattern = (scale: number) => DECIMAL_SCALE_PATTERN.replace('{scale}', String(scale));

/** Booleans, compared lower-cased: these spellings only (no yes/no, no y/n). */
export const BOOLEAN_VALUES: readonly string[] = ['true', 'false', '1', '0'];
/** The BOOLEAN_VALUES that mean true. */
export const BOOLEAN_TRUE: readonly string[] = ['true', '1'];

/**
 * A file is not UTF-8 text (FILE_ENCODING) when it starts with a UTF-16 byte-order mark or has a
 * NUL byte in its first NUL_SCAN_BYTES bytes. A UTF-8 byte-order mark is dropped.
 */
export const UTF16_BOMS: readonly (readonly number[])[] = [
  [0xff, 0xfe],
  [0xfe, 0xff],
];
export const NUL_SCAN_BYTES = 4096;

/** The first bytes of a ZIP archive, and so of an .xlsx workbook. */
export const ZIP_SIGNATURE: readonly number[] = [0x50, 0x4b, 0x03, 0x04];

/** A header that is one name holding one of these was written with another delimiter: the missing-column message says so. */
export const OTHER_DELIMITERS: readonly string[] = [';', '\t', '|'];

/**
 * The messages of the file-level rejections, shared by every reader. `{name}` placeholders are
 * filled by fillMessage (Python: str.format).
 */
export const FILE_MESSAGES = {
  FILE_EMPTY: 'The file is empty: not even a header row.',
  FILE_ENCODING: 'The file is not UTF-8 text (UTF-16 or binary). Save it as UTF-8.',
  /** FILE_ENCODING for a file that starts with the ZIP signature (`PK\x03\x04`): an .xlsx workbook or a .zip archive. */
  FILE_SPREADSHEET: 'The file is an Excel workbook (.xlsx) or a ZIP archive, not CSV text. Open it in Excel and save it as "CSV UTF-8 (Comma delimited)", or unzip it.',
  /** `columns`: the duplicated names, each as a JSON string, comma-separated. */
  HEADER_DUPLICATE_COLUMN: 'Column(s) {columns} appear more than once in the header.',
  /** `missing`: the missing headers, `, `-separated; `expected`: the contract's header line. */
  HEADER_MISSING_COLUMN: 'Missing column(s): {missing}. Expected {expected}.',
  /** Appended to HEADER_MISSING_COLUMN; `delimiter`: the delimiter as a JSON string. */
  OTHER_DELIMITER: ' The header looks {delimiter}-delimited; finlake reads comma-separated files.',
} as const;

/** A FILE_MESSAGES template with its `{name}` placeholders filled. */
export function fillMessage(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
