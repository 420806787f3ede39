import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { checkRequirements, DataLake, defaultGlueJob, Etl, Monitoring, Mwaa, MwaaSettings, Network, Orchestration, pipelineNames, standardTags, Warehouse, WarehouseSql } from '@finlake/infra-components';
import { productSchemas } from '@finlake/contracts';
import { defaultSqlSteps } from '@finlake/orchestration';
import { allProducts, businessTimeZone, GLUE_CONTRACT_COMMAND, productLayout, type DataProduct } from '@finlake/products';
import { renderRedshift } from '@finlake/security';
import { prefixOf, StackConfig } from './config';

const GLUE_DIR = path.join(__dirname, '..', 'apps', 'glue');
/** The Glue job script, one for every product: the contract file it is given names the product and its lake layout. */
export const GLUE_SCRIPT = path.join(GLUE_DIR, 'finlake_job.py');
/** Imported by the job (`--extra-py-files`). */
export const GLUE_MODULE = path.join(GLUE_DIR, 'contract_rules.py');
/** The Airflow DAG uploaded to MWAA when it is enabled. */
export const AIRFLOW_DAG = path.join(__dirname, '..', 'apps', 'airflow', 'dags', 'finlake_pipeline.py');
/** The Python requirements MWAA installs (the DAG's provider), pinned to the environment's Airflow version. */
export const AIRFLOW_REQUIREMENTS = path.join(__dirname, '..', 'apps', 'airflow', 'requirements.txt');
/** The Airflow Variable holding every product's state machine ARN, as a JSON object keyed by product (the DAG reads it). */
export const STATE_MACHINES_VARIABLE = 'finlake_state_machine_arns';
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Where the program finds the files it uploads per product. */
export interface ProgramFiles {
  /** The contract JSON a product's Glue job opens (`--extra-files`, `--contract_path`). */
  glueContract(product: string): string;
}

/** The repository's files: apps/glue/contracts/<product>.json, generated from each product's TypeScript contract by tools/glue-contract.ts. */
export const REPOSITORY_FILES: ProgramFiles = { glueContract: (product) => path.join(GLUE_DIR, productLayout(product).glueContractFile) };

/** The data products the stack deploys: every registered one, each with its own Glue job and pipeline. */
export function deployedProducts(products: readonly DataProduct[] = allProducts()): DataProduct[] {
  if (!products.length) throw new Error('No data product is registered (@finlake/products).');
  return [...products];
}

/** What the stack exports per product. */
export interface ProductOutputs {
  glueJobName: string;
  stateMachineArn: pulumi.Output<string>;
  rawPrefix: string;
}

/**
 * Builds the whole platform for one stack. Returns the stack outputs. The network, lake, warehouse,
 * Glue database and connection, alert topic and MWAA exist once; every registered data product
 * gets its own Glue job (the generic script with its contract), state machine, triggers and alarms.
 */
