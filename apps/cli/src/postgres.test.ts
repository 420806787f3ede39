/** The CLI on the PostgreSQL engine: runs, concurrency (guarantee 11) and the parity command. */
import { Client } from 'pg';
import { GOLDEN, fingerprint, inputDir } from '@finlake/pipeline/testing';
import { createTestDatabase, testClusterUrl } from '@finlake/engine-postgres/testing';
import { finlake, finlakeAsync, openTarget, TARGETS } from '../testing';

async function tablesOf(args: string[]) {
  const engine = await openTarget(args);
  try {
    return await fingerprint(engine);
  } finally {
    await engine.close();
  }
}

describe('finlake on PostgreSQL', () => {
  it('runs the pipeline with --engine postgres --pg-url and prints the marts', async () => {
    const url = await createTestDatabase();
    const r = finlake(['--engine', 'postgres', '--pg-url', url, 'run', 'commerce', '--input', GOLDEN]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Trail Backpack');
    const again = finlake(['--engine', 'postgres', '--pg-url', url, '--json', 'run', 'commerce', '--input', GOLDEN]);
    expect(JSON.parse(again.stdout).status).toBe('nothing_new');
  });

  it('a bad connection is a clear usage error', () => {
    const r = finlake(['--engine', 'postgres', '--pg-url', 'postgres://nobody@127.0.0.1:1/none', 'status']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Cannot connect to PostgreSQL at postgres://nobody@127.0.0.1:1/none');
  });

  it('a run while another holds the product lock fails at once and changes nothing', async () => {
    const url = await createTestDatabase();
    const args = ['--engine', 'postgres', '--pg-url', url];
    expect(finlake([...args, 'run', 'commerce', '--input', GOLDEN, '--no-marts']).status).toBe(0);
    const before = await tablesOf(args);
    const holder = new Client({ connectionString: url });
    await holder.connect();
    await holder.query(`select pg_advisory_lock(hashtext('finlake:commerce'))`);
    try {
      const r = finlake([...args, 'run', 'commerce', '--input', inputDir(GOLDEN, { 'products_2.csv': 'ProductID,ProductName,Category\nP9,New,Bags\n' })]);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('Another finlake run of commerce is in progress');
    } finally {
      await holder.end();
    }
    expect(await tablesOf(args)).toEqual(before);
  });
});

describe.each(TARGETS)('two runs of the same batch at once ($name)', ({ fresh }) => {
  it('one wins, the other waits or fails clearly; totals equal one run', async () => {
    const reference = await fresh();
    expect(finlake([...reference, 'run', 'commerce', '--input', GOLDEN, '--no-marts']).status).toBe(0);
    const expected = await tablesOf(reference);

    const target = await fresh();
    const runs = await Promise.all([1, 2].map(() => finlakeAsync([...target, 'run', 'commerce', '--input', GOLDEN, '--no-marts'])));
    expect(runs.some((r) => r.status === 0)).toBe(true);
    for (const r of runs.filter((x) => x.status !== 0)) {
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/in progress|in use by another finlake process/);
    }
    expect(await tablesOf(target)).toEqual(expected);
  });
});

describe('finlake parity', () => {
  it('reports identical results on DuckDB and PostgreSQL', () => {
    const r = finlake(['--pg-url', testClusterUrl(), 'parity', '--engines', 'duckdb,postgres', '--input', GOLDEN]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('Identical on duckdb and postgres');
    const json = finlake(['--pg-url', testClusterUrl(), '--json', 'parity', '--input', GOLDEN]);
    const parsed = JSON.parse(json.stdout);
    expect(parsed.identical).toBe(true);
    expect(parsed.tables.map((t: { table: string }) => t.table)).toEqual(expect.arrayContaining(['fact_transactions', 'mart_product_margin']));
  });

  it('rejects a bad engine list', () => {
    const r = finlake(['parity', '--engines', 'duckdb,oracle', '--input', GOLDEN]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--engines takes two of duckdb, postgres');
  });
});
