export { PostgresEngine, connectionConfig, type PostgresOptions } from './postgres-engine';
