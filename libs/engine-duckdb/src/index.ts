export { DuckDbEngine, DEFAULT_MEMORY_LIMIT, type DuckDbOptions } from './duckdb-engine';
