import { allRowsPolicyName, lookupPredicate, lookupsOf, policyName, schemasOf, splitTable, validateManifest, type SecurityManifest } from './manifest';
import { lookupTableSql, privilegeList } from './statements';

/** Where the Redshift rendering keeps its one helper procedure. */
export const REDSHIFT_SECURITY_SCHEMA = 'security';

/**
 * The manifest as Redshift statements, in order, each one Data API statement. Applying them again
 * changes nothing: Redshift's CREATE ROLE has no IF NOT EXISTS, so a small procedure creates a role
 * only when svv_roles lacks it; every RLS policy is dropped (detached) and created again.
 */
export function renderRedshift(manifest: SecurityManifest): string[] {
  validateManifest(manifest);
  const createRole = `${REDSHIFT_SECURITY_SCHEMA}.create_role_if_missing`;
  const sql: string[] = [
    `CREATE SCHEMA IF NOT EXISTS ${REDSHIFT_SECURITY_SCHEMA}`,
    `CREATE OR REPLACE PROCEDURE ${createRole}(wanted varchar(128)) AS $$
DECLARE
  existing integer;
BEGIN
  SELECT count(*) INTO existing FROM svv_roles WHERE role_name = wanted;
  IF existing = 0 THEN
    EXECUTE 'CREATE ROLE ' || quote_ident(wanted);
  END IF;
END;
$$ LANGUAGE plpgsql`,
  ];
  for (const role of manifest.roles) sql.push(`CALL ${createRole}('${role.name}')`);
  // The lookup's schema is usually the helper's own: create it once.
  for (const lookup of lookupsOf(manifest)) sql.push(...lookupTableSql(lookup).filter((s) => !sql.includes(s)));
  for (const role of manifest.roles) {
    for (const schema of schemasOf(manifest, role.name)) sql.push(`GRANT USAGE ON SCHEMA ${schema} TO ROLE ${role.name}`);
  }
  for (const g of manifest.schemaGrants) {
    if (g.create) sql.push(`GRANT CREATE ON SCHEMA ${g.schema} TO ROLE ${g.role}`);
    sql.push(`GRANT ${privilegeList(g.privileges)} ON ALL TABLES IN SCHEMA ${g.schema} TO ROLE ${g.role}`);
  }
  for (const g of manifest.tableGrants) sql.push(`GRANT ${privilegeList(g.privileges)} ON TABLE ${g.tables.join(', ')} TO ROLE ${g.role}`);
  for (const g of manifest.columnGrants) sql.push(`GRANT SELECT (${g.columns.join(', ')}) ON TABLE ${g.table} TO ROLE ${g.role}`);
  for (const policy of manifest.rowPolicies) {
    const restricted = policyName(manifest, policy);
    const allRows = allRowsPolicyName(manifest, policy);
    const tables = policy.tables.join(', ');
    const roles = (names: readonly string[]) => names.map((r) => `ROLE ${r}`).join(', ');
    const lookup = policy.lookup;
    sql.push(
      `GRANT USAGE ON SCHEMA ${splitTable(lookup.table).schema} TO ${roles(lookup.maintainers)}`,
      `GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE ${lookup.table} TO ${roles(lookup.maintainers)}`,
      // CASCADE detaches the policy from its tables first; until it is attached again, RLS fails closed.
      `DROP RLS POLICY IF EXISTS ${restricted} CASCADE`,
      `CREATE RLS POLICY ${restricted} WITH (${policy.column} ${policy.columnType}) USING (${lookupPredicate(policy)})`,
      // The policy reads the lookup, the users need not: they never get SELECT on it.
      `GRANT SELECT ON TABLE ${lookup.table} TO RLS POLICY ${restricted}`,
      `ATTACH RLS POLICY ${restricted} ON ${tables} TO ${roles(policy.restrictedRoles)}`,
      `DROP RLS POLICY IF EXISTS ${allRows} CASCADE`,
      `CREATE RLS POLICY ${allRows} USING (true)`,
      `ATTACH RLS POLICY ${allRows} ON ${tables} TO ${roles(policy.allRowsRoles)}`,
      // OR, as PostgreSQL's permissive policies: a user holding both kinds of role sees every row.
      ...policy.tables.map((t) => `ALTER TABLE ${t} ROW LEVEL SECURITY ON CONJUNCTION TYPE OR`),
    );
  }
  return sql;
}
