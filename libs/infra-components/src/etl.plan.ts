import { doc, GLUE_VPC_ACTIONS, PolicyDocument } from './policy-document';

/** Object key of an uploaded Glue script: carries the content hash, so a changed script is a new object and the job definition changes with it. */
export function scriptObjectKey(jobName: string, sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`"${sha256}" is not a hex SHA-256 digest of the script.`);
  return `glue/${jobName}/${sha256.slice(0, 16)}.py`;
}

export interface GlueJobSettings {
  glueVersion: string;
  workerType: 'G.1X' | 'G.2X' | 'G.025X';
  numberOfWorkers: number;
  timeoutMinutes: number;
  maxRetries: number;
}

/** Our job defaults: Glue 5.0 (Spark 3.5, Python 3.11), G.1X workers, one retry. */
export function defaultGlueJob(o: { numberOfWorkers: number; timeoutMinutes: number }): GlueJobSettings {
  return { glueVersion: '5.0', workerType: 'G.1X', numberOfWorkers: o.numberOfWorkers, timeoutMinutes: o.timeoutMinutes, maxRetries: 1 };
}

/** Checks the job settings against checklist 28: glueVersion ≥ 4, a timeout, bounded retries. */
export function validateGlueJob(s: GlueJobSettings): void {
  const problems: string[] = [];
  if (!(Number.parseFloat(s.glueVersion) >= 4)) problems.push(`glueVersion is "${s.glueVersion}": use "4.0" or "5.0" (without it Glue defaults to the end-of-life 0.9).`);
  if (!(s.timeoutMinutes >= 1 && s.timeoutMinutes <= 24 * 60)) problems.push(`timeoutMinutes is ${s.timeoutMinutes}: 1 to 1440 (the Glue default of 48 h hides hung jobs).`);
  if (!(Number.isInteger(s.maxRetries) && s.maxRetries >= 0 && s.maxRetries <= 3)) problems.push(`maxRetries is ${s.maxRetries}: 0 to 3 (retries are bounded; the state machine retries throttling itself).`);
  if (!(Number.isInteger(s.numberOfWorkers) && s.numberOfWorkers >= 2)) problems.push(`numberOfWorkers is ${s.numberOfWorkers}: Spark jobs need at least 2.`);
  if (problems.length) throw new Error(`Invalid Glue job settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
}

export interface GlueRolePolicyInput {
  partition: string;
  region: string;
  accountId: string;
  rawBucketArn: string;
  processedBucketArn: string;
  quarantineBucketArn: string;
  scriptsBucketArn: string;
  kmsKeyArn: string;
  databaseName: string;
}

/**
 * The Glue job and crawler role: read raw and scripts, write processed and quarantine (and the
 * job's temp prefix), use the lake key, write its own logs, manage the catalog database it owns,
 * and the network-interface calls a VPC connection needs (those only accept `Resource: "*"`).
 */
export function glueRolePolicy(i: GlueRolePolicyInput): PolicyDocument {
  const arn = (service: string, resource: string) => `arn:${i.partition}:${service}:${i.region}:${i.accountId}:${resource}`;
  return doc(
    { Sid: 'ReadInputs', Effect: 'Allow', Action: ['s3:GetObject'], Resource: [`${i.rawBucketArn}/*`, `${i.scriptsBucketArn}/*`, `${i.processedBucketArn}/*`] },
    { Sid: 'WriteOutputs', Effect: 'Allow', Action: ['s3:PutObject', 's3:DeleteObject'], Resource: [`${i.processedBucketArn}/*`, `${i.quarantineBucketArn}/*`, `${i.scriptsBucketArn}/tmp/*`] },
    { Sid: 'ListBuckets', Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetBucketLocation'], Resource: [i.rawBucketArn, i.processedBucketArn, i.quarantineBucketArn, i.scriptsBucketArn] },
    { Sid: 'UseLakeKey', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'], Resource: i.kmsKeyArn },
    {
      Sid: 'WriteGlueLogs',
      Effect: 'Allow',
      Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:AssociateKmsKey'],
      Resource: [arn('logs', 'log-group:/aws-glue/*'), arn('logs', 'log-group:/aws-glue/*:*')],
    },
    {
      Sid: 'Catalog',
      Effect: 'Allow',
      Action: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetTables', 'glue:CreateTable', 'glue:UpdateTable', 'glue:GetPartition', 'glue:GetPartitions', 'glue:BatchCreatePartition', 'glue:BatchGetPartition', 'glue:UpdatePartition', 'glue:GetSecurityConfiguration', 'glue:GetConnection'],
      Resource: [arn('glue', 'catalog'), arn('glue', `database/${i.databaseName}`), arn('glue', `table/${i.databaseName}/*`), arn('glue', 'connection/*')],
    },
    {
      Sid: 'VpcConnection',
      Effect: 'Allow',
      Action: [...GLUE_VPC_ACTIONS, 'cloudwatch:PutMetricData'],
      Resource: '*',
    },
  );
}

/** Crawlers log schema changes and deletions instead of applying them silently (checklist 28). */
export const CRAWLER_SCHEMA_CHANGE_POLICY = { updateBehavior: 'LOG', deleteBehavior: 'LOG' } as const;
