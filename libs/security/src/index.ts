export * from './manifest';
export { renderPostgres } from './postgres';
export { lookupTableSql, privilegeList } from './statements';
export { renderRedshift, REDSHIFT_SECURITY_SCHEMA } from './redshift';
export { renderSecurity, securityScript, DUCKDB_SINGLE_USER, type SecurityEngine } from './render';
