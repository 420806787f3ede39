import { DataRejectedError, UsageError } from '@finlake/errors';
import { processedLocation, publishProcessed } from '@finlake/engine-redshift';
import { inputFiles, planPipeline, runPipeline, type FileOutcome, type RunPlan, type RunResult } from '@finlake/pipeline';
import { allProducts, getProduct } from '@finlake/products';
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import type { Engine } from '@finlake/engine';
import type { GlobalOptions } from '../main';
import { MART_PREVIEW_ROWS, printMarts, readMarts } from '../marts';
import { bold, dim, green, log, printJson, red, renderTable, yellow } from '../output';
import { createProgress } from '../progress';
import { cliCommand, defaultReportPath, withWarehouse } from '../warehouse';
import { writeHtmlReport } from './report';

export interface RunCommandOptions extends GlobalOptions {
  product: string;
  input?: string;
  processed?: string;
  maxQuarantineRate: number;
  marts: boolean;
  dryRun?: boolean;
  /** --param name=value, repeated. */
  param?: Record<string, string>;
}

/** A run ends with the report of what is now published. The run's outcome stands even if the report fails. */
async function writeRunReport(engine: Engine, options: RunCommandOptions): Promise<void> {
  const { product } = options;
  const out = defaultReportPath(options, product);
  try {
    await writeHtmlReport(engine, product, out);
    log(`\nReport: ${out}`);
  } catch (err) {
    log(yellow(`Could not write the report (${(err as Error).message}); \`${cliCommand(options, `report ${product}`)}\` retries.`));
  }
}

function statusText(o: FileOutcome): string {
  const colour = { loaded: green, skipped: dim, rejected: red, blocked: yellow }[o.status];
  return colour(o.status);
}

/**
 * On Redshift the raw files were checked by the Glue job: the run publishes its processed
 * batches with the warehouse's stored pipeline (COPY, build, gate, publish in one CALL).
 */
async function runOnRedshift(options: RunCommandOptions & { processed: string }): Promise<void> {
  processedLocation(options.processed);
  await withWarehouse(options, async (engine) => {
    log(`Publishing the processed batches under ${options.processed} (COPY, build, quality gate, publish)...`);
    const started = Date.now();
    await publishProcessed(engine, options.product, options.processed);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (options.json) {
      printJson({ product: options.product, status: 'published', processed: options.processed, durationMs: Date.now() - started });
      return;
    }
    log(bold(`${options.product}: published in ${seconds} s.`));
    if (!options.marts) return;
    printMarts(await readMarts(engine, options.product, MART_PREVIEW_ROWS), `\`${cliCommand(options, `report ${options.product}`)}\` shows more.`);
  });
}

export async function runCommand(options: RunCommandOptions): Promise<void> {
  if (options.engine === 'redshift') {
    if (!options.processed) throw new UsageError('On Redshift the raw files go through the Glue job: give --processed <processed bucket>/<product>/ (where the job wrote the batches), not --input.');
    return runOnRedshift({ ...options, processed: options.processed });
  }
  if (options.processed) throw new UsageError('--processed is for --engine redshift; on this engine give --input <path>, a directory of raw files or one file.');
  if (!options.input) throw new UsageError(`required option '--input <path>' not specified (the directory of raw CSV files, e.g. data/raw/${options.product}, or one file).`);
  const inputDir = options.input;
  // A wrong input is a usage error before any warehouse is opened (or created).
  inputFiles(getProduct(options.product).contract, inputDir);
  if (options.dryRun) return dryRun(options, inputDir);
  const progress = createProgress(!options.json);
  const result: RunResult = await withWarehouse(options, async (engine) => {
    const run = await runPipeline(engine, {
      product: options.product,
      inputDir,
      maxQuarantineRate: options.maxQuarantineRate,
      ...(options.param && { parameters: options.param }),
      onEvent: (event) => {
        if (event.kind === 'plan') progress.start(event.steps, `${options.product}: ${event.files} file(s)`);
        else if (event.kind === 'file') progress.tick(`${event.file}: ${event.outcome.status}`);
        else progress.tick(event.detail ? `${event.name} ${event.detail}` : event.name);
      },
    }).finally(() => progress.stop());

    if (options.json) {
      printJson(run);
    } else {
      log(bold(`Run ${run.runId} (${options.product}): ${run.status} in ${(run.durationMs / 1000).toFixed(1)} s`));
      log(
        renderTable(
          run.files.map((f) => ({ file: f.file, status: statusText(f), read: f.rowsRead, loaded: f.rowsLoaded, quarantined: f.rowsQuarantined, batch: f.batchId.slice(0, 12), note: f.reasonCode ? `${f.reasonCode}: ${f.message}` : (f.message ?? '') })),
        ),
      );
      if (run.ignoredFiles.length) log(yellow(`Ignored files (no entity of ${options.product}): ${run.ignoredFiles.join(', ')}`));
      const failed = run.gate.filter((g) => !g.passed);
      if (run.gate.length) log(`Quality gate: ${run.gate.length - failed.length}/${run.gate.length} checks passed${failed.length ? '' : '.'}`);
      for (const g of failed) {
        const line = `${g.table}: ${g.check} (${g.violations})${g.detail ? ` ${g.detail}` : ''}`;
        log(g.blocking ? red(`  FAILED ${line}`) : yellow(`  WARNING ${line}`));
      }
      const quarantined = run.files.reduce((n, f) => n + f.rowsQuarantined, 0);
      if (quarantined > 0) log(yellow(`${quarantined} row(s) quarantined: see \`${cliCommand(options, 'quarantine')}\`.`));
      log(run.message);
      if (options.marts && (run.status === 'published' || run.status === 'nothing_new')) {
        printMarts(await readMarts(engine, options.product, MART_PREVIEW_ROWS), `\`${cliCommand(options, `report ${options.product}`)}\` shows all.`);
        if (getProduct(options.product).report) await writeRunReport(engine, options);
      }
    }
    return run;
  });
  if (result.status === 'rejected' || result.status === 'blocked') {
    throw new DataRejectedError(`nothing was published (${result.status}). ${result.message}`);
  }
}

