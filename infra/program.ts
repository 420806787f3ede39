import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DataLake, defaultGlueJob, Etl, Monitoring, Mwaa, MwaaSettings, Network, Orchestration, standardTags, Warehouse } from '@finlake/infra-components';
import { defaultSqlSteps } from '@finlake/orchestration';
import { prefixOf, StackConfig } from './config';

/** The Glue script uploaded by the Etl component (a placeholder until the real job exists). */
export const GLUE_SCRIPT = path.join(__dirname, '..', 'apps', 'glue', 'commerce_job.py');
/** The Airflow DAG uploaded to MWAA when it is enabled. */
export const AIRFLOW_DAG = path.join(__dirname, '..', 'apps', 'airflow', 'dags', 'finlake_pipeline.py');
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Builds the whole platform for one stack. Returns the stack outputs. */
export function build(c: StackConfig) {
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
    jobBaseName: 'commerce',
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
    steps: defaultSqlSteps({ schema: 'finlake', processedPrefix: 'commerce/' }),
    schedule: c.pipelineSchedule,
    rawBucketName: b.raw.name,
    rawPrefix: 'commerce/incoming/', // the Glue job's default --raw_prefix
    logRetentionDays: c.logRetentionDays,
    tags: tags('orchestration'),
  });

  // Optional (cost per hour, no pause): the Airflow environment whose DAG starts the state machine.
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
        stateMachineArn: orchestration.stateMachineArn,
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
