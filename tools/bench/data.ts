/**
 * The benchmark's input files, generated deterministically and cached by rows and seed:
 *
 *   .bench/data/<rows>-<seed>/full/          products, cogs, marketing_spend, transactions (generateCommerce)
 *   .bench/data/<rows>-<seed>/increment/     transactions_increment.csv: 1% more rows, NEW TransactionIDs
 *   .bench/data/<rows>-<seed>/manifest.json  written last; the cache is valid when it matches
 *
 * The increment is generated with another seed, then its TransactionIDs are moved past the full
 * file's (T000000001 → T001000001 for 1M rows) and its ProductIDs spread over the full catalogue
 * (a small generation has a small catalogue), so every row is new and every product known.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { generateCommerce } from '@finlake/products';
import type { DataFile, DataSet } from './types';

/** Bump when the increment rewrite changes, so cached data is regenerated. */
const INCREMENT_VERSION = 1;
const INCREMENT_SEED_OFFSET = 1_000_003;
export const INCREMENT_FILE = 'transactions_increment.csv';

interface Manifest {
  rows: number;
  seed: number;
  fingerprint: string;
  files: DataFile[];
  increment: DataFile;
}

/** Changes when the generator's code (or the increment rewrite) changes: then the cache is stale. */
export function generatorFingerprint(): string {
  // The generic building blocks and the commerce generator.
  const dirs = [dirname(require.resolve('@finlake/generator')), join(dirname(require.resolve('@finlake/products')), 'commerce', 'generator')];
  const hash = createHash('sha256').update(`increment v${INCREMENT_VERSION}\n`);
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? (e.name === 'testing' ? [] : walk(join(dir, e.name))) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : []))
      .sort();
  for (const srcDir of dirs) for (const file of walk(srcDir)) hash.update(file.slice(srcDir.length)).update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

export const incrementRows = (rows: number, share: number) => Math.max(1, Math.round(rows * share));

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

const ID = /^([A-Za-z]*)(\d+)$/;

/**
 * Copy the increment's transactions with TransactionIDs moved past `offset` and ProductIDs spread
 * over `fullProducts` products. The generated rows are plain (no quoted fields): checked per row.
 */
export async function rewriteIncrement(source: string, target: string, opts: { offset: number; sourceProducts: number; fullProducts: number }): Promise<number> {
  const lines = createInterface({ input: createReadStream(source, { encoding: 'utf8' }), crlfDelay: Infinity });
  const out = createWriteStream(target);
  const spread = Math.max(1, Math.ceil(opts.fullProducts / Math.max(1, opts.sourceProducts)));
  let header: string[] | undefined;
  let idAt = -1;
  let productAt = -1;
  let rows = 0;
  let pending = '';
  const flush = async () => {
    if (!out.write(pending)) await once(out, 'drain');
    pending = '';
  };
  for await (const line of lines) {
    if (!header) {
      header = line.split(',');
      idAt = header.indexOf('TransactionID');
      productAt = header.indexOf('ProductID');
      if (idAt === -1 || productAt === -1) throw new Error(`${source}: no TransactionID or ProductID column in the header`);
      pending += `${line}\n`;
      continue;
    }
    if (line === '') continue;
    if (line.includes('"')) throw new Error(`${source}: quoted fields are not expected in generated transactions (row ${rows + 1})`);
    const fields = line.split(',');
    const id = ID.exec(fields[idAt] ?? '');
    const product = ID.exec(fields[productAt] ?? '');
    if (!id || !product) throw new Error(`${source}: unexpected TransactionID or ProductID in row ${rows + 1}: ${line}`);
    rows += 1;
    fields[idAt] = id[1] + String(opts.offset + Number(id[2])).padStart(id[2]!.length, '0');
    const index = (Number(product[2]) - 1 + opts.sourceProducts * ((Math.imul(rows, 0x9e3779b1) >>> 0) % spread)) % opts.fullProducts;
    fields[productAt] = product[1] + String(index + 1).padStart(product[2]!.length, '0');
    pending += `${fields.join(',')}\n`;
    if (pending.length > 1 << 20) await flush();
  }
  await flush();
  out.end();
  await once(out, 'finish');
  return rows;
}

/** The data set for rows and seed: from the cache when intact and current, else generated. */
export async function ensureData(opts: { benchDir: string; rows: number; seed: number; incrementShare: number; log: (line: string) => void }): Promise<DataSet> {
  const { rows, seed } = opts;
  const dir = join(opts.benchDir, 'data', `${rows}-${seed}`);
  const fingerprint = generatorFingerprint();
  const dataSet = (m: Manifest, cached: boolean, generateMs: number): DataSet => ({
    rows,
    seed,
    dir,
    fullDir: join(dir, 'full'),
    incrementDir: join(dir, 'increment'),
    files: m.files,
    transactions: m.files.find((f) => f.name === 'transactions.csv')!,
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
  const sourceDir = join(partial, 'increment-source');
  const incrementDir = join(partial, 'increment');
  mkdirSync(incrementDir, { recursive: true });
  try {
    opts.log(`generating ${rows.toLocaleString('en-US')} rows (seed ${seed}) into ${dir}`);
    let shown = 0;
    const full = await generateCommerce({
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
    const extra = incrementRows(rows, opts.incrementShare);
    const source = await generateCommerce({ rows: extra, seed: seed + INCREMENT_SEED_OFFSET, outDir: sourceDir });
    const productsOf = (files: { name: string; rows: number }[]) => files.find((f) => f.name === 'products.csv')!.rows;
    const incrementPath = join(incrementDir, INCREMENT_FILE);
    const written = await rewriteIncrement(join(sourceDir, 'transactions.csv'), incrementPath, { offset: rows, sourceProducts: productsOf(source.files), fullProducts: productsOf(full.files) });
    rmSync(sourceDir, { recursive: true, force: true });

    // Paths as they will be after the rename into place.
    const manifest: Manifest = {
      rows,
      seed,
      fingerprint,
      files: full.files.map((f) => fileInfo(f.path, f.name, f.rows)).map((f) => ({ ...f, path: join(dir, 'full', f.name) })),
      increment: { ...fileInfo(incrementPath, INCREMENT_FILE, written), path: join(dir, 'increment', INCREMENT_FILE) },
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
