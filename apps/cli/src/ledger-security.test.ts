/**
 * The ledger product's security manifest: rendered for both engines (snapshots), and applied to a
 * real ledger warehouse on the test run's PostgreSQL cluster (the pipeline run on the seed's
 * sample), where each role reads exactly what it should — also after a later publish replaced
 * the tables.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { PostgresEngine } from '@finlake/engine-postgres';
import { createTestDatabase } from '@finlake/engine-postgres/testing';
import { runPipeline } from '@finlake/pipeline';
import { inputDir } from '@finlake/pipeline/testing';
import { GL_FACT_WITHOUT_DESCRIPTION, ledgerSecurity } from '@finlake/products';
import { LEDGER_SEED } from '@finlake/products/testing';
import { renderPostgres, renderRedshift, securityScript } from '@finlake/security';

const NOW = new Date('2024-12-31T00:00:00Z');

describe('the ledger manifest rendered', () => {
  it.each([
    ['postgres', renderPostgres],
    ['redshift', renderRedshift],
  ] as const)('for %s matches the reviewed snapshot', (_engine, render) => {
    expect(securityScript(render(ledgerSecurity))).toMatchSnapshot();
  });

  it('keeps the GL descriptions from every role but the admin and the ETL', () => {
    const fact = 'ledger_warehouse.fact_gl_actual';
    for (const sql of [renderPostgres(ledgerSecurity), renderRedshift(ledgerSecurity)]) {
      const onFact = sql.filter((s) => s.startsWith('GRANT') && s.includes(fact));
      expect(onFact).toHaveLength(2);
      for (const grant of onFact) expect(grant).not.toContain('description');
    }
  });
});

describe('the ledger manifest on PostgreSQL', () => {
  // Roles are cluster-wide and the cluster is shared by the test run: each run's users are its own.
  const suffix = randomBytes(4).toString('hex');
  const user = (name: string) => `${name}_${suffix}`;
  const users = { manager: user('mgr_d101'), analyst: user('analyst'), auditor: user('aud'), etl: user('etl') };
  let url: string;
  let admin: Client;
  let engine: PostgresEngine;
  const load = async (files: Record<string, string> = {}) => {
    const result = await runPipeline(engine, { product: 'ledger', inputDir: inputDir(LEDGER_SEED, files), now: NOW });
    expect(result.status).toBe('published');
  };

  const apply = async () => {
    for (const statement of renderPostgres(ledgerSecurity)) await admin.query(statement);
  };

  /** Run a query as a login user; the rows, or the error message. */
  const as = async (login: string, sql: string): Promise<Record<string, unknown>[] | string> => {
    const target = new URL(url);
    target.username = login;
    const client = new Client({ connectionString: target.toString() });
    await client.connect();
    try {
      // Several statements give one result each: the last one's rows.
      const results = [await client.query(sql)].flat() as { rows: Record<string, unknown>[] }[];
      return results.at(-1)!.rows;
    } catch (err) {
      return (err as Error).message;
    } finally {
      await client.end();
    }
  };
  const departments = async (login: string, table: string) => {
    const rows = await as(login, `select distinct department_id from ledger_warehouse.${table} order by 1`);
    return typeof rows === 'string' ? rows : rows.map((r) => r.department_id);
  };

  /** What the database says the manifest did: policies, RLS switches, table and column grants. */
  const catalog = async () => ({
    policies: (await admin.query(`select schemaname, tablename, policyname, permissive, roles::text, cmd, qual, with_check from pg_policies order by 1, 2, 3`)).rows,
    rls: (await admin.query(`select relname, relrowsecurity from pg_class where relrowsecurity order by 1`)).rows,
    tables: (await admin.query(`select grantee, table_schema, table_name, privilege_type from information_schema.role_table_grants where grantee in ('finlake_admin', 'finlake_etl', 'finance_analyst', 'dept_manager', 'auditor') order by 1, 2, 3, 4`)).rows,
    columns: (await admin.query(`select grantee, table_name, column_name from information_schema.column_privileges where grantee in ('finance_analyst', 'auditor') and table_name = 'fact_gl_actual' order by 1, 2, 3`)).rows,
  });

  beforeAll(async () => {
    url = await createTestDatabase('sec');
    engine = await PostgresEngine.create({ url });
    await load();
    admin = new Client({ connectionString: url });
    await admin.connect();
    await apply();
    const login = (name: string, role: string) => `create role ${name} login; grant ${role} to ${name};`;
    await admin.query(`${login(users.manager, 'dept_manager')} ${login(users.analyst, 'finance_analyst')} ${login(users.auditor, 'auditor')} ${login(users.etl, 'finlake_etl')}`);
    await admin.query(`insert into security.user_departments values ($1, 'D101'), ('someone_else', 'D102')`, [users.manager]);
  });

  afterAll(async () => {
    await admin.query(`drop owned by ${Object.values(users).join(', ')}; drop role ${Object.values(users).join(', ')}`);
    await admin.end();
    await engine.close();
  });

  it('shows the D101 manager only D101 rows, on both marts', async () => {
    expect(await departments(users.manager, 'mart_budget_variance_monthly')).toEqual(['D101']);
    expect(await departments(users.manager, 'mart_budget_variance_ytd')).toEqual(['D101']);
  });

  it('shows the manager only its own rows of the lookup, and nothing beyond the marts', async () => {
    expect(await as(users.manager, 'select user_name, department_id from security.user_departments')).toEqual([{ user_name: users.manager, department_id: 'D101' }]);
    expect(await as(users.manager, 'select transaction_id from ledger_warehouse.fact_gl_actual')).toMatch(/permission denied for table fact_gl_actual/);
    expect(await as(users.manager, 'select * from meta.ledger')).toMatch(/permission denied/);
  });

  it('shows the analyst every row of both marts and the dimensions', async () => {
    expect(await departments(users.analyst, 'mart_budget_variance_monthly')).toEqual(['D101', 'D102', 'D103']);
    expect(await departments(users.analyst, 'mart_budget_variance_ytd')).toEqual(['D101', 'D102', 'D103']);
    expect(await as(users.analyst, 'select count(distinct department_id)::int as n from ledger_warehouse.dim_department')).toEqual([{ n: 3 }]);
  });

  it.each([
    ['analyst', users.analyst],
    ['auditor', users.auditor],
  ])('lets the %s read the GL fact but not its descriptions', async (_name, login) => {
    expect(await as(login, `select transaction_id, amount_dr from ledger_warehouse.fact_gl_actual where transaction_id = '1'`)).toEqual([{ transaction_id: '1', amount_dr: '1500.00' }]);
    expect(await as(login, 'select description from ledger_warehouse.fact_gl_actual')).toMatch(/permission denied for table fact_gl_actual/);
    expect(await as(login, 'select * from ledger_warehouse.fact_gl_actual')).toMatch(/permission denied for table fact_gl_actual/);
  });

  it('lets the auditor read the run records, and not the marts', async () => {
    for (const table of ['ledger', 'gate_results', 'runs']) expect(await as(users.auditor, `select count(*) > 0 as some from meta.${table}`)).toEqual([{ some: true }]);
    expect(await as(users.auditor, 'select count(*)::int as n from meta.quarantine')).toEqual([{ n: 0 }]);
    expect(await as(users.auditor, 'select * from ledger_warehouse.mart_budget_variance_monthly')).toMatch(/permission denied/);
  });

  it('lets the ETL role write staging, the warehouse and meta, and never read the security lookup', async () => {
    expect(await as(users.etl, `update ledger_staging.stg_accounts set account_name = account_name where account_id = 'A001' returning account_id`)).toEqual([{ account_id: 'A001' }]);
    expect(await as(users.etl, `create table ledger_staging.keymap_scratch (k integer); drop table ledger_staging.keymap_scratch`)).toEqual([]);
    expect(await as(users.etl, `insert into meta.runs (run_id, product, started_at, status) values ('etl-probe', 'ledger', now(), 'running') returning run_id`)).toEqual([{ run_id: 'etl-probe' }]);
    expect(await departments(users.etl, 'mart_budget_variance_monthly')).toEqual(['D101', 'D102', 'D103']);
    expect(await as(users.etl, 'select * from security.user_departments')).toMatch(/permission denied for schema security/);
    expect(await as(users.etl, `grant dept_manager to ${users.etl}`)).toMatch(/permission denied|must have admin option/);
  });

  it('grants every column of the GL fact but its description', async () => {
    const columns = (await admin.query(`select column_name from information_schema.columns where table_schema = 'ledger_warehouse' and table_name = 'fact_gl_actual' order by ordinal_position`)).rows.map((r) => r.column_name);
    expect(columns.filter((c) => c !== 'description')).toEqual(GL_FACT_WITHOUT_DESCRIPTION);
  });

  it('changes nothing when applied again', async () => {
    const before = await catalog();
    expect(before.policies.length).toBeGreaterThan(0);
    await apply();
    expect(await catalog()).toEqual(before);
    expect(await departments(users.manager, 'mart_budget_variance_monthly')).toEqual(['D101']);
  });

  it('keeps every grant and policy when a later publish replaces the tables (the run applies them again)', async () => {
    const before = await catalog();
    await load({ 'transactions_2024_04.csv': 'TransactionID,Date,DepartmentID,AccountID,Amount,Description\n50,2024-04-02,D101,A001,90.00,April supplies\n51,2024-04-03,D102,A002,40.00,April licence\n' });
    expect(await as(users.analyst, `select count(*)::int as n from ledger_warehouse.mart_budget_variance_monthly where period = '2024-04'`)).toEqual([{ n: 2 }]);
    expect(await departments(users.manager, 'mart_budget_variance_monthly')).toEqual(['D101']);
    expect(await as(users.auditor, 'select description from ledger_warehouse.fact_gl_actual')).toMatch(/permission denied for table fact_gl_actual/);
    expect(await catalog()).toEqual(before);
  });
});
