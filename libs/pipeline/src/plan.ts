import type { Engine } from '@finlake/engine';
import { fullBuild, planBuild, type BuildPlan } from './build';
import { recogniseFile, type FileCheck } from './check-file';
import { loadedBatches, type RunOptions } from './context';
import { inputFiles } from './files';
import { gateChecks } from './gate';
import { productFor } from './products';
import { META } from './schema';

/** What a run would do, in plain data (`finlake run --dry-run --json` prints it). */
export interface RunPlan {
  product: string;
  inputDir: string;
  /** Each file in load order: new (to be checked and loaded), skipped (loaded before), rejected (unreadable). */
  files: { file: string; entity: string; batchId: string; bytes: number; action: 'new' | 'skipped' | 'rejected'; reasonCode?: string; message?: string }[];
  ignoredFiles: string[];
  /** Each model in build order with how it would be built. */
  models: { name: string; published: boolean; build: 'rebuild' | 'append' | 'merge' | 'sum' | 'partition' }[];
  /** The gate's checks, by table. */
  gate: { table: string; check: string }[];
}

/**
 * Plan a run without writing anything: recognise each file (hash, header), look it up in the
 * ledger, decide how each model would be built and list the gate's checks. A warehouse that was
 * never set up reads as empty.
 */
export async function planPipeline(engine: Engine, options: Pick<RunOptions, 'product' | 'inputDir' | 'parameters'>): Promise<RunPlan> {
  const { contract, models } = productFor(options.product, options.parameters);
  const { files: inputs, ignored } = inputFiles(contract, options.inputDir);
  const tables = new Set((await engine.query<{ table_name: string }>(`select table_name from information_schema.tables where table_schema = ?`, [META])).map((r) => r.table_name));
  const setUp = tables.has('ledger') && tables.has('model_builds');
  const loadedBefore = setUp ? await loadedBatches(engine, contract.name) : new Map<string, string>();
  const seen = new Map<string, string>();
  const checks: FileCheck[] = [];
  for (const input of inputs) {
    const { check } = await recogniseFile(input, (batchId) => loadedBefore.get(batchId) ?? seen.get(batchId));
    if (check.status === 'checked') seen.set(check.batchId, input.name);
    checks.push(check);
  }
  const fresh = checks.filter((c) => c.status === 'checked');
  const staged = new Map<string, string[]>();
  for (const c of fresh) staged.set(`stg_${c.input.entity.name}`, [...(staged.get(`stg_${c.input.entity.name}`) ?? []), c.batchId]);
  // Every staging table has the run's rows (perhaps none), as the run's views give them.
  const views = { sources: new Map(), runRows: new Map(contract.entities.map((e) => [`stg_${e.name}`, `stg_${e.name}`])), appendedSources: new Map() };
  const plan: BuildPlan = setUp ? await planBuild(engine, models, staged, views) : fullBuild(models.product);
  return {
    product: contract.name,
    inputDir: options.inputDir,
    files: checks.map((c) => ({
      file: c.input.name,
      entity: c.input.entity.name,
      batchId: c.batchId,
      bytes: c.bytes,
      action: c.status === 'checked' ? 'new' : c.status,
      ...(c.reasonCode ? { reasonCode: c.reasonCode } : {}),
      ...(c.message ? { message: c.message } : {}),
    })),
    ignoredFiles: ignored,
    models: (fresh.length === 0 ? [] : models.models).map((m) => ({
      name: m.name,
      published: m.published,
      build: plan.summed.has(m.name) ? 'sum' : plan.inPlace.has(m.name) ? (m.incremental!.strategy as 'append' | 'merge' | 'partition') : 'rebuild',
    })),
    gate: fresh.length === 0 ? [] : gateChecks(contract, models, plan, fresh),
  };
}
