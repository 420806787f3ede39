/**
 * `finlake security show|apply` on the ledger product: the real CLI for the refusals, the CLI in
 * this process for the rest (a ledger warehouse built by `finlake run` on PostgreSQL).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase } from '@finlake/engine-postgres/testing';
import { tempDir } from '@finlake/pipeline/testing';
import { ledgerSecurity } from '@finlake/products';
import { LEDGER_SEED } from '@finlake/products/testing';
import { renderRedshift } from '@finlake/security';
import { main } from './main';
import { finlake } from '../testing';

/** Run the CLI in this process; exit code and what it wrote. */
async function run(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    return { status: await main(['node', 'finlake', ...args]), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('finlake security', () => {
  it('shows the Redshift SQL: roles, grants, the department policy attached to dept_manager', async () => {
    const r = await run(['security', 'show', 'ledger', '--engine', 'redshift']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("CALL security.create_role_if_missing('dept_manager');");
    expect(r.stdout).toContain('ATTACH RLS POLICY ledger_department_rows ON ledger_warehouse.mart_budget_variance_monthly, ledger_warehouse.mart_budget_variance_ytd TO ROLE dept_manager;');
    const json = await run(['--json', 'security', 'show', 'ledger', '--engine', 'redshift']);
    expect(JSON.parse(json.stdout)).toEqual({ product: 'ledger', engine: 'redshift', statements: renderRedshift(ledgerSecurity) });
  });

  it('refuses DuckDB, single-user, without creating the database file', async () => {
    const db = join(tempDir('finlake-security-'), 'w.duckdb');
    for (const action of ['apply', 'show']) {
      const r = await run(['--db', db, 'security', action, 'ledger']);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('DuckDB is single-user');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(existsSync(db)).toBe(false);
  });

  it('applies the manifest on PostgreSQL, and again without change', async () => {
    const url = await createTestDatabase('cli_sec');
    const admin = new Client({ connectionString: url });
    await admin.connect();
    try {
      const built = await run(['--engine', 'postgres', '--pg-url', url, 'run', 'ledger', '--input', LEDGER_SEED, '--no-marts']);
      expect([built.status, built.stderr]).toEqual([0, expect.stringContaining('Published')]);
      const first = await run(['--engine', 'postgres', '--pg-url', url, 'security', 'apply', 'ledger']);
      expect([first.status, first.stderr]).toEqual([0, expect.stringContaining('Applied the security manifest of ledger on postgres')]);
      const policies = async () => (await admin.query(`select tablename, policyname, roles::text from pg_policies order by 1, 2`)).rows;
      const before = await policies();
      expect(before).toContainEqual({ tablename: 'mart_budget_variance_ytd', policyname: 'ledger_department_rows', roles: '{dept_manager}' });
      const again = await run(['--engine', 'postgres', '--pg-url', url, '--json', 'security', 'apply', 'ledger']);
      expect(again.status).toBe(0);
      expect(JSON.parse(again.stdout)).toEqual({ product: 'ledger', engine: 'postgres', statements: expect.any(Number), roles: ['finlake_admin', 'finlake_etl', 'finance_analyst', 'dept_manager', 'auditor'] });
      expect(await policies()).toEqual(before);
    } finally {
      await admin.end();
    }
  });

  it.each([
    [['security', 'show', 'commerce', '--engine', 'postgres'], 'Product commerce declares no security manifest'],
    [['--engine', 'postgres', 'security', 'apply', 'nope'], 'Unknown data product "nope"'],
  ])('is a clear usage error for %j (the real CLI)', (args, message) => {
    const r = finlake(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toContain('FINLAKE_DEBUG');
  });
});
