/**
 * What every registered product's generator promises (the product checklist's "deterministic"):
 * the same options give the same bytes, another seed other bytes, and no hidden source of
 * randomness or time. Each product's own tests check what its files hold.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allProducts } from './registry';
import type { DataProduct, GenerateOptions } from './types';

const root = mkdtempSync(join(tmpdir(), 'finlake-generators-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let runs = 0;

async function generate(product: DataProduct, opts: Omit<GenerateOptions, 'outDir'>) {
  const outDir = join(root, `run-${++runs}`);
  const result = await product.generate!({ ...opts, outDir });
  const hashes = result.files.map((f) => createHash('sha256').update(readFileSync(f.path)).digest('hex'));
  return { result, hashes };
}

describe.each(allProducts().filter((p) => p.generate).map((p) => [p.name, p] as const))('the %s generator', (_name, product) => {
  it('writes byte-identical files for the same options, and different ones for another seed', async () => {
    const opts = { rows: 3000, seed: 11, badRate: 0.02 };
    const a = await generate(product, opts);
    const b = await generate(product, opts);
    const c = await generate(product, { ...opts, seed: 12 });
    expect(b.hashes).toEqual(a.hashes);
    expect(b.result).toEqual({ ...a.result, files: a.result.files.map((f) => ({ ...f, path: expect.any(String) })) });
    a.hashes.forEach((h, i) => expect(c.hashes[i]).not.toBe(h));
  });

  it('never calls Math.random or Date.now', async () => {
    const random = jest.spyOn(Math, 'random');
    const now = jest.spyOn(Date, 'now');
    try {
      await generate(product, { rows: 500, seed: 1, badRate: 0.1 });
      expect(random).not.toHaveBeenCalled();
      expect(now).not.toHaveBeenCalled();
    } finally {
      random.mockRestore();
      now.mockRestore();
    }
  });
});
