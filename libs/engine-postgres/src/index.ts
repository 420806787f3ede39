export { PostgresEngine, connectionConfig, numberPlaceholders, type PostgresOptions } from './postgres-engine';
