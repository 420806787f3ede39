import { doc, LOG_DELIVERY_ACTIONS, PolicyDocument } from './policy-document';

/** Step Functions log group name: the vendedlogs prefix keeps the CloudWatch Logs resource policy small (B8). */
export function stateMachineLogGroupName(prefix: string, name: string): string {
  return `/aws/vendedlogs/states/${prefix}-${name}`;
}

/** The physical names of one data product's pipeline: its state machine, log group, schedule and EventBridge rule. */
export interface PipelineNames {
  stateMachine: string;
  logGroup: string;
  /** The EventBridge Scheduler schedule of the daily run (in the product's business time zone). */
  scheduleRule: string;
  rawRule: string;
  /** The SQS queue the schedule's and the raw rule's targets dead-letter to. */
  deadLetterQueue: string;
}

/**
 * Every product has its own pipeline (`${prefix}-${product}-pipeline`), so several products live
 * side by side in one stack. The names are derived (never looked up), so the alarms and the MWAA
 * variables can name a state machine before it exists.
 */
export function pipelineNames(prefix: string, product: string): PipelineNames {
  if (!/^[a-z][a-z0-9_]*$/.test(product)) throw new Error(`Pipeline of "${product}": a product name is lower-case letters, digits and underscores.`);
  const names = {
    stateMachine: `${prefix}-${product}-pipeline`,
    logGroup: stateMachineLogGroupName(prefix, `${product}-pipeline`),
    scheduleRule: `${prefix}-${product}-pipeline-schedule`,
    rawRule: `${prefix}-${product}-raw-object-created`,
    deadLetterQueue: `${prefix}-${product}-pipeline-dlq`,
  };
  // Step Functions allows 80 characters, EventBridge schedule and rule names 64, SQS queue names 80.
  const long = [['state machine', names.stateMachine, 80], ['schedule', names.scheduleRule, 64], ['raw-object rule', names.rawRule, 64], ['dead-letter queue', names.deadLetterQueue, 80]].filter(([, n, max]) => (n as string).length > (max as number));
  if (long.length) throw new Error(`Pipeline of "${product}": ${long.map(([what, n, max]) => `${what} name ${n} is longer than ${max} characters`).join('; ')}; choose a shorter product or project name.`);
  return names;
}

export interface StateMachinePolicyInput {
  /** The state machine's own name: its runs list its running executions to take turns. */
  stateMachineName: string;
  partition: string;
  region: string;
  accountId: string;
  glueJobName: string;
  clusterIdentifier: string;
  databaseName: string;
  secretArn: string;
  kmsKeyArn: string;
  topicArn: string;
}

/** What the state machine role may do: exactly the integrations the definition uses. */
export function stateMachinePolicy(i: StateMachinePolicyInput): PolicyDocument {
  const arn = (service: string, resource: string) => `arn:${i.partition}:${service}:${i.region}:${i.accountId}:${resource}`;
  return doc(
    { Sid: 'RunGlueJob', Effect: 'Allow', Action: ['glue:StartJobRun', 'glue:GetJobRun', 'glue:GetJobRuns', 'glue:BatchStopJobRun'], Resource: arn('glue', `job/${i.glueJobName}`) },
    {
      Sid: 'RedshiftDataExecute',
      Effect: 'Allow',
      Action: 'redshift-data:ExecuteStatement',
      Resource: arn('redshift', `cluster:${i.clusterIdentifier}`),
    },
    // DescribeStatement/GetStatementResult have no resource-level permissions; AWS scopes them to the caller's own statements.
    { Sid: 'RedshiftDataDescribe', Effect: 'Allow', Action: ['redshift-data:DescribeStatement', 'redshift-data:GetStatementResult'], Resource: '*' },
    { Sid: 'ReadAdminSecret', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: i.secretArn },
    { Sid: 'UseKey', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: i.kmsKeyArn },
    { Sid: 'Notify', Effect: 'Allow', Action: 'sns:Publish', Resource: i.topicArn },
    { Sid: 'TakeTurns', Effect: 'Allow', Action: 'states:ListExecutions', Resource: arn('states', `stateMachine:${i.stateMachineName}`) },
    {
      Sid: 'LogDelivery',
      Effect: 'Allow',
      Action: LOG_DELIVERY_ACTIONS,
      Resource: '*',
    },
    { Sid: 'XRay', Effect: 'Allow', Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets'], Resource: '*' },
  );
}

/**
 * EventBridge → Step Functions: start this one state machine only. The state machine is
 * encrypted with our key, so starting it (which encrypts the input) needs the key too.
 */
export function startExecutionPolicy(stateMachineArn: string, kmsKeyArn?: string): PolicyDocument {
  return doc(
    { Sid: 'StartPipeline', Effect: 'Allow', Action: 'states:StartExecution', Resource: stateMachineArn },
    ...(kmsKeyArn ? [{ Sid: 'EncryptExecutionInput', Effect: 'Allow' as const, Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: kmsKeyArn }] : []),
  );
}

/**
 * EventBridge Scheduler → Step Functions: start this one state machine (its input encrypted with
 * our key), and dead-letter a start it gives up on into the pipeline's queue (encrypted too).
 * Scheduler writes dead letters with this role, not with a queue policy.
 */
export function scheduleTargetPolicy(stateMachineArn: string, kmsKeyArn: string, deadLetterQueueArn: string): PolicyDocument {
  return doc(...startExecutionPolicy(stateMachineArn, kmsKeyArn).Statement, { Sid: 'DeadLetter', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: deadLetterQueueArn });
}

/** An IANA time zone name, as EventBridge Scheduler takes it (`UTC`, `America/New_York`). */
export function checkScheduleTimeZone(zone: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    throw new Error(`The schedule's time zone "${zone}" is not an IANA time zone (e.g. UTC, America/New_York).`);
  }
  return zone;
}

/** EventBridge pattern: an object created under `prefix` in the raw bucket (needs BucketNotification{eventbridge:true}). */
export function rawObjectCreatedPattern(bucketName: string, prefix: string): Record<string, unknown> {
  return { source: ['aws.s3'], 'detail-type': ['Object Created'], detail: { bucket: { name: [bucketName] }, object: { key: [{ prefix }] } } };
}

/**
 * How EventBridge retries a failed StartExecution (throttling, a state machine being updated)
 * before the event goes to the dead-letter queue: for up to an hour, at most 10 times.
 */
export const EVENT_TARGET_RETRY_POLICY = { maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 10 } as const;

/** Dead letters keep the longest SQS allows (14 days), so a failed start can be replayed. */
export const DEAD_LETTER_RETENTION_SECONDS = 14 * 24 * 3600;

/** The dead-letter queue's resource policy: EventBridge may send to it, from these rules only (the schedule sends with its role). */
export function deadLetterQueuePolicy(queueArn: string, ruleArns: string[]): PolicyDocument {
  if (!ruleArns.length) throw new Error('A dead-letter queue policy names at least one EventBridge rule.');
  return doc({
    Sid: 'EventBridgeDeadLetters',
    Effect: 'Allow',
    Principal: { Service: 'events.amazonaws.com' },
    Action: 'sqs:SendMessage',
    Resource: queueArn,
    Condition: { ArnEquals: { 'aws:SourceArn': [...ruleArns].sort() } },
  });
}
