import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GOLDEN, inputDir, readFixture, tempDir } from '@finlake/pipeline/testing';
import { finlake } from '../testing';
import { cliCommand, defaultReportPath } from './warehouse';

/** A usage error: exit 2, the message on stderr, no stack trace. */
function expectUsageError(args: string[], ...fragments: string[]): string {
  const r = finlake(args);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  for (const fragment of fragments) expect(r.stderr).toContain(fragment);
  expect(r.status).toBe(2);
  return r.stderr;
}

const EXPECTED = 'Expected, one or more per entity: products.csv, cogs.csv, marketing_spend.csv, transactions.csv.';

describe('finlake run --input: what the product expects and what was found', () => {
  const dir = tempDir();
  const db = join(dir, 'w.duckdb');
  const folder = (name: string, files: Record<string, string>) => {
    const path = join(dir, name);
    mkdirSync(path, { recursive: true });
    for (const [file, content] of Object.entries(files)) {
      mkdirSync(join(path, file, '..'), { recursive: true });
      writeFileSync(join(path, file), content);
    }
    return path;
  };

  it.each([
    ['an empty directory', {}, ['No commerce file in', 'Found: nothing (the directory is empty).']],
    ['no matching file', { 'notes.txt': 'x', 'orders.csv': 'a\n' }, ['No commerce file in', 'Found: orders.csv (matches no entity), notes.txt.']],
    [
      'misnamed files',
      { 'transaction_2025-01.csv': readFixture('transactions.csv'), 'marketing-spend.csv': readFixture('marketing_spend.csv') },
      ['No commerce file in', 'Found: marketing-spend.csv (rename to marketing_spend.csv), transaction_2025-01.csv (rename to transactions_2025-01.csv).'],
    ],
    [
      'files only in a subfolder',
      { '2025-01/products.csv': readFixture('products.csv'), '2025-01/transactions.csv': readFixture('transactions.csv') },
      ['No commerce file in', 'Found: 2025-01/.', 'Subfolders are not read: 2025-01/ has products.csv, transactions.csv.'],
    ],
  ])('%s: exit 2, nothing written', (name, files, fragments) => {
    const input = folder(name.replace(/\W+/g, '-'), files);
    expectUsageError(['--db', db, 'run', 'commerce', '--input', input], EXPECTED, "A file's name is `<entity>.csv`, `<entity>_<anything>.csv` or `<entity>-<anything>.csv`", ...fragments);
    expectUsageError(['--db', db, 'run', 'commerce', '--input', input, '--dry-run'], EXPECTED, ...fragments);
    expect(existsSync(db)).toBe(false);
  });

  it('a misnamed file beside good ones stops the run before anything is loaded', () => {
    const input = inputDir(GOLDEN, { 'transaction_2025-02.csv': readFixture('transactions.csv') });
    expectUsageError(['--db', db, 'run', 'commerce', '--input', input], '1 file(s) in', 'match no commerce entity; nothing was loaded.', 'transaction_2025-02.csv (rename to transactions_2025-02.csv)', 'products.csv');
    expect(existsSync(db)).toBe(false);
  });

  it('--input may name one file; a file of no entity is a usage error', () => {
    const one = finlake(['--db', db, '--json', 'run', 'commerce', '--input', join(GOLDEN, 'products.csv'), '--dry-run']);
    expect(one.status).toBe(0);
    expect(JSON.parse(one.stdout).files.map((f: { file: string }) => f.file)).toEqual(['products.csv']);
    const notes = folder('single', { 'product-list.xlsx': 'PK\x03\x04' });
    expectUsageError(['--db', db, 'run', 'commerce', '--input', join(notes, 'product-list.xlsx')], 'product-list.xlsx is not a commerce file.', 'Found: product-list.xlsx (rename to products-list.csv).');
  });
});

