import { allRowsPolicyName, lookupPredicate, lookupsOf, policyName, schemasOf, splitTable, validateManifest, type SecurityManifest } from './manifest';
import { lookupTableSql, privilegeList } from './statements';

/**
 * The manifest as PostgreSQL statements, in order. Applying them again changes nothing: roles are
 * created only when missing, grants and ENABLE ROW LEVEL SECURITY are idempotent, and every policy
 * is dropped and created again.
 */
export function renderPostgres(manifest: SecurityManifest): string[] {
  validateManifest(manifest);
  const sql: string[] = [];
  for (const role of manifest.roles) {
    // Roles are cluster-wide: two databases applying at once race on the name, hence both errors.
    sql.push(`DO $$ BEGIN CREATE ROLE ${role.name} NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`);
  }
  for (const lookup of lookupsOf(manifest)) sql.push(...lookupTableSql(lookup));
  for (const role of manifest.roles) {
    for (const schema of schemasOf(manifest, role.name)) sql.push(`GRANT USAGE ON SCHEMA ${schema} TO ${role.name}`);
  }
  for (const g of manifest.schemaGrants) if (g.create) sql.push(`GRANT CREATE ON SCHEMA ${g.schema} TO ${g.role}`);
  sql.push(...renderPostgresTables(manifest));
  for (const policy of manifest.rowPolicies) {
    const restricted = policyName(manifest, policy);
    // PostgreSQL runs the policy's subquery with the reader's privileges, so the restricted roles
    // read the lookup too: only their own rows of it, and the maintainers every row.
    const lookup = policy.lookup;
    const ownKeys = `${restricted}_own_keys`;
    const maintain = `${restricted}_maintainers`;
    sql.push(
      `GRANT USAGE ON SCHEMA ${splitTable(lookup.table).schema} TO ${[...policy.restrictedRoles, ...lookup.maintainers].join(', ')}`,
      `GRANT SELECT ON ${lookup.table} TO ${policy.restrictedRoles.join(', ')}`,
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ${lookup.table} TO ${lookup.maintainers.join(', ')}`,
      `ALTER TABLE ${lookup.table} ENABLE ROW LEVEL SECURITY`,
      `DROP POLICY IF EXISTS ${ownKeys} ON ${lookup.table}`,
      `CREATE POLICY ${ownKeys} ON ${lookup.table} FOR SELECT TO ${policy.restrictedRoles.join(', ')} USING (${lookup.userColumn} = current_user)`,
      `DROP POLICY IF EXISTS ${maintain} ON ${lookup.table}`,
      `CREATE POLICY ${maintain} ON ${lookup.table} TO ${lookup.maintainers.join(', ')} USING (true) WITH CHECK (true)`,
    );
  }
  return sql;
}

/**
 * What the manifest attaches to the product's tables (grants, column grants, row-level security
 * and its policies): lost when a publish replaces a table, so the publish applies it again in its
 * transaction (see `tableSecurity` in libs/products). Needs no role to be created.
 */
export function renderPostgresTables(manifest: SecurityManifest): string[] {
  const sql: string[] = [];
  for (const g of manifest.schemaGrants) sql.push(`GRANT ${privilegeList(g.privileges)} ON ALL TABLES IN SCHEMA ${g.schema} TO ${g.role}`);
  for (const g of manifest.tableGrants) sql.push(`GRANT ${privilegeList(g.privileges)} ON ${g.tables.join(', ')} TO ${g.role}`);
  for (const g of manifest.columnGrants) sql.push(`GRANT SELECT (${g.columns.join(', ')}) ON ${g.table} TO ${g.role}`);
  for (const policy of manifest.rowPolicies) {
    const restricted = policyName(manifest, policy);
    const allRows = allRowsPolicyName(manifest, policy);
    for (const table of policy.tables) {
      sql.push(
        `ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`,
        `DROP POLICY IF EXISTS ${restricted} ON ${table}`,
        `CREATE POLICY ${restricted} ON ${table} FOR SELECT TO ${policy.restrictedRoles.join(', ')} USING (${lookupPredicate(policy)})`,
        // Once RLS is on, a role without a policy sees no rows: the unrestricted roles need one of their own.
        `DROP POLICY IF EXISTS ${allRows} ON ${table}`,
        `CREATE POLICY ${allRows} ON ${table} TO ${policy.allRowsRoles.join(', ')} USING (true) WITH CHECK (true)`,
      );
    }
  }
  return sql;
}
