import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { commerceContract as commerce, COMMERCE_CHANNELS } from '../contract';
import { UsageError } from '@finlake/errors';
import type { GenerateOptions, GenerateResult } from './index';
import { BAD_ROW_KINDS, generateCommerce, HOSTILE_PRODUCT_NAME } from './index';
import type { CsvFile } from '@finlake/generator/testing';
import { parseCsv } from '@finlake/generator/testing';
import { checkContext, checkProduct } from './testing/contract-check';

const ENTITY_FILES = commerce.entities.map((e) => ({ entity: e, file: `${e.name}.csv` }));
const START_MS = Date.parse('2024-01-01T00:00:00Z');
const END_MS = Date.parse('2025-01-01T00:00:00Z');

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'finlake-generator-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

let runs = 0;
async function generate(opts: Omit<GenerateOptions, 'outDir'>): Promise<{ outDir: string; result: GenerateResult }> {
  const outDir = path.join(root, `run-${++runs}`);
  return { outDir, result: await generateCommerce({ ...opts, outDir }) };
}

function readCsv(outDir: string, file: string): CsvFile {
  return parseCsv(fs.readFileSync(path.join(outDir, file), 'utf8'));
}

function readAll(outDir: string): Record<string, CsvFile> {
  return Object.fromEntries(ENTITY_FILES.map(({ entity, file }) => [entity.name, readCsv(outDir, file)]));
}

/** Rows of a file as objects keyed by header. */
function rowsOf(csv: CsvFile): Record<string, string>[] {
  return csv.records.map((r) => Object.fromEntries(csv.header.map((h, i) => [h, r.fields[i]])));
}

const contractCheck = (files: Record<string, CsvFile>) => checkProduct(checkContext(commerce, Date.now()), files);

// Determinism (same seed, same bytes; no Math.random or Date.now): libs/products/src/generators.test.ts, for every product.