describe('read commands never create a warehouse', () => {
  const dir = tempDir();

  it.each([['status'], ['quarantine'], ['quarantine', 'list'], ['report', 'commerce']])('%s on a missing --db: exit 2, no file created', (...command) => {
    const db = join(dir, 'missing', 'w.duckdb');
    expectUsageError(['--db', db, ...command], `No warehouse at ${db}:`, 'reads a warehouse and never creates one', `finlake --db ${db} run commerce --input data/raw/commerce`);
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });

  it.each([
    ['a text file', 'hello\n', 'is not a DuckDB database file (another kind of file); nothing was changed.'],
    ['an empty file', '', 'is not a DuckDB database file (it is empty); nothing was changed.'],
  ])('a --db that is %s: exit 2 with a clear message, for reads and runs alike', (name, content, message) => {
    const db = join(dir, `${name.replace(/\W+/g, '-')}.duckdb`);
    writeFileSync(db, content);
    for (const command of [['status'], ['report', 'commerce'], ['run', 'commerce', '--input', GOLDEN, '--no-marts']]) {
      expectUsageError(['--db', db, ...command], `${db} ${message}`, "Give --db the warehouse's database file");
    }
  });

  it('a --db that is a directory, or under a file: exit 2', () => {
    expectUsageError(['--db', dir, 'status'], `${dir} is a directory, not a DuckDB database file`);
    const file = join(dir, 'plain.txt');
    writeFileSync(file, 'x');
    expectUsageError(['--db', join(file, 'w.duckdb'), 'run', 'commerce', '--input', GOLDEN], `Cannot create the folder of the database ${join(file, 'w.duckdb')}: a file is in the way.`);
  });
});

describe('generate and report refuse outputs they would get wrong', () => {
  const dir = tempDir();

  it('generate --out: a non-empty directory needs --force; a file is refused', () => {
    const sample = inputDir(GOLDEN);
    const before = readFileSync(join(sample, 'products.csv'), 'utf8');
    expectUsageError(['generate', 'commerce', '--rows', '10', '--out', sample], `--out ${sample} is not empty (cogs.csv, marketing_spend.csv, products.csv, transactions.csv)`, 'add --force to write into it anyway');
    expect(readFileSync(join(sample, 'products.csv'), 'utf8')).toBe(before);
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    expectUsageError(['generate', 'commerce', '--rows', '10', '--out', file], `--out ${file} is a file; give a directory`);
    const forced = finlake(['generate', 'commerce', '--rows', '10', '--out', sample, '--force']);
    expect(forced.status).toBe(0);
    expect(readFileSync(join(sample, 'products.csv'), 'utf8')).not.toBe(before);
    expect(finlake(['generate', 'commerce', '--rows', '10', '--out', join(dir, 'new', 'folder')]).status).toBe(0);
  });

  it.each([['report.pdf', '.pdf'], ['report', '(no extension)']])('report --out %s: exit 2 naming the supported formats', (name, what) => {
    const out = join(dir, name);
    expectUsageError(['--db', join(dir, 'none.duckdb'), 'report', 'commerce', '--out', out], `--out ${out}: unsupported report format ${what}. Supported: .html, .htm, .md`);
    expect(existsSync(out)).toBe(false);
  });

  (process.platform === 'linux' ? it : it.skip)('report --open: an opener that fails is reported with the URL; the report stands', () => {
    const db = join(dir, 'w.duckdb');
    expect(finlake(['--db', db, 'run', 'commerce', '--input', GOLDEN, '--no-marts']).status).toBe(0);
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'xdg-open'), '#!/bin/sh\nexit 3\n');
    chmodSync(join(bin, 'xdg-open'), 0o755);
    const out = join(dir, 'opened.html');
    const r = finlake(['--db', db, 'report', 'commerce', '--out', out, '--open'], { PATH: bin });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`Opening file://${out} with xdg-open.`);
    expect(r.stderr).toContain(`xdg-open could not open the report (exit code 3): open file://${out} in a browser.`);
    expect(existsSync(out)).toBe(true);
  });
});

