import { UsageError } from '@finlake/errors';

/**
 * Who may read and write what in a product's warehouse: roles, grants on whole schemas, tables
 * and columns, and row-level policies. Data only, so every product declares its own and one
 * renderer per engine (renderPostgres, renderRedshift) turns it into SQL. Tables are named
 * `schema.table` (the schemas from productSchemas in @finlake/contracts).
 */
export interface SecurityManifest {
  /** The product it protects: it names the policies (Redshift policy names are database-wide). */
  readonly product: string;
  readonly roles: readonly SecurityRole[];
  readonly schemaGrants: readonly SchemaGrant[];
  readonly tableGrants: readonly TableGrant[];
  readonly columnGrants: readonly ColumnGrant[];
  readonly rowPolicies: readonly RowPolicy[];
}

export interface SecurityRole {
  readonly name: string;
  /** What the role is for, one line (docs and `finlake security show`). */
  readonly purpose: string;
}

export type TablePrivilege = 'select' | 'insert' | 'update' | 'delete';

/** Every table of a schema (as it is when the manifest is applied), and CREATE in it when `create`. */
export interface SchemaGrant {
  readonly role: string;
  readonly schema: string;
  readonly privileges: readonly TablePrivilege[];
  readonly create: boolean;
}

export interface TableGrant {
  readonly role: string;
  readonly tables: readonly string[];
  readonly privileges: readonly TablePrivilege[];
}

/** SELECT on some columns only: what a role must not read (free-text descriptions) is left out. */
export interface ColumnGrant {
  readonly role: string;
  readonly table: string;
  readonly columns: readonly string[];
}

/**
 * Rows limited by a lookup: a role in `restrictedRoles` sees the rows of `tables` whose `column`
 * is one of the lookup's keys for `current_user`; a role in `allRowsRoles` sees every row. Any
 * other role sees none (both engines fail closed once row-level security is on).
 */
export interface RowPolicy {
  /** Short name, unique in the manifest; the policies are named `<product>_<name>` and `<product>_<name>_all_rows`. */
  readonly name: string;
  readonly tables: readonly string[];
  readonly column: string;
  /** The column's SQL type (Redshift's CREATE RLS POLICY declares it). */
  readonly columnType: string;
  readonly lookup: PolicyLookup;
  readonly restrictedRoles: readonly string[];
  readonly allRowsRoles: readonly string[];
}

/** A table of (user, key) rows: which keys each database user may see. Created by the rendering when missing. */
export interface PolicyLookup {
  readonly table: string;
  readonly userColumn: string;
  readonly keyColumn: string;
  readonly keyType: string;
  /** The roles that maintain it (read and write every row). */
  readonly maintainers: readonly string[];
}

/** A qualified table name split into its schema and table. */
export function splitTable(qualified: string): { schema: string; table: string } {
  const [schema, table, ...rest] = qualified.split('.');
  if (!schema || !table || rest.length) throw new UsageError(`A security manifest names tables as schema.table: "${qualified}".`);
  return { schema, table };
}

// Names are rendered unquoted, so the SQL reads as written by hand: plain lower-case names only,
// and none of the reserved words a role, table or column could plausibly be called.
const NAME = /^[a-z_][a-z0-9_]*$/;
const RESERVED = new Set(['all', 'current_user', 'group', 'order', 'public', 'role', 'select', 'table', 'user']);
const TYPE = /^[a-z][a-z0-9 ]*(\(\d+(,\s*\d+)?\))?$/;

/** Every problem of a manifest in one error (unknown roles, unqualified tables, names that need quoting). */
export function validateManifest(manifest: SecurityManifest): void {
  const problems: string[] = [];
  const roles = new Set(manifest.roles.map((r) => r.name));
  const role = (name: string, where: string) => {
    if (!roles.has(name)) problems.push(`${where} names the role "${name}", which the manifest does not declare`);
  };
  const name = (value: string, what: string) => {
    if (!NAME.test(value) || RESERVED.has(value)) problems.push(`${what} "${value}" is not a plain lower-case SQL name`);
  };
  const table = (qualified: string, where: string) => {
    const parts = qualified.split('.');
    if (parts.length !== 2) problems.push(`${where} names "${qualified}", not schema.table`);
    else parts.forEach((p) => name(p, `${where}: the name`));
  };
  name(manifest.product, 'The product');
  for (const r of manifest.roles) name(r.name, 'The role');
  for (const g of manifest.schemaGrants) {
    role(g.role, `The grant on schema ${g.schema}`);
    name(g.schema, 'The schema');
  }
  for (const g of manifest.tableGrants) {
    role(g.role, 'A table grant');
    g.tables.forEach((t) => table(t, `The grant to ${g.role}`));
  }
  for (const g of manifest.columnGrants) {
    role(g.role, `The column grant on ${g.table}`);
    table(g.table, `The column grant to ${g.role}`);
    g.columns.forEach((c) => name(c, `The column grant on ${g.table}: the column`));
  }
  const policyNames = new Set<string>();
  for (const p of manifest.rowPolicies) {
    name(p.name, 'The row policy');
    if (policyNames.has(p.name)) problems.push(`The row policy "${p.name}" is declared twice`);
    policyNames.add(p.name);
    [...p.restrictedRoles, ...p.allRowsRoles, ...p.lookup.maintainers].forEach((r) => role(r, `The row policy ${p.name}`));
    [...p.tables, p.lookup.table].forEach((t) => table(t, `The row policy ${p.name}`));
    [p.column, p.lookup.userColumn, p.lookup.keyColumn].forEach((c) => name(c, `The row policy ${p.name}: the column`));
    [p.columnType, p.lookup.keyType].forEach((t) => TYPE.test(t) || problems.push(`The row policy ${p.name}: "${t}" is not a SQL type`));
  }
  if (problems.length) throw new UsageError(`The security manifest of ${manifest.product} is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
}

/** The schemas a role reads or writes anything in (it needs USAGE on each). */
export function schemasOf(manifest: SecurityManifest, role: string): string[] {
  const schemas = [
    ...manifest.schemaGrants.filter((g) => g.role === role).map((g) => g.schema),
    ...manifest.tableGrants.filter((g) => g.role === role).flatMap((g) => g.tables.map((t) => splitTable(t).schema)),
    ...manifest.columnGrants.filter((g) => g.role === role).map((g) => splitTable(g.table).schema),
  ];
  return [...new Set(schemas)];
}

/** The lookup tables of the manifest's policies, each once. */
export function lookupsOf(manifest: SecurityManifest): PolicyLookup[] {
  const byTable = new Map(manifest.rowPolicies.map((p) => [p.lookup.table, p.lookup]));
  return [...byTable.values()];
}

export const policyName = (manifest: SecurityManifest, policy: RowPolicy): string => `${manifest.product}_${policy.name}`;
export const allRowsPolicyName = (manifest: SecurityManifest, policy: RowPolicy): string => `${policyName(manifest, policy)}_all_rows`;

/** The predicate both engines use: the row's key is one of the current user's keys in the lookup. */
export function lookupPredicate(policy: RowPolicy): string {
  const { column, lookup } = policy;
  return `${column} IN (SELECT ${lookup.keyColumn} FROM ${lookup.table} WHERE ${lookup.userColumn} = current_user)`;
}
