export type ModelTest =
  | { unique: string[] }
  | { not_null: string[] }
  | { relationships: { column: string; to: string; field: string } }
  | { accepted_values: { column: string; contract: string } }
  | { expression: string };

export interface Model {
  /** Table name in the warehouse; also the SQL file name. */
  readonly name: string;
  /** A SELECT in portable SQL with {{ ref() }}, {{ source() }} and dialect macros. */
  readonly sql: string;
  readonly description: string;
  readonly grain: string;
  /** Columns that identify one row (the grain). */
  readonly key: readonly string[];
  readonly tests: readonly ModelTest[];
  /** Intermediate models are built for the run and never published. */
  readonly published: boolean;
}

/** An append-only key map: natural key → surrogate key; keys are never renumbered. */
export interface KeyMap {
  readonly name: string;
  /** SELECT returning the column natural_key (duplicates allowed). */
  readonly naturalKeys: string;
}

/** Two queries that must return the same single value (counts, money sums) after a build. */
export interface Reconciliation {
  readonly name: string;
  readonly table: string;
  readonly expected: string;
  readonly actual: string;
}

export interface ProductModels {
  readonly product: string;
  readonly keyMaps: readonly KeyMap[];
  /** In build order: every ref points to a model listed earlier. */
  readonly models: readonly Model[];
  readonly reconciliations: readonly Reconciliation[];
}
