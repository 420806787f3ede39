import { doc, GLUE_VPC_ACTIONS, PolicyDocument } from './policy-document';

const checkDigest = (sha256: string, what: string) => {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`"${sha256}" is not a hex SHA-256 digest of the ${what}.`);
};

/** Object key of an uploaded Glue script: carries the content hash, so a changed script is a new object and the job definition changes with it. */
export function scriptObjectKey(jobName: string, sha256: string): string {
  checkDigest(sha256, 'script');
  return `glue/${jobName}/${sha256.slice(0, 16)}.py`;
}

/**
 * Object key of a file the job needs beside its script (a Python module, the contract JSON). The
 * hash is a folder, not part of the name: Glue puts `--extra-py-files` on the Python path and
 * `--extra-files` in the working directory under their own names, and the job imports and opens
 * them by name (`import contract_rules`, the product's `<product>.json`).
 */
export function jobFileObjectKey(jobName: string, fileName: string, sha256: string): string {
  checkDigest(sha256, fileName);
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(fileName)) throw new Error(`"${fileName}" is not a plain file name (letters, digits and _ . -).`);
  return `glue/${jobName}/${sha256.slice(0, 16)}/${fileName}`;
}

/** The jobs of one Etl component, as the program lists them (one per data product). */
export interface GlueJobKey {
  /** Names the job's Pulumi children and the stack output (the product name). */
  key: string;
  /** The physical job name is `${prefix}-${jobBaseName}`. */
  jobBaseName: string;
}

/** The physical name of each job, by key; keys and names must be unique and plain (they name children and AWS jobs). */
export function planGlueJobs(prefix: string, jobs: readonly GlueJobKey[]): Record<string, string> {
  const problems: string[] = [];
  if (!jobs.length) problems.push('no jobs: the program deploys one per registered data product.');
  const keys = jobs.map((j) => j.key);
  const names = jobs.map((j) => `${prefix}-${j.jobBaseName}`);
  for (const k of keys) if (!/^[a-z][a-z0-9_]*$/.test(k)) problems.push(`job key "${k}" must be lower-case letters, digits and underscores.`);
  for (const [what, list] of [['key', keys], ['name', names]] as const) {
    const dup = list.filter((x, i) => list.indexOf(x) !== i);
    if (dup.length) problems.push(`two jobs with the ${what} ${[...new Set(dup)].join(', ')}.`);
  }
  for (const n of names) if (!/^[A-Za-z0-9_-]{1,255}$/.test(n)) problems.push(`job name "${n}" must be 1 to 255 letters, digits, _ or -.`);
  if (problems.length) throw new Error(`Invalid Glue jobs:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return Object.fromEntries(jobs.map((j, i) => [j.key, names[i]!]));
}

/** A file read by the program (components do no I/O): its path on disk and SHA-256. */
export interface JobFile {
  path: string;
  sha256: string;
}

/** The last path segment, for either separator (pure: no node:path in plans). */
export const fileNameOf = (path: string) => path.split(/[\\/]/).pop() ?? path;

export interface GlueJobArgumentsInput {
  scriptsBucket: string;
  /** Object keys of Python modules: `--extra-py-files` (on the Python path of driver and executors). */
  pyFileKeys: readonly string[];
  /** Object keys of other files: `--extra-files` (copied to the driver's working directory). */
  extraFileKeys: readonly string[];
  /** The job's own parameters (`--raw_bucket`, `--contract_path`, ...). */
  jobArguments: Readonly<Record<string, string>>;
}

/** Glue's special parameters we set; the job's own parameters may not use these names. */
const RESERVED = ['--job-bookmark-option', '--enable-metrics', '--enable-continuous-cloudwatch-log', '--TempDir', '--extra-py-files', '--extra-files'];

/** The job's default arguments: Glue settings, the extra files as comma-separated S3 URIs, then the job's own parameters. */
export function glueJobArguments(i: GlueJobArgumentsInput): Record<string, string> {
  const problems: string[] = [];
  for (const k of Object.keys(i.jobArguments)) {
    if (!/^--[a-z][a-z0-9_]*$/.test(k)) problems.push(`job argument "${k}" must look like --snake_case.`);
    if (RESERVED.includes(k)) problems.push(`job argument "${k}" is set by the Etl component.`);
  }
  const keys = [...i.pyFileKeys, ...i.extraFileKeys];
  const names = keys.map(fileNameOf);
  const dup = names.filter((n, j) => names.indexOf(n) !== j);
  if (dup.length) problems.push(`two extra files named ${[...new Set(dup)].join(', ')}: Glue would put both in one place.`);
  for (const k of i.pyFileKeys) if (!/\.(py|zip|whl)$/.test(k)) problems.push(`"${k}" in --extra-py-files must be a .py, .zip or .whl.`);
  if (problems.length) throw new Error(`Invalid Glue job arguments:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  const uris = (list: readonly string[]) => list.map((k) => `s3://${i.scriptsBucket}/${k}`).join(',');
  return {
    '--job-bookmark-option': 'job-bookmark-enable',
    '--enable-metrics': 'true',
    '--enable-continuous-cloudwatch-log': 'true',
    '--TempDir': `s3://${i.scriptsBucket}/tmp/`,
    ...(i.pyFileKeys.length ? { '--extra-py-files': uris(i.pyFileKeys) } : {}),
    ...(i.extraFileKeys.length ? { '--extra-files': uris(i.extraFileKeys) } : {}),
    ...i.jobArguments,
  };
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

/**
 * The CloudWatch log groups Glue writes to for jobs and crawlers that run under a security
 * configuration with CloudWatch encryption: Glue names them after the configuration and the role
 * (`/aws-glue/jobs/<configuration>-role/<role>/{output,error}`,
 * `/aws-glue/crawlers-role/<role>-<configuration>`) and creates them without retention unless they
 * exist. The Etl component creates them first, with retention and the key.
 */
export function glueLogGroupNames(securityConfigurationName: string, roleName: string): { jobs: string[]; crawler: string } {
  return {
    jobs: ['output', 'error'].map((stream) => `/aws-glue/jobs/${securityConfigurationName}-role/${roleName}/${stream}`),
    crawler: `/aws-glue/crawlers-role/${roleName}-${securityConfigurationName}`,
  };
}

/** A query may scan at most this much (10 GB) before Athena cancels it: a mistyped query costs cents, not dollars. */
export const ATHENA_BYTES_SCANNED_CUTOFF = 10 * 1024 ** 3;

/**
 * The Athena workgroup over the processed zone's catalog: results under `athena-results/` of the
 * processed bucket, SSE-KMS with the lake key, the workgroup's settings enforced on every client,
 * a per-query scan limit, and metrics published (pure: table-tested).
 */
export function athenaWorkgroupConfiguration(processedBucketName: string, kmsKeyArn: string, bytesScannedCutoff = ATHENA_BYTES_SCANNED_CUTOFF) {
  if (!Number.isSafeInteger(bytesScannedCutoff) || bytesScannedCutoff < 10 * 1024 ** 2) throw new Error(`Athena's scan limit must be a whole number of bytes of at least 10 MB, got ${bytesScannedCutoff}.`);
  return {
    enforceWorkgroupConfiguration: true,
    publishCloudwatchMetricsEnabled: true,
    bytesScannedCutoffPerQuery: bytesScannedCutoff,
    resultConfiguration: { outputLocation: `s3://${processedBucketName}/athena-results/`, encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKeyArn } },
  };
}
