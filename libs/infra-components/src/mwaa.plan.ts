import { doc, PolicyDocument } from './policy-document';

/** Airflow versions we accept: Airflow 2 with a published constraints file (pin; the provider default is "latest"). */
export const SUPPORTED_AIRFLOW_VERSIONS = ['2.10.3', '2.11.0'] as const;
export const MWAA_LOG_TYPES = ['dagProcessingLogs', 'schedulerLogs', 'taskLogs', 'webserverLogs', 'workerLogs'] as const;

export interface MwaaSettings {
  airflowVersion: string;
  environmentClass: 'mw1.micro' | 'mw1.small' | 'mw1.medium' | 'mw1.large';
  maxWorkers: number;
}

export function validateMwaa(s: MwaaSettings): void {
  const p: string[] = [];
  if (!(SUPPORTED_AIRFLOW_VERSIONS as readonly string[]).includes(s.airflowVersion)) p.push(`airflowVersion "${s.airflowVersion}": pin one of ${SUPPORTED_AIRFLOW_VERSIONS.join(', ')}.`);
  if (!['mw1.micro', 'mw1.small', 'mw1.medium', 'mw1.large'].includes(s.environmentClass)) p.push(`environmentClass "${s.environmentClass}": mw1.micro, mw1.small, mw1.medium or mw1.large.`);
  if (!(Number.isInteger(s.maxWorkers) && s.maxWorkers >= 1 && s.maxWorkers <= 25)) p.push(`maxWorkers is ${s.maxWorkers}: 1 to 25.`);
  if (p.length) throw new Error(`Invalid MWAA settings:\n${p.map((x) => `  - ${x}`).join('\n')}`);
}

/** The log group MWAA writes each log type to: `airflow-<environment>-<Kind>`. */
const MWAA_LOG_GROUP_KIND: Record<(typeof MWAA_LOG_TYPES)[number], string> = {
  dagProcessingLogs: 'DAGProcessing',
  schedulerLogs: 'Scheduler',
  taskLogs: 'Task',
  webserverLogs: 'WebServer',
  workerLogs: 'Worker',
};

/**
 * The CloudWatch log groups of an environment, by log type. MWAA creates them without retention
 * unless they exist; the Mwaa component creates them first, with retention and the key.
 */
export function mwaaLogGroupNames(environmentName: string): Record<(typeof MWAA_LOG_TYPES)[number], string> {
  return Object.fromEntries(MWAA_LOG_TYPES.map((t) => [t, `airflow-${environmentName}-${MWAA_LOG_GROUP_KIND[t]}`])) as Record<(typeof MWAA_LOG_TYPES)[number], string>;
}

/** All five Airflow log types, INFO (WARNING for the noisy web server). */
export function mwaaLogging() {
  return Object.fromEntries(MWAA_LOG_TYPES.map((t) => [t, { enabled: true, logLevel: t === 'webserverLogs' ? 'WARNING' : 'INFO' }])) as Record<(typeof MWAA_LOG_TYPES)[number], { enabled: true; logLevel: string }>;
}

/** Airflow reads Variables (and only Variables) from Secrets Manager through this backend. */
export const SECRETS_MANAGER_BACKEND = 'airflow.providers.amazon.aws.secrets.secrets_manager.SecretsManagerBackend';

/** Secret-name prefix of an environment's Airflow Variables: `<prefix>/<variable>` is one secret. */
export const variablesPrefix = (environmentName: string) => `${environmentName}/variables`;

/** The Secrets Manager secret holding one Airflow Variable (the backend joins prefix and key with `/`). */
export function variableSecretName(environmentName: string, key: string): string {
  if (!/^[a-z][a-z0-9_]*$/.test(key)) throw new Error(`Airflow variable "${key}" must be snake_case (letters, digits, _), as the DAG reads it.`);
  return `${variablesPrefix(environmentName)}/${key}`;
}

/**
 * Airflow configuration: no example DAGs, and the Secrets Manager backend for Variables only
 * (`connections_prefix: null`: connection lookups would otherwise each cost a Secrets Manager call
 * and fall through to the metadata database anyway).
 */
export function airflowConfigurationOptions(environmentName: string): Record<string, string> {
  return {
    'core.load_examples': 'false',
    'secrets.backend': SECRETS_MANAGER_BACKEND,
    'secrets.backend_kwargs': JSON.stringify({ connections_prefix: null, variables_prefix: variablesPrefix(environmentName) }),
  };
}

