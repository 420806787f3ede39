export { lookupsOf, validateManifest, type SecurityManifest, type SecurityRole, type SchemaGrant, type TableGrant, type ColumnGrant, type RowPolicy, type PolicyLookup, type TablePrivilege } from './manifest';
export { renderPostgres, renderPostgresTables } from './postgres';
export { renderRedshift } from './redshift';
export { renderSecurity, securityScript, DUCKDB_SINGLE_USER, type SecurityEngine } from './render';
