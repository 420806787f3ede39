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
}

/** Where a deployed product lives in the lake and what its Glue job is called: derived from the name only. */
export interface ProductLayout {
  /** Raw zone prefix the Glue job reads by default and the trigger rule watches. */
  rawPrefix: string;
  /** Processed zone prefix the Glue job writes and sp_copy_processed reads. */
  processedPrefix: string;
  /** The Glue job's base name. */
  jobBaseName: string;
  /** The contract JSON the Glue job applies (apps/glue/<name>_contract.json, written by tools/glue-contract.ts). */
  glueContractFile: string;
}

export function productLayout(name: string): ProductLayout {
  return { rawPrefix: `${name}/incoming/`, processedPrefix: `${name}/`, jobBaseName: name, glueContractFile: `${name}_contract.json` };
}
