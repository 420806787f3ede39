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
  /** Set when the model may be extended with the rows of new batches instead of rebuilt. */
  readonly incremental?: IncrementalSpec;
}

/**
 * An incremental model keeps its published table and takes only what a run's new batches of
 * `source` (an append-only staging table) change, instead of being rebuilt: `append` adds the
 * rows built from the new batches (facts at the grain of their source); `merge` recomputes the
 * rows of every `mergeKey` value the new batches hold, from all source rows with those values,
 * and replaces them (dimensions that aggregate their source); `sum` (see below) adds up sums.
 * It is rebuilt whole when the table is missing, its SQL changed since the last build, or the
 * run staged batches into a table of `rebuildOn` (changes there alter rows already built).
 */
export type IncrementalSpec = {
  readonly source: string;
  readonly rebuildOn: readonly string[];
} & (
  | {
      readonly strategy: 'append';
      /** The model's column holding each row's batch id, to tell new rows from old. */
      readonly batchColumn: string;
    }
  | {
      readonly strategy: 'merge';
      /** A column of both the source and the model: the rows a batch touches. */
      readonly mergeKey: string;
    }
  | {
      /**
       * `source` is a model appended to (not a staging table), and every column but the model's
       * key is a sum over its rows: a run adds the sums of the rows it appends to the published
       * sums instead of summing the whole source again.
       */
      readonly strategy: 'sum';
    }
);

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