export function build(c: StackConfig, files: ProgramFiles = REPOSITORY_FILES) {
  const products = deployedProducts();
  const prefix = prefixOf(c);
  const tags = (component: string) => standardTags(c.project, c.environment, component);

  const lake = new DataLake('lake', {
    prefix,
    lifecycle: { noncurrentVersionDays: c.noncurrentVersionDays, rawInfrequentAccessDays: 30, rawGlacierDays: 90, logRetentionDays: c.logRetentionDays },
    keyServices: ['logs', 'cloudwatch', 'events', 's3-access-logs', 'flow-logs'],
    forceDestroy: c.forceDestroyBuckets,
    protect: c.protectData,
    eventBridge: ['raw'],
    tags: tags('lake'),
  });

  const network = new Network('net', {
    prefix,
    cidr: c.vpcCidr,
    availabilityZones: c.availabilityZones,
    nat: c.natStrategy,
    kmsKeyArn: lake.kmsKeyArn,
    flowLogRetentionDays: c.logRetentionDays,
    tags: tags('network'),
  });

  const warehouse = new Warehouse('warehouse', {
    prefix,
    vpcId: network.vpcId,
    vpcCidr: network.vpcCidr,
    privateSubnetIds: network.privateSubnetIds,
    kmsKeyArn: lake.kmsKeyArn,
    processedBucketArn: lake.buckets.processed.arn,
    nodeType: c.redshiftNodeType,
    numberOfNodes: c.redshiftNodeCount,
    databaseName: c.redshiftDatabase,
    masterUsername: c.redshiftAdminUser,
    snapshotRetentionDays: c.snapshotRetentionDays,
    keepFinalSnapshot: c.keepFinalSnapshot,
    finalSnapshotSuffix: c.finalSnapshotSuffix,
    logRetentionDays: c.logRetentionDays,
    tags: tags('warehouse'),
  });

  // Each product's roles, grants and row-level policies (docs/security.md), run as the admin.
  for (const p of products.filter((x) => x.security)) {
    new WarehouseSql(
      `warehouse-security-${p.name}`,
      { clusterIdentifier: warehouse.clusterIdentifier, databaseName: c.redshiftDatabase, secretArn: warehouse.secretArn, statements: renderRedshift(p.security!) },
      { parent: warehouse, dependsOn: [warehouse.cluster] },
    );
  }

  const b = lake.buckets;
  const bucketRef = (p: 'raw' | 'processed' | 'quarantine' | 'scripts') => ({ id: b[p].bucket.id, name: b[p].name, arn: b[p].arn });
  const contractFile = (product: string) => {
    const file = files.glueContract(product);
    if (!existsSync(file)) throw new Error(`The Glue contract of ${product} is missing (${file}): run \`${GLUE_CONTRACT_COMMAND}\` and commit the result.`);
    return file;
  };
  const etl = new Etl('etl', {
    prefix,
    kmsKeyArn: lake.kmsKeyArn,
    vpcId: network.vpcId,
    subnet: network.privateSubnets[0],
    buckets: { raw: bucketRef('raw'), processed: bucketRef('processed'), quarantine: bucketRef('quarantine'), scripts: bucketRef('scripts') },
    jobs: products.map((p, i) => {
      const contract = contractFile(p.name);
      return {
        // A stack deployed before every product was deployed holds the first product's job as `etl-job`.
        previousNames: i === 0 ? ['etl-job'] : [],
        key: p.name,
        jobBaseName: productLayout(p.name).jobBaseName,
        script: { path: GLUE_SCRIPT, sha256: sha256(GLUE_SCRIPT) },
        pyFiles: [{ path: GLUE_MODULE, sha256: sha256(GLUE_MODULE) }],
        extraFiles: [{ path: contract, sha256: sha256(contract) }],
        // Glue copies --extra-files into the driver's working directory, where the job looks first.
        jobArguments: { '--contract_path': path.basename(contract) },
      };
    }),
    job: defaultGlueJob({ numberOfWorkers: c.glueWorkers, timeoutMinutes: c.glueTimeoutMinutes }),
    manageCatalogEncryption: c.manageAccountSingletons,
    logRetentionDays: c.logRetentionDays,
    tags: tags('etl'),
  });

  const monitoring = new Monitoring('monitoring', {
    prefix,
    kmsKeyArn: lake.kmsKeyArn,
    alertEmail: c.alertEmail || undefined,
    clusterIdentifier: warehouse.clusterIdentifier,
    clusterMayPause: c.redshiftMayPause,
    glueJobNames: Object.values(etl.jobNames),
    stateMachineNames: Object.fromEntries(products.map((p) => [p.name, pipelineNames(prefix, p.name).stateMachine])),
    // The schedules dead-letter like the rules; Scheduler has no per-schedule failure metric.
    eventRuleNames: products.map((p) => pipelineNames(prefix, p.name).rawRule),
    deadLetterQueueNames: products.map((p) => pipelineNames(prefix, p.name).deadLetterQueue),
    tags: tags('monitoring'),
  });

  const pipelines = products.map((p) => {
    const layout = productLayout(p.name);
    return new Orchestration(`orchestration-${p.name}`, {
      prefix,
      product: p.name,
      kmsKeyArn: lake.kmsKeyArn,
      glueJobName: etl.jobNames[p.name]!,
      clusterIdentifier: warehouse.clusterIdentifier,
      databaseName: c.redshiftDatabase,
      secretArn: warehouse.secretArn,
      topicArn: monitoring.topicArn,
      // sp_copy_processed reads the Glue job's output: <processed bucket>/<product>/<entity>/.
      steps: b.processed.name.apply((bucket) => defaultSqlSteps({ schema: productSchemas(p.name).procedures, processedPrefix: `${bucket}/${layout.processedPrefix}` })),
      schedule: c.pipelineSchedule,
      scheduleTimeZone: businessTimeZone(p),
      rawBucketName: b.raw.name,
      rawPrefix: layout.rawPrefix, // the Glue job's default --raw_prefix
      logRetentionDays: c.logRetentionDays,
      tags: tags('orchestration'),
    });
  });
  const stateMachineArns = Object.fromEntries(products.map((p, i) => [p.name, pipelines[i]!.stateMachineArn]));

  // Optional (cost per hour, no pause): the Airflow environment whose DAG starts the state machine.
  if (c.mwaaEnabled) checkRequirements(readFileSync(AIRFLOW_REQUIREMENTS, 'utf8'), c.mwaaAirflowVersion);
  const mwaa = c.mwaaEnabled
    ? new Mwaa('airflow', {
        prefix,
        airflowVersion: c.mwaaAirflowVersion,
        environmentClass: c.mwaaEnvironmentClass as MwaaSettings['environmentClass'],
        maxWorkers: c.mwaaMaxWorkers,
        vpcId: network.vpcId,
        privateSubnetIds: network.privateSubnetIds,
        kmsKeyArn: lake.kmsKeyArn,
        sourceBucket: { id: b.scripts.bucket.id, arn: b.scripts.arn },
        dag: { path: AIRFLOW_DAG, sha256: sha256(AIRFLOW_DAG), fileName: 'finlake_pipeline.py' },
        requirements: { path: AIRFLOW_REQUIREMENTS, sha256: sha256(AIRFLOW_REQUIREMENTS) },
        stateMachineArns: Object.values(stateMachineArns),
        // Every Airflow Variable the DAG reads (infra/uploads.test.ts compares with the DAG).
        variables: { [STATE_MACHINES_VARIABLE]: pulumi.output(stateMachineArns).apply((arns) => JSON.stringify(arns)) },
        logRetentionDays: c.logRetentionDays,
        tags: tags('mwaa'),
      })
    : undefined;

  const productOutputs: Record<string, ProductOutputs> = Object.fromEntries(
    products.map((p) => [p.name, { glueJobName: etl.jobNames[p.name]!, stateMachineArn: stateMachineArns[p.name]!, rawPrefix: productLayout(p.name).rawPrefix }]),
  );
  return {
    /** Per data product: its Glue job, its state machine and the raw prefix that triggers it. */
    products: productOutputs,
    mwaaEnvironmentArn: mwaa?.environmentArn,
    bucketNames: Object.fromEntries(Object.entries(b).map(([k, v]) => [k, v.name])),
    kmsKeyArn: lake.kmsKeyArn,
    vpcId: network.vpcId,
    clusterEndpoint: warehouse.endpoint,
    clusterSecretArn: warehouse.secretArn,
    copyRoleArn: warehouse.copyRoleArn,
    alertTopicArn: monitoring.topicArn,
    athenaWorkgroupName: etl.athenaWorkgroupName,
  };
}
