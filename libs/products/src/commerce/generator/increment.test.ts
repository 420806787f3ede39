import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCommerce } from './generate';
import { generateCommerceIncrement, rewriteIncrement } from './increment';

describe('rewriteIncrement', () => {
  it('moves TransactionIDs past the full file and keeps ProductIDs inside the full catalogue', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-inc-'));
    try {
      const source = join(dir, 'in.csv');
      const header = 'TransactionID,TransactionDate,ProductID,Quantity';
      const rows = Array.from({ length: 200 }, (_, i) => `T${String(i + 1).padStart(9, '0')},2024-01-01T00:00:00Z,P${String((i % 20) + 1).padStart(5, '0')},1`);
      writeFileSync(source, `${header}\n${rows.join('\n')}\n`);
      const target = join(dir, 'out.csv');
      expect(await rewriteIncrement(source, target, { offset: 1_000_000, sourceProducts: 20, fullProducts: 5000 })).toBe(200);
      const lines = readFileSync(target, 'utf8').trimEnd().split('\n');
      expect(lines[0]).toBe(header);
      const fields = lines.slice(1).map((l) => l.split(','));
      expect(fields[0]![0]).toBe('T001000001');
      expect(fields[199]![0]).toBe('T001000200');
      const products = fields.map((f) => Number(f[2]!.slice(1)));
      expect(Math.min(...products)).toBeGreaterThanOrEqual(1);
      expect(Math.max(...products)).toBeLessThanOrEqual(5000);
      expect(new Set(products).size).toBeGreaterThan(20);
      expect(fields.every((f) => f[1] === '2024-01-01T00:00:00Z' && f[3] === '1')).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('generateCommerceIncrement', () => {
  it('writes new transactions only, over the full catalogue', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'commerce-inc-'));
    try {
      const full = await generateCommerce({ rows: 2000, seed: 3, outDir: join(dir, 'full') });
      const inc = await generateCommerceIncrement({ full, rows: 50, seed: 3, outDir: dir, workDir: join(dir, 'work') });
      expect(inc).toMatchObject({ name: 'transactions_increment.csv', rows: 50 });
      const ids = (file: string, column: string) => {
        const [header, ...rows] = readFileSync(file, 'utf8').trimEnd().split('\n');
        const at = header!.split(',').indexOf(column);
        return rows.map((r) => r.split(',')[at]!);
      };
      const known = new Set(ids(join(dir, 'full', 'transactions.csv'), 'TransactionID'));
      expect(ids(inc.path, 'TransactionID').filter((id) => known.has(id))).toEqual([]);
      const products = new Set(ids(join(dir, 'full', 'products.csv'), 'ProductID'));
      expect(ids(inc.path, 'ProductID').every((id) => products.has(id))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
