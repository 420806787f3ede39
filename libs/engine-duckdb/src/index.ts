export { DuckDbEngine, type DuckDbOptions } from './duckdb-engine';
