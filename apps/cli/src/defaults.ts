/** The DuckDB warehouse when --db is not given (no imports: the program's help loads it). */
export const DEFAULT_DB = '.finlake/finlake.duckdb';
