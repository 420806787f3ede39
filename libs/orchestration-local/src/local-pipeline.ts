import type { Engine } from '@finlake/engine';
import { findEntityForFile, productSchemas } from '@finlake/contracts';
import { buildStateMachineDefinition, defaultSqlSteps, dropForEvent, planDrop, type S3ObjectCreatedEvent, type StateMachineDefinition } from '@finlake/orchestration';
import { productLayout } from '@finlake/products';
import { LocalGlueJob } from './glue';
import { LocalLake } from './lake';
import { LocalRedshiftData, type LocalRedshiftDataOptions } from './redshift-data';
import { LocalSns } from './sns';
import { LocalStepFunctions, type LocalExecution, type LocalStepFunctionsOptions } from './step-functions';

export interface LocalPipelineOptions extends LocalStepFunctionsOptions {
  engine: Engine;
  /** Directory for the local buckets (raw/, processed/, quarantine/). */
  root: string;
  /** The registered data product the pipeline runs. */
  product: string;
  now?: Date;
  /** The raw prefix the state machine falls back to, and the S3 trigger's filter (default `<product>/incoming/`). */
  rawPrefix?: string;
  redshiftData?: LocalRedshiftDataOptions;
}

export interface LocalPipeline {
  lake: LocalLake;
  glue: LocalGlueJob;
  redshiftData: LocalRedshiftData;
  sns: LocalSns;
  definition: StateMachineDefinition;
  stepFunctions: LocalStepFunctions;
  rawPrefix: string;
  /** The local raw bucket's name (S3 events from other buckets are ignored). */
  rawBucket: string;
  /**
   * The arrival rule: an Object Created event lists its drop's folder and plans it (planDrop,
   * every contract entity required). A drop still missing files waits; a complete one starts
   * with the manifest of its files under the name of the batch, so every event of the drop (and
   * a redelivered one) starts one execution.
   */
  arrive(event: S3ObjectCreatedEvent): Arrival;
}

export type Arrival = { execution: LocalExecution } | { waiting: string[] } | { ignored: string } | { duplicate: string };

/** The pipeline's definition (the one deployed) wired to local services on one engine. */
export function createLocalPipeline(options: LocalPipelineOptions): LocalPipeline {
  const lake = new LocalLake({ engine: options.engine, root: options.root, product: options.product, now: options.now });
  const layout = productLayout(lake.contract.name);
  const rawPrefix = options.rawPrefix ?? layout.rawPrefix;
  const schema = productSchemas(lake.contract.name).procedures;
  const jobName = `finlake-local-${layout.jobBaseName}`;
  const glue = new LocalGlueJob(lake, { jobName, defaultRawPrefix: rawPrefix });
  const redshiftData = new LocalRedshiftData(lake, options.redshiftData);
  const sns = new LocalSns();
  const stateMachineArn = `arn:aws:states:local:000000000000:stateMachine:${options.stateMachineName ?? 'finlake-local-pipeline'}`;
  const definition = buildStateMachineDefinition({
    stateMachineArn,
    glueJobName: jobName,
    clusterIdentifier: 'finlake-local-warehouse',
    database: 'finance',
    secretArn: 'arn:aws:secretsmanager:local:000000000000:secret:finlake-local-admin',
    topicArn: 'arn:aws:sns:local:000000000000:finlake-local-alerts',
    steps: defaultSqlSteps({ schema, processedPrefix: layout.processedPrefix }),
    defaultBatchPrefix: rawPrefix,
  });
  const stepFunctions = new LocalStepFunctions(definition, { glue, redshiftData, sns }, options);
  const rawBucket = 'finlake-local-raw';
  const required = lake.contract.entities.map((e) => e.name);
  const entityOf = (fileName: string) => findEntityForFile(lake.contract, fileName)?.name;
  const arrive = (event: S3ObjectCreatedEvent): Arrival => {
    const drop = dropForEvent(event, { rawPrefix, bucketName: rawBucket });
    if ('ignored' in drop) return drop;
    const plan = planDrop(drop.batchPrefix, lake.listRaw(drop.batchPrefix), { rawPrefix, required, entityOf });
    if (plan.action === 'wait') return { waiting: plan.missing };
    try {
      return { execution: stepFunctions.startExecution({ name: plan.name, input: plan.input }) };
    } catch (err) {
      if ((err as Error).name === 'ExecutionAlreadyExists') return { duplicate: plan.name };
      throw err;
    }
  };
  return { lake, glue, redshiftData, sns, definition, stepFunctions, rawPrefix, rawBucket, arrive };
}
