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
}

export async function generateCommand(options: GenerateCommandOptions): Promise<void> {
  const progress = createProgress(!options.json);
  const started = Date.now();
  const product = getProduct(options.product);
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