/** The Python requirements MWAA installs: `requirements.txt` must pin the constraints file of the environment's Airflow version. */
export function checkRequirements(text: string, airflowVersion: string): void {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const constraint = lines.find((l) => l.startsWith('--constraint'));
  const problems: string[] = [];
  const want = `constraints-${airflowVersion}/`;
  if (!constraint) problems.push(`no --constraint line: MWAA needs one since Airflow 2.7.2 (use the ${want} constraints file).`);
  else if (!constraint.includes(want)) problems.push(`the --constraint line ${constraint} is not for Airflow ${airflowVersion} (${want}).`);
  for (const l of lines.filter((x) => !x.startsWith('-'))) if (!/^[A-Za-z0-9_.\[\],-]+==[0-9][A-Za-z0-9.]*$/.test(l)) problems.push(`"${l}" is not pinned with ==.`);
  if (problems.length) throw new Error(`Invalid MWAA requirements.txt:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
}

export interface MwaaRolePolicyInput {
  partition: string;
  region: string;
  accountId: string;
  environmentName: string;
  sourceBucketArn: string;
  kmsKeyArn: string;
  /** The pipeline state machines the DAG starts and watches (one per data product). */
  stateMachineArns: string[];
  /** The secrets of the Airflow Variables: the role reads these and no other secret. */
  variableSecretArns: string[];
}

/**
 * The MWAA execution role, after the AWS-documented policy, narrowed to this environment, its
 * DAG bucket and key, plus starting and watching the pipeline state machines (with the lake key
 * they are encrypted with, through Step Functions only) and reading the
 * secrets of its Airflow Variables (exactly those secrets, decrypted only through Secrets Manager).
 */
export function mwaaExecutionPolicy(i: MwaaRolePolicyInput): PolicyDocument {
  const arn = (service: string, resource: string) => `arn:${i.partition}:${service}:${i.region}:${i.accountId}:${resource}`;
  if (!i.stateMachineArns.length) throw new Error('The MWAA execution role needs at least one pipeline state machine to start.');
  const stateMachines = [...i.stateMachineArns].sort();
  const executions = stateMachines.map((sm) => arn('states', `execution:${sm.split(':').pop()}:*`));
  const one = <T>(list: T[]) => (list.length === 1 ? list[0]! : list);
  return doc(
    { Sid: 'PublishMetrics', Effect: 'Allow', Action: 'airflow:PublishMetrics', Resource: arn('airflow', `environment/${i.environmentName}`) },
    { Sid: 'ReadDags', Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: `${i.sourceBucketArn}/*` },
    { Sid: 'ListDags', Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetBucketLocation', 's3:GetBucketPublicAccessBlock', 's3:GetEncryptionConfiguration', 's3:GetAccountPublicAccessBlock'], Resource: i.sourceBucketArn },
    {
      Sid: 'AirflowLogs',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:CreateLogGroup', 'logs:PutLogEvents', 'logs:GetLogEvents', 'logs:GetLogRecord', 'logs:GetLogGroupFields', 'logs:GetQueryResults'],
      Resource: arn('logs', `log-group:airflow-${i.environmentName}-*`),
    },
    { Sid: 'DescribeLogGroups', Effect: 'Allow', Action: 'logs:DescribeLogGroups', Resource: '*' },
    { Sid: 'Metrics', Effect: 'Allow', Action: 'cloudwatch:PutMetricData', Resource: '*' },
    {
      Sid: 'CeleryQueues',
      Effect: 'Allow',
      Action: ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage', 'sqs:SendMessage'],
      Resource: `arn:${i.partition}:sqs:${i.region}:*:airflow-celery-*`,
    },
    {
      Sid: 'UseKeyViaSqs',
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:GenerateDataKey*', 'kms:Encrypt'],
      Resource: i.kmsKeyArn,
      Condition: { StringLike: { 'kms:ViaService': [`sqs.${i.region}.amazonaws.com`, `s3.${i.region}.amazonaws.com`] } },
    },
    ...(i.variableSecretArns.length
      ? [
          { Sid: 'ReadAirflowVariables', Effect: 'Allow' as const, Action: 'secretsmanager:GetSecretValue', Resource: [...i.variableSecretArns].sort() },
          { Sid: 'DecryptAirflowVariables', Effect: 'Allow' as const, Action: 'kms:Decrypt', Resource: i.kmsKeyArn, Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${i.region}.amazonaws.com` } } },
        ]
      : []),
    { Sid: 'StartPipeline', Effect: 'Allow', Action: 'states:StartExecution', Resource: one(stateMachines) },
    { Sid: 'WatchPipeline', Effect: 'Allow', Action: ['states:DescribeExecution', 'states:GetExecutionHistory'], Resource: one(executions) },
    // The state machines are encrypted with the lake key: starting an execution encrypts its input
    // (GenerateDataKey), describing it decrypts input and output (Decrypt), both through Step Functions.
    { Sid: 'UsePipelineKey', Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: i.kmsKeyArn, Condition: { StringEquals: { 'kms:ViaService': `states.${i.region}.amazonaws.com` } } },
  );
}
