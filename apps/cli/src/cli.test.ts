import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDbEngine } from '@finlake/engine-duckdb';
import { GOLDEN, fingerprint, inputDir, readFixture, tempDir } from '@finlake/pipeline/testing';
import { finlake } from '../testing';

const TX_HEADER = readFixture('transactions.csv').split('\n')[0]!;

describe('finlake CLI', () => {
  it('prints help for every command and exits 0', () => {
    for (const args of [['--help'], ['run', '--help'], ['generate', 'commerce', '--help'], ['status', '--help'], ['quarantine', '--help'], ['report', '--help'], ['demo', '--help'], ['security', 'apply', '--help'], ['security', 'show', '--help']]) {
      const r = finlake(args);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('Usage: finlake');
    }
  });

  it('the installed `finlake` binary runs', () => {
    const bin = spawnSync(join(__dirname, '..', '..', '..', 'node_modules', '.bin', 'finlake'), ['--help'], { encoding: 'utf8' });
    expect(bin.status).toBe(0);
    expect(bin.stdout).toContain('Usage: finlake');
  });

  it.each([
    [['run', 'commerce'], "required option '--input <path>' not specified (the directory of raw CSV files, e.g. data/raw/commerce, or one file)"],
    [['--json', 'demo'], 'The demo prints for people'],
    [['run', 'commerce', '--input', '/no/such/dir'], 'Input not found: /no/such/dir'],
    [['run', 'ledgers', '--input', '.'], 'Unknown data product "ledgers"'],
    [['run', 'commerce', '--input', '.', '--max-quarantine-rate', '7'], 'between 0 and 1'],
    [['generate', 'commerce', '--rows', 'many', '--out', '/tmp/x'], '--rows must be a positive whole number'],
    [['frobnicate'], "unknown command 'frobnicate'"],
  ])('usage errors exit 2 with a clear message: %j', (args, message) => {
    const r = finlake([...args]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('runs the pipeline, prints the marts, and exits 0; a re-run is a no-op that also exits 0', () => {
    const db = join(tempDir(), 'w.duckdb');
    const first = finlake(['--db', db, 'run', 'commerce', '--input', GOLDEN]);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('mart_monthly_channel_margin');
    expect(first.stdout).toContain('mart_channel_roas');
    expect(first.stdout).toContain('mart_product_margin');
    expect(first.stdout).toContain('Trail Backpack');
    const again = finlake(['--db', db, '--json', 'run', 'commerce', '--input', GOLDEN]);
    expect(again.status).toBe(0);
    const json = JSON.parse(again.stdout);
    expect(json.status).toBe('nothing_new');
    expect(json.files.map((f: { status: string }) => f.status)).toEqual(['skipped', 'skipped', 'skipped', 'skipped']);
    const status = finlake(['--db', db, '--json', 'status']);
    expect(JSON.parse(status.stdout).ledger).toHaveLength(8);
  });

  it('demo runs every product over its bundled samples, as npm start does; again, it loads nothing new', () => {
    const db = join(tempDir(), 'w.duckdb');
    const first = finlake(['--db', db, 'demo', '--no-marts']);
    expect(first.status).toBe(0);
    expect(first.stderr).toContain('== Commerce (commerce): samples in data/raw/commerce');
    expect(first.stderr).toMatch(/Run \S+ \(commerce\): published/);
    const again = finlake(['--db', db, 'demo', '--no-marts']);
    expect(again.status).toBe(0);
    expect(again.stderr).toMatch(/Run \S+ \(commerce\): nothing_new/);
  });

  it('--dry-run prints the plan and writes nothing; after a run it shows files skipped and new rows appended', () => {
    const db = join(tempDir(), 'w.duckdb');
    const plan = finlake(['--db', db, '--json', 'run', 'commerce', '--input', GOLDEN, '--dry-run']);
    expect(plan.status).toBe(0);
    expect(existsSync(db)).toBe(false);
    const first = JSON.parse(plan.stdout);
    expect(first.files.map((f: { action: string }) => f.action)).toEqual(['new', 'new', 'new', 'new']);
    expect(first.models.every((m: { build: string }) => m.build === 'rebuild')).toBe(true);
    expect(first.gate.length).toBeGreaterThan(20);

    const run = finlake(['--db', db, '--json', 'run', 'commerce', '--input', GOLDEN, '--no-marts']);
    expect(run.status).toBe(0);
    // The plan's checks are the checks the run's gate ran.
    expect(first.gate.map((g: { check: string }) => g.check).sort()).toEqual(JSON.parse(run.stdout).gate.map((g: { check: string }) => g.check).sort());
    const before = readFileSync(db);

    const more = inputDir(GOLDEN, { 'transactions-2.csv': `${TX_HEADER}\n${readFixture('transactions.csv').split('\n')[1]!.replace(/^[^,]+/, 'T-DRY-1')}\n` });
    const next = JSON.parse(finlake(['--db', db, '--json', 'run', 'commerce', '--input', more, '--dry-run']).stdout);
    expect(next.files.filter((f: { action: string }) => f.action === 'new').map((f: { file: string }) => f.file)).toEqual(['transactions-2.csv']);
    expect(next.files.filter((f: { action: string }) => f.action === 'skipped')).toHaveLength(4);
    expect(next.models.find((m: { name: string }) => m.name === 'fact_transactions').build).toBe('append');
    expect(readFileSync(db).equals(before)).toBe(true);

    const text = finlake(['--db', db, 'run', 'commerce', '--input', more, '--dry-run']);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('dry run: nothing is written');
    expect(text.stdout).toContain('transactions-2.csv');
  });

  it('exits 3 when data is rejected or the gate blocks, and publishes nothing', () => {
    const db = join(tempDir(), 'w.duckdb');
    const broken = inputDir(GOLDEN, { 'transactions.csv': readFixture('transactions.csv').replace('UnitPrice', 'Price') });
    const r = finlake(['--db', db, 'run', 'commerce', '--input', broken]);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('HEADER_MISSING_COLUMN');
    expect(r.stderr).toContain('nothing was published');
    const blocked = inputDir(GOLDEN, { 'transactions.csv': `${TX_HEADER}\nB1,2024-02-22T10:00:00Z,P1,C1,Online Store,N/A,80.00,0.00,0.00,0.00,0.00,0.00,USD,false\n` });
    const r2 = finlake(['--db', db, 'run', 'commerce', '--input', blocked]);
    expect(r2.status).toBe(3);
    expect(r2.stderr).toContain('QUARANTINE_RATE_EXCEEDED');
  });

  it('a second run against a database held by a running one fails at once and changes nothing', async () => {
    const db = join(tempDir(), 'w.duckdb');
    expect(finlake(['--db', db, 'run', 'commerce', '--input', GOLDEN, '--no-marts']).status).toBe(0);
    const engine = await DuckDbEngine.create({ path: db });
    const before = await fingerprint(engine);
    await engine.close();

    // Another process holds the database open (as a long run would).
    const holder = spawn(process.execPath, ['-e', `require('@duckdb/node-api').DuckDBInstance.create(${JSON.stringify(db)}).then(() => { process.stdout.write('open\\n'); setTimeout(() => {}, 60000); })`], { cwd: process.cwd() });
    await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
    try {
      const started = Date.now();
      const more = inputDir(GOLDEN, { 'transactions_2.csv': `${TX_HEADER}\nT10,2024-02-22T10:00:00Z,P1,C1,Wholesale,1,80.00,0.00,0.00,0.00,0.00,0.00,USD,false\n` });
      const r = finlake(['--db', db, 'run', 'commerce', '--input', more]);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('is in use by another finlake process');
      expect(r.stderr).toContain('nothing was changed');
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      holder.kill('SIGKILL');
      await new Promise((resolve) => holder.once('close', resolve));
    }
    const after = await DuckDbEngine.create({ path: db });
    expect(await fingerprint(after)).toEqual(before);
    await after.close();
  });

  it('quarantine export escapes formula-like text; report writes Markdown with escaped text', () => {
    const dir = tempDir();
    const db = join(dir, 'w.duckdb');
    const hostile = inputDir(GOLDEN, {
      'products.csv': 'ProductID,ProductName,Category\nP1,"=HYPERLINK(""http://evil"",""x"")",Bags\nP2,<script>alert(1)</script> | pipe,Accessories\nP3,Rain Jacket,Apparel\nP4,@SUM(A1),\n',
      'transactions.csv': `${readFixture('transactions.csv')}X1,2024-01-05T10:00:00Z,P1,"=HYPERLINK(""http://evil"",""x"")",Online Store,1,50.00,0.00,3.60,0.00,0.00,1.00,USD,false\n`,
    });
    expect(finlake(['--db', db, 'run', 'commerce', '--input', hostile, '--max-quarantine-rate', '0.5', '--no-marts']).status).toBe(0);
    const out = join(dir, 'q.csv');
    const exported = finlake(['--db', db, 'quarantine', 'export', '--out', out]);
    expect(exported.status).toBe(0);
    const csv = readFileSync(out, 'utf8');
    expect(csv.split('\n')[0]).toBe('file_name,line_number,column_name,reason_code,raw_value,raw_record,batch_id');
    expect(csv).toContain('products.csv,5,Category,REQUIRED_MISSING,,"P4,@SUM(A1),"');
    // A raw value that a spreadsheet would run as a formula is written as text.
    expect(csv).toContain(`transactions.csv,11,CustomerID,INVALID_ID,"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csv).not.toMatch(/,=HYPERLINK/);
    const report = join(dir, 'r.md');
    const r = finlake(['--db', db, 'report', 'commerce', '--out', report]);
    expect(r.status).toBe(0);
    const md = readFileSync(report, 'utf8');
    expect(md).toContain('&lt;script&gt;alert(1)&lt;/script&gt; \\| pipe');
    expect(md).not.toContain('<script>');
    const list = finlake(['--db', db, '--json', 'quarantine', 'list', '--reason', 'required_missing']);
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ file_name: 'products.csv', line_number: 5, column_name: 'Category', reason_code: 'REQUIRED_MISSING' })]);
    // The dimension keeps the hostile name as data; the report escaped it above.
    expect(md).toContain('=HYPERLINK("http://evil","x")');
    // An unknown reason is a usage error listing the codes; a cut list says so.
    const unknown = finlake(['--db', db, 'quarantine', 'list', '--reason', 'INVALID_NUMBR']);
    expect([unknown.status, unknown.stderr]).toEqual([2, expect.stringMatching(/--reason INVALID_NUMBR is not a reason code\. Reason codes: .*INVALID_NUMBER.*REQUIRED_MISSING/)]);
    const cut = finlake(['--db', db, 'quarantine', 'list', '--limit', '1']);
    expect(cut.status).toBe(0);
    expect(cut.stdout).toContain('Showing the first 1 rows; more match: --limit <n> shows more');
    expect(finlake(['--db', db, 'quarantine', 'list', '--limit', '50']).stdout).not.toContain('Showing the first');
  });
});
