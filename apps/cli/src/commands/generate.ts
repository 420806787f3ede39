import { generateCommerce } from '@finlake/generator';
import type { GlobalOptions } from '../main';
import { log, printJson, renderTable } from '../output';
import { createProgress } from '../progress';

export interface GenerateCommandOptions extends GlobalOptions {
  rows: number;
  seed: number;
  out: string;
  badRate: number;
}

export async function generateCommand(options: GenerateCommandOptions): Promise<void> {
  const progress = createProgress(!options.json);
  const started = Date.now();
  progress.start(options.rows, `generating ${options.rows} transactions`);
  const result = await generateCommerce({
    rows: options.rows,
    seed: options.seed,
    outDir: options.out,
    badRate: options.badRate,
    onProgress: (written) => progress.update(written, 'transactions'),
  }).finally(() => progress.stop());
  if (options.json) return printJson({ ...result, seconds: (Date.now() - started) / 1000 });
  log(renderTable(result.files.map((f) => ({ file: f.name, rows: f.rows, bad_rows: f.badRows, path: f.path }))));
  log(`Generated in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${options.seed}).`);
}
