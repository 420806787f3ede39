import type { TableLayout } from '@finlake/contracts';

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
  /**
   * Set when the model is built by a generic strategy (libs/pipeline/src/strategies) from the
   * rows its SQL returns, instead of being those rows. Never together with `incremental`.
   */
  readonly strategy?: StrategySpec;
  /** How Redshift lays out the published table (`redshift:` in the yml); absent: the default of libs/procedures (`modelLayout`). */
  readonly redshift?: TableLayout;
  /** What the yml says about single columns (`columns:`), where the SQL alone does not tell. */
  readonly columns?: Readonly<Record<string, ColumnSpec>>;
}

/**
 * A model column's text length, for engines whose VARCHAR is sized (Redshift): `source` names the
 * contract column it holds (`column` or `entity.column`) when it is renamed; `varchar` gives the
 * length in bytes when no contract column holds its values.
 */
export interface ColumnSpec {
  readonly source?: string;
  readonly varchar?: number;
}

/** The generic model strategies; each is described in docs/strategies.md. */
export type StrategySpec = Scd2Spec | CumulativeSpec | SnapshotSpec | BridgeSpec;

/**
 * A type-2 dimension with type-6 current columns. The model's SQL returns a snapshot of the
 * masters (natural key, tracked attributes, effective date); the table keeps every version.
 */
export interface Scd2Spec {
  readonly kind: 'scd2';
  /** Natural key columns of the snapshot. */
  readonly key: readonly string[];
  /** Attributes whose change opens a new version (compared by a NULL-safe hash). */
  readonly tracked: readonly string[];
  /** Tracked attributes also kept as `current_<name>` on every version of the key (type 6). */
  readonly current: readonly string[];
  /** The snapshot column holding the date a row's values take effect. */
  readonly effectiveFrom: string;
  /** `full`: every live key is in each snapshot; `delta`: only the keys that changed. */
  readonly snapshot: 'full' | 'delta';
  /** A key missing from a full snapshot is kept as it is, or closed by a deleted version. */
  readonly missing: 'keep' | 'close';
  /** A change dated before the key's current version fails the build, or is written into history. */
  readonly outOfOrder: 'error' | 'restate';
  /** The surrogate key column (a hash of the natural key and valid_from). */
  readonly surrogateKey: string;
}

/**
 * How a cumulative column combines yesterday's state with today's delta (absent = identity).
 * `datelist`: a 32-bit activity bitmap, bit k (k = 0 the least significant) set iff the key had
 * a delta row on as_of − k days (products.md B.4); the day's update is a shift and an or.
 */
export type CumulativeCombine = 'sum' | 'count' | 'min' | 'max' | 'first' | 'last' | 'active' | 'today' | 'datelist';

export interface CumulativeColumn {
  readonly column: string;
  /** `today`: the day's delta value, `default` on a day the key has no delta row (nothing carried). */
  readonly combine: CumulativeCombine;
  /** The delta column combined (not for `count`, `active` and `datelist`, which count delta rows). */
  readonly from?: string;
  /** The column's SQL type, the same in every partition (e.g. decimal(18, 2), bigint, date). */
  readonly type: string;
  /** For `today`: an SQL literal for a day without a delta row (default NULL). */
  readonly default?: string;
}

/** A column computed from a partition row's state columns (e.g. opening = closing − net change). */
export interface CumulativeDerived {
  readonly column: string;
  /** SQL over the state columns (and the key), by name. */
  readonly expression: string;
  readonly type: string;
}

/**
 * A cumulative table: one partition per `asOf` date holding every key's state as of that day,
 * computed from the previous day's partition and the day's delta (the model's SQL, one row per
 * key and `date`).
 */
export interface CumulativeSpec {
  readonly kind: 'cumulative';
  readonly key: readonly string[];
  /** The delta's date column. */
  readonly date: string;
  /** The partition column of the table. */
  readonly asOf: string;
  /** The first partition (ISO date); when absent, the first day built. */
  readonly start?: string;
  /** A build appends the days after the last partition (`extend`) or rebuilds every partition (`full`). */
  readonly build: 'extend' | 'full';
  /** Reloading a day that has later partitions: refused, or the later days are recomputed in order. */
  readonly rerun: 'refuse' | 'cascade';
  readonly state: readonly CumulativeColumn[];
  /** Columns computed from each row's state, after the state columns. */
  readonly derived: readonly CumulativeDerived[];
  /**
   * The last partition built: an SQL expression giving an ISO date (may use `{{ param() }}`); when
   * it gives '' or NULL (and when absent), the delta's last day. Keys carry forward to it.
   */
  readonly through?: string;
}

/** A periodic snapshot fact: one row per key per snapshot date; loading a date replaces its rows. */
export interface SnapshotSpec {
  readonly kind: 'snapshot';
  readonly key: readonly string[];
  readonly snapshotDate: string;
}

/** A weighted bridge: per group, members whose weights sum to exactly 1 and exactly one primary. */
export interface BridgeSpec {
  readonly kind: 'bridge';
  readonly group: readonly string[];
  readonly member: readonly string[];
  /** `equal`: weights computed as 1/n, exact to `weightScale` places; `given`: the rows carry them. */
  readonly weight: 'equal' | 'given';
  readonly weightColumn: string;
  /** Decimal places of computed weights: decimal(18, weightScale). */
  readonly weightScale: number;
  /** `first`: the first member in `order` is primary; `given`: the rows carry the flag. */
  readonly primary: 'first' | 'given';
  readonly primaryColumn: string;
  /** Member order for `first` and for giving computed weights' last digits (default: member columns). */
  readonly order: readonly string[];
}

/**
 * An incremental model keeps its published table and takes only what a run's new batches change,
 * instead of being rebuilt: `append` adds the rows built from the new batches of `source` (facts
 * at the grain of their source); `merge` recomputes the rows of every `mergeKey` value the new
 * batches hold, from all source rows with those values, and replaces them (dimensions that
 * aggregate their source); `sum` (see below) adds up sums; `partition` rebuilds the partitions
 * the run's rows of its sources touch (marts by month or year).
 * It is rebuilt whole when the table is missing, its SQL or that of a model it reads changed since
 * the last build, or the run staged batches into a table of `rebuildOn` (changes there alter rows
 * already built).
 */
export type IncrementalSpec = {
  readonly rebuildOn: readonly string[];
} & (
  | {
      readonly strategy: 'append';
      /** An append-only staging table. */
      readonly source: string;
      /** The model's column holding each row's batch id, to tell new rows from old. */
      readonly batchColumn: string;
    }
  | {
      readonly strategy: 'merge';
      /** An append-only staging table. */
      readonly source: string;
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
      readonly source: string;
    }
  | {
      /**
       * The model's rows of one value of `partitionBy` are built from the rows of that value in
       * each of `sources` (staging tables, or models appended to or partitioned themselves, all
       * holding the column): a run rebuilds the partitions its new rows of the sources hold, from
       * every source row of those partitions, and keeps the others as published.
       */
      readonly strategy: 'partition';
      readonly sources: readonly string[];
      /** A column of the model's key and of every source. */
      readonly partitionBy: string;
    }
);

/** An append-only key map: natural key → surrogate key; keys are never renumbered. */
export interface KeyMap {
  readonly name: string;
  /** SELECT returning the column natural_key (duplicates allowed). */
  readonly naturalKeys: string;
  /** How Redshift lays out the key map; absent: `all` sorted on natural_key (`keyMapLayout` in libs/procedures). */
  readonly redshift?: TableLayout;
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
