import type { TableLayout } from './layout';
import type { RowReasonCode } from './reason-codes';

/** How a raw text field is checked and typed. */
export type ColumnType =
  | { kind: 'id'; maxLength: number }
  | { kind: 'text'; maxLength: number }
  | { kind: 'integer'; min: number; max: number }
  | { kind: 'decimal'; precision: number; scale: number; min?: string; max?: string }
  /** `future`: the date may lie ahead (a maturity): only the contract's earliest date bounds it. */
  | { kind: 'date'; future?: boolean }
  | { kind: 'timestamp' }
  | { kind: 'boolean' }
  /** One of `values`; else `reason` (default NOT_ACCEPTED; a product code is declared in `reasonCodes`). */
  | { kind: 'enum'; values: readonly string[]; reason?: string }
  /** A calendar month `YYYY-MM` (month 01–12), staged as that text; else INVALID_PERIOD. */
  | { kind: 'month' };

export interface ColumnContract {
  /** Exact header name in the raw file. */
  readonly header: string;
  /** snake_case column name in staging and the warehouse. */
  readonly name: string;
  readonly type: ColumnType;
  readonly required: boolean;
  readonly description: string;
  /**
   * The column may be left out of the file: its value is then this text on every row (checked
   * like any value). Absent: the header must have the column (else HEADER_MISSING_COLUMN).
   */
  readonly default?: string;
}

/** A cross-column rule over typed columns, written as a portable SQL condition that must hold. */
export interface RowRule {
  readonly name: string;
  readonly description: string;
  /** May use `{{ param('name') }}`: the product parameter's value as a string literal. */
  readonly condition: string;
  /** The reason code of a row that breaks the rule (default BUSINESS_RULE); product codes are declared in `reasonCodes`. */
  readonly reason?: string;
  /** error (default): the row is quarantined. warning: the row loads and the gate reports how many rows break the rule. */
  readonly severity?: 'error' | 'warning';
}

export interface ReferenceContract {
  readonly column: string;
  readonly entity: string;
  readonly entityColumn: string;
  /** More pairs of a composite reference: an SQL expression over the row's columns and the referenced entity's column. */
  readonly with?: readonly { readonly expression: string; readonly entityColumn: string }[];
  /**
   * The referenced row must be in effect on the row's date: some row of the entity with the key
   * and an effective-from date (`entityColumn`) on or before `date`, an SQL expression over the
   * row's columns (a date column, or e.g. a month's first day).
   */
  readonly asOf?: { readonly date: string; readonly entityColumn: string };
  /** Only rows for which this SQL condition holds must resolve (e.g. a currency other than the reporting one). */
  readonly when?: string;
  /** The reason code of a row that does not resolve (default UNKNOWN_REFERENCE). */
  readonly reason?: string;
}

export interface ConsistencyRule {
  /** Required columns whose values are fixed per group. */
  readonly columns: readonly string[];
  /** The group (e.g. account_id). */
  readonly per: readonly string[];
  readonly reason: string;
}

/**
 * A running state per group that must hold after every row, in time order (a position's units:
 * available = total − lien ≥ 0 after each transaction). The rows loaded before and this file's
 * rows count; a breach quarantines the file's latest row at or before it (the row that caused
 * it), and the check runs again until none is left.
 */
export interface RunningRule {
  readonly name: string;
  readonly description: string;
  /** The group (e.g. client, product, location). */
  readonly per: readonly string[];
  /** The rows' order in a group (e.g. created_at, transaction_id): ties are broken by file line. */
  readonly order: readonly string[];
  /** Which rows move the sums (SQL over the row); absent: every row. */
  readonly when?: string;
  /** Running sums: name → SQL expression over the row. */
  readonly sums: readonly { readonly name: string; readonly expression: string }[];
  /** Conditions over the sums after each row, in order: the first broken one gives the reason. */
  readonly checks: readonly { readonly condition: string; readonly reason: string }[];
}

export interface EntityContract {
  /** Entity name; raw files are `<name>.csv` or `<name>_<anything>.csv`. */
  readonly name: string;
  readonly description: string;
  /** One row per ... */
  readonly grain: string;
  readonly columns: readonly ColumnContract[];
  /** Natural key (staging column names). */
  readonly key: readonly string[];
  /**
   * append: facts; a key loaded by an earlier batch is quarantined (never overwritten).
   * upsert: reference data; a later batch replaces the attributes of a key.
   */
  readonly loadMode: 'append' | 'upsert';
  readonly references: readonly ReferenceContract[];
  readonly rules: readonly RowRule[];
  /**
   * Rows of this file that share a key are all quarantined with this reason, identical copies
   * too (e.g. budget lines are never loaded twice or summed). Absent: an identical copy loads once
   * (DUPLICATE_ROW) and differing rows are quarantined (DUPLICATE_KEY).
   */
  readonly duplicateKeyReason?: string;
  /**
   * Rows of one file sharing a key but differing: the first in `orderBy` order (then by line)
   * loads and the others are quarantined with `reason` (a device listed twice with two browsers).
   * Absent: none of them loads (DUPLICATE_KEY).
   */
  readonly keepOnConflict?: { readonly orderBy: readonly string[]; readonly reason: string };
  /** Running states that must hold after every row (RunningRule). */
  readonly running?: readonly RunningRule[];
  /**
   * Columns that keep one value per group across every batch (one currency per account): a row
   * whose values differ from those loaded before, and every row of a group that holds two values
   * in one file, are quarantined with `reason`. The columns must be required.
   */
  readonly consistent?: readonly ConsistencyRule[];
  /**
   * How Redshift lays out the staging table `stg_<name>`. Absent: derived from the load mode
   * (`entityLayout` in libs/procedures: upsert reference data `all` sorted on the key, append
   * facts `auto` sorted on their first date or timestamp column).
   */
  readonly redshift?: TableLayout;
}

export interface DataProductContract {
  readonly name: string;
  readonly description: string;
  /** Entities in load order: referenced entities come first. */
  readonly entities: readonly EntityContract[];
  /** Dates before this are DATE_OUT_OF_RANGE; dates after today (UTC) + maxFutureDays too. */
  readonly earliestDate: string;
  readonly maxFutureDays: number;
  /** Reason codes of the product's own rules and references, with their meaning (documented with the built-in ones). */
  readonly reasonCodes?: Readonly<Record<string, string>>;
  /** Settings of the product that rules and models read as `{{ param('name') }}`, each with its default. */
  readonly parameters?: readonly ParameterContract[];
}

/** A product setting (`finlake run <product> --param name=value`). */
export interface ParameterContract {
  readonly name: string;
  readonly description: string;
  /** The value when the run does not set one. */
  readonly default: string;
  /** A value must match this pattern (whole value), else the run is refused. */
  readonly pattern: string;
}

export type { RowReasonCode };
