import type { TableLayout } from './layout';
import type { RowReasonCode } from './reason-codes';

/** How a raw text field is checked and typed. */
export type ColumnType =
  | { kind: 'id'; maxLength: number }
  | { kind: 'text'; maxLength: number }
  | { kind: 'integer'; min: number; max: number }
  | { kind: 'decimal'; precision: number; scale: number; min?: string; max?: string }
  | { kind: 'date' }
  | { kind: 'timestamp' }
  | { kind: 'boolean' }
  | { kind: 'enum'; values: readonly string[] };

export interface ColumnContract {
  /** Exact header name in the raw file. */
  readonly header: string;
  /** snake_case column name in staging and the warehouse. */
  readonly name: string;
  readonly type: ColumnType;
  readonly required: boolean;
  readonly description: string;
}

/** A cross-column rule over typed columns, written as a portable SQL condition that must hold. */
export interface RowRule {
  readonly name: string;
  readonly description: string;
  readonly condition: string;
}

export interface ReferenceContract {
  readonly column: string;
  readonly entity: string;
  readonly entityColumn: string;
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
}

export type { RowReasonCode };