describe('a clean run', () => {
  const rows = 20_000;
  let outDir: string;
  let result: GenerateResult;
  let files: Record<string, CsvFile>;
  let products: Record<string, string>[];
  let cogs: Record<string, string>[];
  let spend: Record<string, string>[];
  let sales: Record<string, string>[];

  beforeAll(async () => {
    ({ outDir, result } = await generate({ rows, seed: 7 }));
    files = readAll(outDir);
    [products, cogs, spend, sales] = ENTITY_FILES.map(({ entity }) => rowsOf(files[entity.name]));
  });

  it('writes the four files with exactly the contract headers, LF endings and the reported counts', () => {
    for (const { entity, file } of ENTITY_FILES) {
      const text = fs.readFileSync(path.join(outDir, file), 'utf8');
      expect(text.slice(0, text.indexOf('\n'))).toBe(entity.columns.map((c) => c.header).join(','));
      expect(text).not.toContain('\r');
      expect(text.endsWith('\n')).toBe(true);
      const reported = result.files.find((f) => f.name === file)!;
      expect(reported).toEqual({ name: file, path: path.join(outDir, file), rows: files[entity.name].records.length, badRows: 0 });
    }
    expect(files.transactions.records).toHaveLength(rows);
    expect(result.badRowsByKind).toEqual({});
  });

  it('has no row the contract rejects', () => {
    const verdicts = contractCheck(files);
    for (const { entity } of ENTITY_FILES) {
      const reasons = verdicts[entity.name].reasons.filter(Boolean);
      expect({ entity: entity.name, reasons }).toEqual({ entity: entity.name, reasons: [] });
    }
  });

  it('keeps products, costs and sales referentially consistent', () => {
    const productIds = new Set(products.map((p) => p.ProductID));
    expect(productIds.size).toBe(products.length);
    expect(products.length).toBe(100);
    for (const s of sales) expect(productIds.has(s.ProductID)).toBe(true);
    const costed = new Set(cogs.map((c) => c.ProductID));
    for (const id of productIds) expect(costed.has(id)).toBe(true);
    expect(new Set(cogs.map((c) => `${c.ProductID}|${c.COGS_EffectiveDate}`)).size).toBe(cogs.length);
  });

  it('includes exactly one hostile product name, quoted so it reads back intact', () => {
    expect(products.filter((p) => p.ProductName === HOSTILE_PRODUCT_NAME)).toHaveLength(1);
    expect(fs.readFileSync(path.join(outDir, 'products.csv'), 'utf8')).toContain('"<b>Bold</b> ""Quoted"", Comma"');
  });

  it('prices costs at 35-60% of the list price, with changes mid-period and a few late first costs', () => {
    const price = new Map(sales.map((s) => [s.ProductID, Number(s.UnitPrice)]));
    for (const c of cogs) {
      if (!price.has(c.ProductID)) continue;
      const ratio = Number(c.UnitCOGS) / price.get(c.ProductID)!;
      expect(ratio).toBeGreaterThanOrEqual(0.349);
      expect(ratio).toBeLessThanOrEqual(0.601);
    }
    const firstDates = new Map<string, string>();
    for (const c of cogs) if (!firstDates.has(c.ProductID) || c.COGS_EffectiveDate < firstDates.get(c.ProductID)!) firstDates.set(c.ProductID, c.COGS_EffectiveDate);
    expect([...firstDates.values()].filter((d) => d > '2024-01-01')).toEqual(['2024-02-01']);
    expect(cogs.filter((c) => c.COGS_EffectiveDate > '2024-02-01').length).toBeGreaterThan(0);
  });

  it('spends on accepted channels only, one row per campaign and day, with clicks <= impressions', () => {
    expect(new Set(spend.map((s) => s.Channel))).toEqual(new Set(COMMERCE_CHANNELS));
    expect(new Set(spend.map((s) => `${s.Date}|${s.CampaignID}`)).size).toBe(spend.length);
    for (const s of spend) {
      expect(Number(s.Clicks)).toBeLessThanOrEqual(Number(s.Impressions));
      expect(s.Spend).toMatch(/^\d+\.\d{2}$/);
      expect(s.CampaignID).toMatch(/^CMP\d{3}$/);
    }
  });

  it('gives every transaction a unique id and a timestamp inside the period', () => {
    expect(new Set(sales.map((s) => s.TransactionID)).size).toBe(rows);
    for (const s of sales) {
      const ms = Date.parse(s.TransactionDate);
      expect(ms).toBeGreaterThanOrEqual(START_MS);
      expect(ms).toBeLessThan(END_MS);
    }
    for (const row of [...spend.map((s) => s.Date), ...cogs.map((c) => c.COGS_EffectiveDate)]) {
      expect(row >= '2024-01-01' && row < '2025-01-01').toBe(true);
    }
    expect(sales.some((s) => s.TransactionDate.endsWith('Z'))).toBe(true);
    expect(sales.some((s) => /[+-]\d{2}:\d{2}$/.test(s.TransactionDate))).toBe(true);
  });

  it('writes returns as negative quantities of an earlier sale of the same product, customer and price', () => {
    const earliestSale = new Map<string, number>();
    let returns = 0;
    for (const s of sales) {
      const key = `${s.ProductID}|${s.CustomerID}|${s.UnitPrice}|${s.Channel}`;
      const ms = Date.parse(s.TransactionDate);
      if (s.ReturnFlag === 'false') {
        expect(Number(s.Quantity)).toBeGreaterThan(0);
        if (!earliestSale.has(key)) earliestSale.set(key, ms);
        continue;
      }
      returns++;
      expect(s.ReturnFlag).toBe('true');
      expect(Number(s.Quantity)).toBeLessThan(0);
      expect(earliestSale.get(key)).toBeLessThan(ms);
    }
    expect(returns / rows).toBeGreaterThan(0.02);
    expect(returns / rows).toBeLessThan(0.04);
  });

  it('follows seasonality: a busy December, a quiet February, heavier weekends', () => {
    const perMonth = new Array(12).fill(0);
    const weekday = new Array(7).fill(0);
    for (const s of sales) {
      const d = new Date(Date.parse(s.TransactionDate));
      perMonth[d.getUTCMonth()]++;
      weekday[d.getUTCDay()]++;
    }
    expect(perMonth[11]).toBeGreaterThan(perMonth[1] * 1.7);
    expect(perMonth[10]).toBeGreaterThan(perMonth[8]);
    const weekendDaily = (weekday[0] + weekday[6]) / 2;
    const weekdayDaily = (weekday[1] + weekday[2] + weekday[3] + weekday[4] + weekday[5]) / 5;
    expect(weekendDaily).toBeGreaterThan(weekdayDaily * 1.15);
  });

  it('reports progress at the end of a small run', async () => {
    const calls: [number, number][] = [];
    await generate({ rows: 1234, seed: 3, onProgress: (n, total) => calls.push([n, total]) });
    expect(calls).toEqual([[1234, 1234]]);
  });
});

