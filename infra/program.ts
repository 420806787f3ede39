import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkRequirements, DataLake, defaultGlueJob, Etl, Monitoring, Mwaa, MwaaSettings, Network, Orchestration, standardTags, Warehouse } from '@finlake/infra-components';
import { productSchemas } from '@finlake/contracts';
import { defaultSqlSteps } from '@finlake/orchestration';
import { allProducts, productLayout, type DataProduct } from '@finlake/products';
import { prefixOf, StackConfig } from './config';

const GLUE_DIR = path.join(__dirname, '..', 'apps', 'glue');
/** The Glue job script and the files it needs, uploaded by the Etl component (the script is generic: the contract file names the product). */
export const GLUE_SCRIPT = path.join(GLUE_DIR, 'finlake_job.py');
/** Imported by the job (`--extra-py-files`). */
export const GLUE_MODULE = path.join(GLUE_DIR, 'contract_rules.py');
/** Opened by the job (`--extra-files`, `--contract_path`): generated from the product's TypeScript contract by tools/glue-contract.ts. */
export const glueContract = (product: string) => path.join(GLUE_DIR, productLayout(product).glueContractFile);
/** The Airflow DAG uploaded to MWAA when it is enabled. */
export const AIRFLOW_DAG = path.join(__dirname, '..', 'apps', 'airflow', 'dags', 'finlake_pipeline.py');
/** The Python requirements MWAA installs (the DAG's provider), pinned to the environment's Airflow version. */
export const AIRFLOW_REQUIREMENTS = path.join(__dirname, '..', 'apps', 'airflow', 'requirements.txt');
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/**
 * The data product the stack deploys: the first registered one. The Glue catalog, security
 * configuration and state machine are one per stack today, so a second product needs its own
 * Etl and Orchestration names before it can be deployed beside the first.
 */
export function deployedProduct(products: readonly DataProduct[] = allProducts()): DataProduct {
  const [product] = products;
  if (!product) throw new Error('No data product is registered (@finlake/products).');
  return product;
}

/** Builds the whole platform for one stack. Returns the stack outputs. */
export function build(c: StackConfig) {
  const product = deployedProduct();
  const layout = productLayout(product.name);
  const contractFile = glueContract(product.name);
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

  const b = lake.buckets;
  const bucketRef = (p: 'raw' | 'processed' | 'quarantine' | 'scripts') => ({ id: b[p].bucket.id, name: b[p].name, arn: b[p].arn });
  const etl = new Etl('etl', {
    prefix,
    kmsKeyArn: lake.kmsKeyArn,
    vpcId: network.vpcId,
    subnet: network.privateSubnets[0],
    buckets: { raw: bucketRef('raw'), processed: bucketRef('processed'), quarantine: bucketRef('quarantine'), scripts: bucketRef('scripts') },
    script: { path: GLUE_SCRIPT, sha256: sha256(GLUE_SCRIPT) },
    pyFiles: [{ path: GLUE_MODULE, sha256: sha256(GLUE_MODULE) }],
    extraFiles: [{ path: contractFile, sha256: sha256(contractFile) }],
    // Glue copies --extra-files into the driver's working directory, where the job looks first.
    jobArguments: { '--contract_path': path.basename(contractFile) },
    jobBaseName: layout.jobBaseName,
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
    glueJobNames: [etl.jobName],
    stateMachineName: `${prefix}-pipeline`,
    tags: tags('monitoring'),
  });

  const orchestration = new Orchestration('orchestration', {
    prefix,
    kmsKeyArn: lake.kmsKeyArn,
    glueJobName: etl.jobName,
    clusterIdentifier: warehouse.clusterIdentifier,
    databaseName: c.redshiftDatabase,
    secretArn: warehouse.secretArn,
    topicArn: monitoring.topicArn,
    // sp_copy_processed reads the Glue job's output: <processed bucket>/<product>/<entity>/.
    steps: b.processed.name.apply((bucket) => defaultSqlSteps({ schema: productSchemas(product.name).procedures, processedPrefix: `${bucket}/${layout.processedPrefix}` })),
    schedule: c.pipelineSchedule,
    rawBucketName: b.raw.name,
    rawPrefix: layout.rawPrefix, // the Glue job's default --raw_prefix
    logRetentionDays: c.logRetentionDays,
    tags: tags('orchestration'),
  });

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
        stateMachineArn: orchestration.stateMachineArn,
        // Every Airflow Variable the DAG reads (infra/airflow.test.ts compares with the DAG).
        variables: { finlake_state_machine_arn: orchestration.stateMachineArn },
        tags: tags('mwaa'),
      })
    : undefined;

  return {
    mwaaEnvironmentArn: mwaa?.environmentArn,
    bucketNames: Object.fromEntries(Object.entries(b).map(([k, v]) => [k, v.name])),
    kmsKeyArn: lake.kmsKeyArn,
    vpcId: network.vpcId,
    clusterEndpoint: warehouse.endpoint,
    clusterSecretArn: warehouse.secretArn,
    copyRoleArn: warehouse.copyRoleArn,
    glueJobName: etl.jobName,
    stateMachineArn: orchestration.stateMachineArn,
    alertTopicArn: monitoring.topicArn,
  };
}
