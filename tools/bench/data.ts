/**
 * The benchmark's input files, generated deterministically by the product's generator and cached
 * by product, rows and seed:
 *
 *   .bench/data/<product>/<rows>-<seed>/full/          every file of the product (its `generate`)
 *   .bench/data/<product>/<rows>-<seed>/increment/     1% more rows, every one new (its `generateIncrement`)
 *   .bench/data/<product>/<rows>-<seed>/manifest.json  written last; the cache is valid when it matches
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { getProduct, type DataProduct } from '@finlake/products';
import type { DataFile, DataSet } from './types';

/** Bump when the increment rewrite changes, so cached data is regenerated. */
const INCREMENT_VERSION = 1;

interface Manifest {
  rows: number;
  seed: number;
  fingerprint: string;
  files: DataFile[];
  increment: DataFile;
}

/** Changes when the generator's code (or the increment rewrite) changes: then the cache is stale. */
export function generatorFingerprint(product: DataProduct): string {
  // The generic building blocks and the product's generator.
  const dirs = [dirname(require.resolve('@finlake/generator')), ...(product.generatorSources ?? [])];
  const hash = createHash('sha256').update(`increment v${INCREMENT_VERSION}\n`);
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? (e.name === 'testing' ? [] : walk(join(dir, e.name))) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : []))
      .sort();
  for (const srcDir of dirs) for (const file of walk(srcDir)) hash.update(file.slice(srcDir.length)).update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

export const incrementRows = (rows: number, share: number) => Math.max(1, Math.round(rows * share));

/**
 * The file of the generated rows, the one the scan floor reads and the full run's throughput
 * counts: `--rows` counts a product's main rows (commerce's transactions, the ledger's GL lines),
 * while its other files scale with them and can hold more rows at small sizes (the ledger's 74
 * monthly fx rates at 10 lines). So: the file with exactly `rows` data rows, the biggest in bytes
 * if several have them; without one, the file with the most rows.
 */
export function largestFile(files: readonly DataFile[], rows?: number): DataFile {
  const bigger = (a: DataFile, b: DataFile) => (b.rows > a.rows || (b.rows === a.rows && b.bytes > a.bytes) ? b : a);
  const generated = files.filter((f) => f.rows === rows);
  return generated.length > 0 ? generated.reduce((a, b) => (b.bytes > a.bytes ? b : a)) : files.reduce(bigger);
}

function fileInfo(path: string, name: string, rows: number): DataFile {
  return { name, path, rows, bytes: statSync(path).size };
}

function readManifest(dir: string, fingerprint: string): Manifest | undefined {
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) return undefined;
  try {
    const stored = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
    // Paths follow the directory, wherever the bench directory now is.
    const m: Manifest = { ...stored, files: stored.files.map((f) => ({ ...f, path: join(dir, 'full', f.name) })), increment: { ...stored.increment, path: join(dir, 'increment', stored.increment.name) } };
    const intact = [...m.files, m.increment].every((f) => existsSync(f.path) && statSync(f.path).size === f.bytes);
    return m.fingerprint === fingerprint && intact ? m : undefined;
  } catch {
    return undefined;
  }
}

/** The data set for rows and seed: from the cache when intact and current, else generated. */
export async function ensureData(opts: { benchDir: string; product: string; rows: number; seed: number; incrementShare: number; log: (line: string) => void }): Promise<DataSet> {
  const { rows, seed } = opts;
  const product = getProduct(opts.product);
  const { generate, generateIncrement } = product;
  if (!generate || !generateIncrement) throw new Error(`${product.name} has no generator of full and incremental data (generate, generateIncrement): the benchmark needs both.`);
  const dir = join(opts.benchDir, 'data', product.name, `${rows}-${seed}`);
  const fingerprint = generatorFingerprint(product);
  const dataSet = (m: Manifest, cached: boolean, generateMs: number): DataSet => ({
    rows,
    seed,
    dir,
    fullDir: join(dir, 'full'),
    incrementDir: join(dir, 'increment'),
    files: m.files,
    largest: largestFile(m.files, rows),
    increment: m.increment,
    cached,
    generateMs,
  });
  const cached = readManifest(dir, fingerprint);
  if (cached && cached.increment.rows === incrementRows(rows, opts.incrementShare)) return dataSet(cached, true, 0);

  const started = performance.now();
  const partial = `${dir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  const fullDir = join(partial, 'full');
  const workDir = join(partial, 'work');
  const incrementDir = join(partial, 'increment');
  mkdirSync(incrementDir, { recursive: true });
  try {
    opts.log(`generating ${rows.toLocaleString('en-US')} rows (seed ${seed}) into ${dir}`);
    let shown = 0;
    const full = await generate({
      rows,
      seed,
      outDir: fullDir,
      onProgress: (written, total) => {
        if (written - shown >= Math.max(1_000_000, total / 10) || written === total) {
          shown = written;
          opts.log(`  ${written.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} rows`);
        }
      },
    });
    const increment = await generateIncrement({ full, rows: incrementRows(rows, opts.incrementShare), seed, outDir: incrementDir, workDir });
    rmSync(workDir, { recursive: true, force: true });

    // Paths as they will be after the rename into place.
    const manifest: Manifest = {
      rows,
      seed,
      fingerprint,
      files: full.files.map((f) => fileInfo(f.path, f.name, f.rows)).map((f) => ({ ...f, path: join(dir, 'full', f.name) })),
      increment: { ...fileInfo(increment.path, increment.name, increment.rows), path: join(dir, 'increment', increment.name) },
    };
    writeFileSync(join(partial, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(partial, dir);
    return dataSet(manifest, false, performance.now() - started);
  } catch (err) {
    rmSync(partial, { recursive: true, force: true });
    throw err;
  }
}
