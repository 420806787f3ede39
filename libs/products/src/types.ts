import type { DataProductContract } from '@finlake/contracts';
import type { ProductModels } from '@finlake/models';

/** A mart as people read it: on a terminal after a run, and in the report. */
export interface MartView {
  table: string;
  title: string;
  orderBy: string[];
  /** Columns shown on a terminal (reports and --json carry every column). */
  terminal: string[];
}

/**
 * A data product: everything finlake needs to run, deploy and present it, registered once.
 * Every driver (the CLI, the local state machine, the Redshift procedures, the Glue job, the
 * infra program, the report, the bench) finds a product here by name.
 */
export interface DataProduct {
  readonly name: string;
  readonly title: string;
  readonly contract: DataProductContract;
  /** Models in build order with their key maps and reconciliations. */
  models(): ProductModels;
  /** The bundled sample input (data/raw/<name>), when the product ships one. */
  readonly samples?: string;
  /** The marts shown after a run, in order. */
  readonly marts: readonly MartView[];
  /** The currency money is reported in. */
  readonly currency: string;
  /** The product has an HTML report page (libs/report). */
  readonly report: boolean;
  /** Deterministic synthetic input files (`finlake generate <product>`), when the product has a generator. */
  readonly generate?: (options: GenerateOptions) => Promise<GenerateResult>;
  /** What the generator's rows are called in progress messages (e.g. transactions). */
  readonly generatedRows?: string;
}

/** What every product's generator takes: the same seed gives the same bytes. */
export interface GenerateOptions {
  rows: number;
  seed: number;
  outDir: string;
  /** Share of rows replaced by bad rows of every kind, 0..1 (default 0). */
  badRate?: number;
  /** Called as rows are written and once at the end. */
  onProgress?: (rowsWritten: number, total: number) => void;
}

export interface GenerateResult {
  /** Each file written, with its data rows and the rows a correct loader rejects. */
  files: { name: string; path: string; rows: number; badRows: number }[];
}

/** Where a deployed product lives in the lake and what its Glue job is called: derived from the name only. */
export interface ProductLayout {
  /** Raw zone prefix the Glue job reads by default and the trigger rule watches. */
  rawPrefix: string;
  /** Processed zone prefix the Glue job writes and sp_copy_processed reads. */
  processedPrefix: string;
  /** Quarantine zone prefix the Glue job writes bad rows and rejected files under. */
  quarantinePrefix: string;
  /** The Glue job's base name. */
  jobBaseName: string;
  /** The contract JSON the Glue job applies, relative to apps/glue (contracts/<name>.json, written by tools/glue-contract.ts). */
  glueContractFile: string;
}

/** Writes apps/glue/contracts/<product>.json for every registered product. */
export const GLUE_CONTRACT_COMMAND = 'npx tsx tools/glue-contract.ts';

export function productLayout(name: string): ProductLayout {
  return { rawPrefix: `${name}/incoming/`, processedPrefix: `${name}/`, quarantinePrefix: `${name}/`, jobBaseName: name, glueContractFile: `contracts/${name}.json` };
}