/** The plan of a run, written nowhere: a DuckDB warehouse that does not exist yet is not created. */
async function dryRun(options: RunCommandOptions, inputDir: string): Promise<void> {
  const db = options.engine === 'duckdb' && !existsSync(options.db) ? ':memory:' : options.db;
  const plan: RunPlan = await withWarehouse({ ...options, db }, (engine) => planPipeline(engine, { product: options.product, inputDir, ...(options.param && { parameters: options.param }) }));
  if (options.json) {
    printJson(plan);
    return;
  }
  // The plan is the command's output: stdout, as status prints the ledger.
  const say = (text: string) => process.stdout.write(`${text}\n`);
  say(bold(`Plan for ${plan.product} from ${plan.inputDir} (dry run: nothing is written)`));
  if (plan.files.length === 0) say(yellow(`No input files for ${plan.product} in ${plan.inputDir}.`));
  else {
    const colour = { new: green, skipped: dim, rejected: red };
    say(renderTable(plan.files.map((f) => ({ file: f.file, entity: f.entity, action: colour[f.action](f.action), batch: f.batchId.slice(0, 12), note: f.reasonCode ? `${f.reasonCode}: ${f.message}` : (f.message ?? '') }))));
  }
  if (plan.ignoredFiles.length) say(yellow(`Ignored files (no entity of ${plan.product}): ${plan.ignoredFiles.join(', ')}`));
  if (plan.models.length === 0) {
    say('Nothing new to load: no model would be built.');
    return;
  }
  say(renderTable(plan.models.map((m) => ({ model: m.name, build: m.build, published: m.published ? 'yes' : 'no (intermediate)' }))));
  say(`Quality gate: ${plan.gate.length} checks (${[...new Set(plan.gate.map((g) => g.table))].length} tables).`);
}

/**
 * Every registered product over its bundled samples, one after the other (what `npm start` runs):
 * each run prints its marts and writes its report. A product whose samples are rejected stops the
 * demo with that product's exit code.
 */
export async function demoCommand(options: Omit<RunCommandOptions, 'product' | 'input'>): Promise<void> {
  if (options.engine === 'redshift') throw new UsageError('The demo runs the bundled raw samples, which reach Redshift only through the Glue job: use --engine duckdb or postgres.');
  if (options.json) throw new UsageError('The demo prints for people; for JSON run one product: finlake run <product> --input <path> --json.');
  const products = allProducts().filter((p) => p.samples && existsSync(p.samples));
  if (products.length === 0) throw new UsageError('No registered product ships samples (data/raw/<product>).');
  for (const [i, product] of products.entries()) {
    if (i > 0) log('');
    log(bold(`== ${product.title} (${product.name}): samples in ${relative(process.cwd(), product.samples!) || '.'}`));
    await runCommand({ ...options, product: product.name, input: product.samples });
  }
}
