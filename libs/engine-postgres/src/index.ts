export { PostgresEngine, numberPlaceholders, type PostgresOptions } from './postgres-engine';
