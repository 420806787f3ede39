/** The renderers on a small manifest: what each engine gets, the invariants that make reapplying safe, and the refusals. */
import { UsageError } from '@finlake/errors';
import { renderPostgres, renderRedshift, renderSecurity, securityScript, validateManifest, type SecurityManifest } from '.';

const shop: SecurityManifest = {
  product: 'shop',
  roles: [
    { name: 'shop_admin', purpose: 'everything' },
    { name: 'shop_reader', purpose: 'every row' },
    { name: 'shop_manager', purpose: 'own regions' },
  ],
  schemaGrants: [{ role: 'shop_admin', schema: 'shop_warehouse', privileges: ['select', 'insert'], create: true }],
  tableGrants: [
    { role: 'shop_reader', tables: ['shop_warehouse.mart_sales'], privileges: ['select'] },
    { role: 'shop_manager', tables: ['shop_warehouse.mart_sales'], privileges: ['select'] },
  ],
  columnGrants: [{ role: 'shop_reader', table: 'shop_warehouse.fact_sales', columns: ['sale_id', 'amount'] }],
  rowPolicies: [
    {
      name: 'region_rows',
      tables: ['shop_warehouse.mart_sales'],
      column: 'region_id',
      columnType: 'varchar(10)',
      lookup: { table: 'security.user_regions', userColumn: 'user_name', keyColumn: 'region_id', keyType: 'varchar(10)', maintainers: ['shop_admin'] },
      restrictedRoles: ['shop_manager'],
      allRowsRoles: ['shop_admin', 'shop_reader'],
    },
  ],
};

describe.each([
  ['postgres', renderPostgres],
  ['redshift', renderRedshift],
] as const)('%s rendering', (_engine, render) => {
  const sql = render(shop);

  it('matches the reviewed snapshot', () => {
    expect(securityScript(sql)).toMatchSnapshot();
  });

  it('creates every role and grants USAGE on every schema a role reads', () => {
    for (const role of shop.roles) expect(sql.some((s) => s.includes(role.name) && /CREATE ROLE|create_role_if_missing\('/.test(s))).toBe(true);
    expect(sql.filter((s) => s.startsWith('GRANT USAGE ON SCHEMA shop_warehouse'))).toHaveLength(3);
  });

  it('drops every policy right before creating it, so reapplying replaces instead of failing', () => {
    const creates = sql.flatMap((s, i) => (/^CREATE (RLS )?POLICY /.test(s) ? [i] : []));
    expect(creates.length).toBeGreaterThan(0);
    for (const i of creates) {
      const [, kind, name, table] = /^CREATE (RLS POLICY|POLICY) (\w+)(?: ON (\S+))?/.exec(sql[i]!)!;
      expect(sql[i - 1]).toBe(kind === 'POLICY' ? `DROP POLICY IF EXISTS ${name} ON ${table}` : `DROP RLS POLICY IF EXISTS ${name} CASCADE`);
    }
  });

  it('limits the restricted roles by the lookup and gives the others a policy of every row', () => {
    const predicate = 'region_id IN (SELECT region_id FROM security.user_regions WHERE user_name = current_user)';
    expect(sql.find((s) => s.includes(predicate))).toMatch(/shop_region_rows /);
    expect(sql.find((s) => s.includes('shop_region_rows_all_rows') && s.includes('USING (true)'))).toBeDefined();
  });

  it('grants the narrow columns and nothing else of the fact', () => {
    expect(sql.filter((s) => s.includes('fact_sales'))).toEqual([expect.stringMatching(/^GRANT SELECT \(sale_id, amount\) ON (TABLE )?shop_warehouse\.fact_sales TO (ROLE )?shop_reader$/)]);
  });
});

describe('engine differences', () => {
  it('PostgreSQL lets the restricted roles read their own rows of the lookup; Redshift grants the lookup to the policy only', () => {
    expect(renderPostgres(shop)).toEqual(expect.arrayContaining(['CREATE POLICY shop_region_rows_own_keys ON security.user_regions FOR SELECT TO shop_manager USING (user_name = current_user)']));
    const redshift = renderRedshift(shop);
    expect(redshift).toContain('GRANT SELECT ON TABLE security.user_regions TO RLS POLICY shop_region_rows');
    expect(redshift.filter((s) => s.includes('security.user_regions') && s.includes('shop_manager'))).toEqual([]);
  });
});

describe('validateManifest', () => {
  it.each<[string, Partial<SecurityManifest>, string]>([
    ['an undeclared role', { tableGrants: [{ role: 'nobody', tables: ['shop_warehouse.mart_sales'], privileges: ['select'] }] }, 'names the role "nobody"'],
    ['an unqualified table', { columnGrants: [{ role: 'shop_reader', table: 'fact_sales', columns: ['amount'] }] }, 'names "fact_sales", not schema.table'],
    ['a name that needs quoting', { roles: [...shop.roles, { name: 'Shop Reader', purpose: '' }] }, '"Shop Reader" is not a plain lower-case SQL name'],
    ['a reserved word', { columnGrants: [{ role: 'shop_reader', table: 'shop_warehouse.fact_sales', columns: ['user'] }] }, '"user" is not a plain lower-case SQL name'],
    ['a policy declared twice', { rowPolicies: [shop.rowPolicies[0]!, shop.rowPolicies[0]!] }, 'declared twice'],
    ['a bad column type', { rowPolicies: [{ ...shop.rowPolicies[0]!, columnType: 'varchar(10); drop table x' }] }, 'is not a SQL type'],
  ])('refuses %s, naming it', (_name, change, fragment) => {
    expect(() => validateManifest({ ...shop, ...change })).toThrow(UsageError);
    expect(() => validateManifest({ ...shop, ...change })).toThrow(fragment);
  });

  it('lists every problem at once', () => {
    const bad = { ...shop, tableGrants: [{ role: 'x', tables: ['t'], privileges: ['select' as const] }] };
    expect(() => validateManifest(bad)).toThrow(/names the role "x"[\s\S]*names "t", not schema.table/);
  });
});

describe('renderSecurity', () => {
  it('refuses DuckDB: it is single-user', () => {
    expect(() => renderSecurity(shop, 'duckdb')).toThrow(UsageError);
    expect(() => renderSecurity(shop, 'duckdb')).toThrow('DuckDB is single-user');
  });

  it('renders the other engines', () => {
    expect(renderSecurity(shop, 'postgres')).toEqual(renderPostgres(shop));
    expect(renderSecurity(shop, 'redshift')).toEqual(renderRedshift(shop));
  });
});
