/**
 * Where a product's tables live in a warehouse (DuckDB, PostgreSQL, Redshift). The run records
 * (runs, ledger, quarantine, gate results) are shared by every product in `meta`; each product's
 * staging, published tables and stored procedures have schemas of their own, so products never
 * overwrite each other's tables (two products may both have a `transactions` entity or a `dim_date`).
 */
export const META_SCHEMA = 'meta';

export interface ProductSchemas {
  /** Typed rows of every loaded batch and the key maps. */
  readonly staging: string;
  /** The published star schema and marts. */
  readonly warehouse: string;
  /** The Redshift stored procedures the product's state machine calls (sql/ddl/<product>/04_procedures.sql). */
  readonly procedures: string;
}

/**
 * The schemas of one product, from its name only. Never the bare product name: DuckDB names a
 * database after its file, and `commerce.t` would be ambiguous in `commerce.duckdb`.
 */
export function productSchemas(product: string): ProductSchemas {
  return { staging: `${product}_staging`, warehouse: `${product}_warehouse`, procedures: `${product}_pipeline` };
}

/** Schema names a product's schemas must never take (the shared one and the engines' own). */
export const RESERVED_SCHEMAS: readonly string[] = [META_SCHEMA, 'public', 'information_schema', 'pg_catalog', 'main', 'temp'];