describe('output scoped to the warehouse', () => {
  it('two warehouses write two reports, each beside its file, and the hints repeat the --db in use', () => {
    const dir = tempDir();
    const [a, b] = [join(dir, 'a', 'w.duckdb'), join(dir, 'b b', 'w.duckdb')];
    // The bundled sample: a few quarantined rows, and marts longer than the terminal preview.
    const ra = finlake(['--db', a, 'run', 'commerce', '--input', 'data/raw/commerce']);
    const rb = finlake(['--db', b, 'run', 'commerce', '--input', 'data/raw/commerce']);
    expect([ra.status, rb.status]).toEqual([0, 0]);
    expect(ra.stderr).toContain(`Report: ${join(dir, 'a', 'w-commerce.html')}`);
    expect(rb.stderr).toContain(`Report: ${join(dir, 'b b', 'w-commerce.html')}`);
    expect(ra.stdout).toContain(`\`finlake --db ${a} report commerce\` shows all.`);
    expect(rb.stdout).toContain(`\`finlake --db '${b}' report commerce\` shows all.`);
    expect(ra.stderr).toContain(`see \`finlake --db ${a} quarantine\`.`);
    const report = finlake(['--db', a, 'report', 'commerce']);
    expect(report.status).toBe(0);
    expect(report.stderr).toContain(`Wrote ${join(dir, 'a', 'w-commerce.html')}`);
    expect(existsSync(join(dir, 'b b', 'w-commerce.html'))).toBe(true);
  });

  it.each([
    [{ engine: 'duckdb', db: '.finlake/finlake.duckdb' }, join('reports', 'commerce.html')],
    [{ engine: 'duckdb', db: '/data/q1.duckdb' }, '/data/q1-commerce.html'],
    [{ engine: 'postgres', db: '', pgUrl: 'postgres://u:secret@db.example:5433/finance' }, join('reports', 'postgres-db.example_5433-finance-commerce.html')],
    [{ engine: 'redshift', db: '', redshiftWorkgroup: 'wg', redshiftDatabase: 'dw' }, join('reports', 'redshift-wg-dw-commerce.html')],
  ] as const)('the default report of %j is %s', (options, expected) => {
    expect(defaultReportPath(options, 'commerce')).toBe(expected);
  });

  it('a hint never prints a PostgreSQL password', () => {
    expect(cliCommand({ engine: 'postgres', db: '', pgUrl: 'postgres://u:secret@h/finance' }, 'status')).toBe('finlake --engine postgres --pg-url postgres://u@h/finance status');
  });
});

describe('messages that say what to fix', () => {
  const tx = readFixture('transactions.csv').split('\n');
  const blocked = (files: Record<string, string | Buffer>) => {
    const r = finlake(['--db', join(tempDir(), 'w.duckdb'), 'run', 'commerce', '--input', inputDir(GOLDEN, files), '--no-marts']);
    expect(r.status).toBe(3);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    return r.stderr;
  };

  it('dates reformatted by a spreadsheet: the reason, the column, an example line and the expected format', () => {
    const stderr = blocked({ 'transactions.csv': [tx[0], tx[1]!.replace('2024-01-03T10:00:00Z', '1/13/2025 10:00'), ...tx.slice(2)].join('\n') });
    expect(stderr).toContain('Most often INVALID_TIMESTAMP in TransactionDate (1 row(s); not a valid ISO-8601 timestamp');
    expect(stderr).toContain('E.g. line 2: "1/13/2025 10:00"; expected ISO-8601 timestamp, offset allowed (stored as UTC).');
    expect(stderr).toContain('The dates look reformatted by a spreadsheet');
  });

  it('a ;-delimited row and a Windows-1252 file say how to save the file', () => {
    const semicolons = blocked({ 'transactions.csv': [...tx.slice(0, 2), tx[2]!.replace(/,/g, ';'), ...tx.slice(3)].join('\n') });
    expect(semicolons).toContain('Most often ROW_TOO_FEW_FIELDS');
    expect(semicolons).toContain('save as comma-separated CSV');
    const products = Buffer.from(readFixture('products.csv').replace('Trail Backpack', 'Caf\u00e9 Backpack'), 'latin1');
    const stderr = blocked({ 'products.csv': products });
    expect(stderr).toContain('products.csv: QUARANTINE_RATE_EXCEEDED');
    expect(stderr).toContain('Most often INVALID_ENCODING');
    expect(stderr).toContain('save it as "CSV UTF-8 (Comma delimited)"');
  });

  it('an Excel workbook saved under a .csv name is recognised by its signature', () => {
    const stderr = blocked({ 'transactions.csv': Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('[Content_Types].xml')]) });
    expect(stderr).toContain('transactions.csv: FILE_ENCODING — The file is an Excel workbook (.xlsx) or a ZIP archive, not CSV text.');
  });
});
