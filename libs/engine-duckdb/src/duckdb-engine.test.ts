import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '@finlake/errors';
import { DuckDbEngine } from './duckdb-engine';

/**
 * The single-pass read trusts that a table built from one CSV scan keeps the file's order, so a
 * row's rowid is its ordinal. Checked on a file large enough for DuckDB to split the scan across
 * threads, with rejected records at the start, in runs, in the middle and at the end.
 */
describe('loadCsvQuery on a file read by several threads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'finlake-duckdb-'));
  const path = join(dir, 'big.csv');
  const records = 700_000;
  const rejected = new Set([2, 1000, 1001, 1002, 350_000, 523_456, records + 1]);
  let engine: DuckDbEngine;

  beforeAll(async () => {
    const padding = 'x'.repeat(80);
    const lines = ['id,payload'];
    // Line n (header = 1) holds id n; a rejected line has a third field.
    for (let line = 2; line <= records + 1; line++) lines.push(rejected.has(line) ? `${line},${padding},extra` : `${line},${padding}`);
    writeFileSync(path, `${lines.join('\n')}\n`);
    engine = await DuckDbEngine.create({ path: ':memory:', threads: 2 });
  });
  afterAll(async () => {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('numbers every record by its line, as the row_number() read does', async () => {
    const loaded = await engine.loadCsvQuery(path, 'fast', 2, (source) => `select c0 from ${source}`);
    expect(loaded.rows).toBe(records - rejected.size);
    expect(loaded.rejects.map((r) => r.line)).toEqual([...rejected].sort((a, b) => a - b));
    const [mismatch] = await engine.query<{ n: number; first: number | null }>(
      `select count(*) as n, min(cast(c0 as bigint)) as first from fast where cast(c0 as bigint) <> ${loaded.rec()}`,
    );
    expect(mismatch).toEqual({ n: 0, first: null });

    const raw = await engine.loadRawCsv(path, 'slow', 2);
    expect(raw.rows).toBe(loaded.rows);
    const [slowMismatch] = await engine.query<{ n: number }>(`select count(*) as n from slow where cast(c0 as bigint) <> rec`);
    expect(slowMismatch!.n).toBe(0);
  });

  it('reads chosen records again by number', async () => {
    await engine.run(`create temp table wanted as select * from (values (3), (1003), (350001), (${records + 1 - 1})) as w(rec)`);
    const loaded = await engine.loadCsvQuery(path, 'fast2', 2, (source) => `select c0 from ${source}`);
    await engine.readCsvRecords(path, 'again', 2, 'wanted', loaded.rejects);
    const rows = await engine.query<{ rec: number; c0: string }>(`select rec, c0 from again order by rec`);
    expect(rows.map((r) => [r.rec, Number(r.c0)])).toEqual([3, 1003, 350001, records].map((n) => [n, n]));
  });

  it('stores the record number when there are too many rejects for one CASE', async () => {
    const many = join(dir, 'many.csv');
    const lines = ['id,payload'];
    for (let line = 2; line <= 20_001; line++) lines.push(line % 100 === 0 ? `${line},a,extra` : `${line},a`);
    writeFileSync(many, `${lines.join('\n')}\n`);
    const loaded = await engine.loadCsvQuery(many, 'many', 2, (source) => `select c0 from ${source}`);
    expect(loaded.rejects).toHaveLength(200);
    expect(loaded.rec('m')).toBe('m."__rec"');
    const [mismatch] = await engine.query<{ n: number; rows: number }>(`select count(*) filter (where cast(c0 as bigint) <> "__rec") as n, count(*) as rows from many`);
    expect(mismatch).toEqual({ n: 0, rows: 19_800 });
  });
});

describe('opening the database file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'finlake-open-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('opens a file another process finishes creating a moment later', async () => {
    const path = join(dir, 'late.duckdb');
    writeFileSync(path, 'not yet a database');
    // The other process: it replaces the half-written file with a real database 200 ms later.
    const other = new Promise<void>((resolve, reject) =>
      setTimeout(() => {
        rmSync(path);
        DuckDbEngine.create({ path })
          .then((engine) => engine.close())
          .then(resolve, reject);
      }, 200),
    );
    const engine = await DuckDbEngine.create({ path });
    try {
      await other;
      expect(await engine.query('select 42 as answer')).toEqual([{ answer: 42 }]);
    } finally {
      await engine.close();
    }
  });

  it('reports a file that stays invalid as a usage error naming the file, and leaves it alone', async () => {
    const path = join(dir, 'broken.duckdb');
    writeFileSync(path, 'this is not a database');
    const error = await DuckDbEngine.create({ path }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(`${path} is not a DuckDB database file (another kind of file); nothing was changed. Give --db the warehouse's database file, or a path where none exists yet to start a new warehouse.`);
    expect(readFileSync(path, 'utf8')).toBe('this is not a database');
  });
});
