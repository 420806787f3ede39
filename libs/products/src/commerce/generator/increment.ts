/**
 * More commerce rows for an incremental run over generated files: a smaller generation with
 * another seed, its TransactionIDs moved past the full file's (T000000001 → T001000001 for 1M
 * rows) and its ProductIDs spread over the full catalogue (a small generation has a small
 * catalogue), so every row is new and every product known.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { IncrementOptions, IncrementResult } from '../../types';
import { generateCommerce } from './generate';

const INCREMENT_FILE = 'transactions_increment.csv';
const INCREMENT_SEED_OFFSET = 1_000_003;

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

const productsOf = (files: readonly { name: string; rows: number }[]) => files.find((f) => f.name === 'products.csv')?.rows ?? 0;

export async function generateCommerceIncrement(options: IncrementOptions): Promise<IncrementResult> {
  // The source generation goes to the caller's scratch space, which the caller removes.
  const sourceDir = join(options.workDir, 'increment-source');
  const source = await generateCommerce({ rows: options.rows, seed: options.seed + INCREMENT_SEED_OFFSET, outDir: sourceDir });
  const path = join(options.outDir, INCREMENT_FILE);
  const fullRows = options.full.files.find((f) => f.name === 'transactions.csv')?.rows ?? 0;
  const rows = await rewriteIncrement(join(sourceDir, 'transactions.csv'), path, { offset: fullRows, sourceProducts: productsOf(source.files), fullProducts: productsOf(options.full.files) });
  return { name: INCREMENT_FILE, path, rows };
}
