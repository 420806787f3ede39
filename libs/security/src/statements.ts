import { splitTable, type PolicyLookup, type TablePrivilege } from './manifest';

/** SELECT, INSERT, … as GRANT lists them. */
export const privilegeList = (privileges: readonly TablePrivilege[]): string => privileges.map((p) => p.toUpperCase()).join(', ');

/** The lookup table, created when missing (the same DDL on both engines). */
export function lookupTableSql(lookup: PolicyLookup): string[] {
  const { schema } = splitTable(lookup.table);
  return [
    `CREATE SCHEMA IF NOT EXISTS ${schema}`,
    `CREATE TABLE IF NOT EXISTS ${lookup.table} (${lookup.userColumn} varchar(128) NOT NULL, ${lookup.keyColumn} ${lookup.keyType} NOT NULL, PRIMARY KEY (${lookup.userColumn}, ${lookup.keyColumn}))`,
  ];
}