describe('bad rows', () => {
  let outDir: string;
  let result: GenerateResult;

  beforeAll(async () => {
    ({ outDir, result } = await generate({ rows: 5000, seed: 5, badRate: 0.02 }));
  });

  it('produces every kind at least once', () => {
    expect(BAD_ROW_KINDS.filter((kind) => !(result.badRowsByKind[kind] >= 1))).toEqual([]);
    expect(Object.keys(result.badRowsByKind).sort()).toEqual([...BAD_ROW_KINDS].sort());
  });

  it('makes the loader reject exactly the reported rows of each file, and nothing else', () => {
    const verdicts = contractCheck(readAll(outDir));
    for (const { entity, file } of ENTITY_FILES) {
      const reported = result.files.find((f) => f.name === file)!;
      expect({ file, rejected: verdicts[entity.name].rejected }).toEqual({ file, rejected: reported.badRows });
    }
    const byKind = Object.values(result.badRowsByKind).reduce((a, b) => a + b, 0);
    expect(result.files.reduce((a, f) => a + f.badRows, 0)).toBe(byKind);
  });

  it('counts both rows of a conflicting duplicate and keeps the file at the requested size', () => {
    expect(result.badRowsByKind.duplicate_conflicting % 2).toBe(0);
    const tx = readCsv(outDir, 'transactions.csv');
    expect(tx.records).toHaveLength(5000);
    const bytes = fs.readFileSync(path.join(outDir, 'transactions.csv'));
    expect(bytes.includes(Buffer.from([0xff, 0xfe]))).toBe(true);
  });

  it('covers every kind at small counts too', async () => {
    const small = await generate({ rows: 1000, seed: 99, badRate: 0.03 });
    expect(Object.keys(small.result.badRowsByKind).sort()).toEqual([...BAD_ROW_KINDS].sort());
    const verdicts = contractCheck(readAll(small.outDir));
    expect(verdicts.transactions.rejected).toBe(small.result.files[3].badRows);
  });

  it('stays consistent at extreme rates', async () => {
    for (const badRate of [0.6, 1]) {
      const run = await generate({ rows: 200, seed: 4, badRate });
      const verdicts = contractCheck(readAll(run.outDir));
      expect(verdicts.transactions.rejected).toBe(run.result.files[3].badRows);
    }
  });
});

describe('options', () => {
  it.each([
    [{ rows: -1 }],
    [{ rows: 1.5 }],
    [{ badRate: 1.5 }],
    [{ badRate: Number.NaN }],
    [{ startDate: '2023-02-30' }],
    [{ startDate: '1999-12-31' }],
    [{ months: 0 }],
  ])('rejects %p as a usage error', async (bad) => {
    await expect(generateCommerce({ rows: 10, seed: 1, outDir: path.join(root, 'never'), ...bad })).rejects.toBeInstanceOf(UsageError);
  });

  it('honours startDate and months', async () => {
    const { outDir } = await generate({ rows: 500, seed: 2, startDate: '2023-06-15', months: 2 });
    for (const s of rowsOf(readCsv(outDir, 'transactions.csv'))) {
      const ms = Date.parse(s.TransactionDate);
      expect(ms).toBeGreaterThanOrEqual(Date.parse('2023-06-15T00:00:00Z'));
      expect(ms).toBeLessThan(Date.parse('2023-08-15T00:00:00Z'));
    }
  });

  it('writes header-only transactions for zero rows', async () => {
    const { outDir, result } = await generate({ rows: 0, seed: 2 });
    expect(readCsv(outDir, 'transactions.csv').records).toHaveLength(0);
    expect(result.files[3].rows).toBe(0);
  });
});

describe('streaming', () => {
  it('writes 300k rows with flat memory and regular progress', async () => {
    const gc = (global as { gc?: () => void }).gc;
    gc?.();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    const progress: number[] = [];
    const started = Date.now();
    const { outDir } = await generate({
      rows: 300_000,
      seed: 8,
      badRate: 0.001,
      onProgress: (n) => {
        progress.push(n);
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      },
    });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(progress).toEqual([100_000, 200_000, 300_000]);
    expect(peak - baseline).toBeLessThan(100 * 1024 * 1024);
    expect(fs.statSync(path.join(outDir, 'transactions.csv')).size).toBeGreaterThan(300_000 * 80);
    expect(fs.existsSync(path.join(outDir, 'transactions.csv.partial'))).toBe(false);
  }, 15_000);
});
