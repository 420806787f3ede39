import { readdirSync, statSync } from 'node:fs';
import { UsageError } from '@finlake/errors';
import { getProduct } from '@finlake/products';
import type { GlobalOptions } from '../main';
import { log, printJson, renderTable } from '../output';
import { createProgress } from '../progress';

export interface GenerateCommandOptions extends GlobalOptions {
  product: string;
  rows: number;
  seed: number;
  out: string;
  badRate: number;
  /** Write into a directory that already holds files. */
  force?: boolean;
}

/**
 * The output directory is new or empty, unless --force: generating into a folder of real or
 * sample files (data/raw/<product>) would silently replace them. A file is never an output.
 */
export function checkOutputDirectory(out: string, force: boolean): void {
  let stat;
  try {
    stat = statSync(out, { throwIfNoEntry: false });
  } catch {
    throw new UsageError(`--out ${out}: a file is in the way of that directory.`);
  }
  if (!stat) return;
  if (!stat.isDirectory()) throw new UsageError(`--out ${out} is a file; give a directory (it is created when missing).`);
  const present = readdirSync(out);
  if (present.length === 0 || force) return;
  const shown = present.slice(0, 5).join(', ') + (present.length > 5 ? `, and ${present.length - 5} more` : '');
  throw new UsageError(`--out ${out} is not empty (${shown}): generating there replaces files of the same names. Give a new or empty directory, or add --force to write into it anyway.`);
}

export async function generateCommand(options: GenerateCommandOptions): Promise<void> {
  const product = getProduct(options.product);
  checkOutputDirectory(options.out, options.force ?? false);
  const progress = createProgress(!options.json);
  const started = Date.now();
  const rows = product.generatedRows ?? 'rows';
  progress.start(options.rows, `generating ${options.rows} ${rows}`);
  const result = await product.generate!({
    rows: options.rows,
    seed: options.seed,
    outDir: options.out,
    badRate: options.badRate,
    onProgress: (written) => progress.update(written, rows),
  }).finally(() => progress.stop());
  if (options.json) return printJson({ ...result, seconds: (Date.now() - started) / 1000 });
  log(renderTable(result.files.map((f) => ({ file: f.name, rows: f.rows, bad_rows: f.badRows, path: f.path }))));
  log(`Generated in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${options.seed}).`);
}
