/**
 * The pipeline's Step Functions definition, built from plain inputs (no Pulumi, no AWS SDK), so
 * it is tested on its own and rendered by the infrastructure program from this single source.
 *
 * Shape: choose the batch (the input's `batchPrefix`, else the default raw prefix) → choose the
 * manifest (exactly the objects to process; an empty one records a no-op and succeeds; none
 * means the whole prefix) → wait for its turn (the oldest running execution of the state machine
 * goes first, so runs of a product never overlap) → Glue job (.sync) on that batch → for every SQL step (COPY, models, quality gate, publish) the
 * four-state Data API unit run → wait → describe → choice → success notification → Succeed.
 * Every task retries throttling with exponential backoff; every failure is caught, notified on
 * SNS, and ends in a Fail state that names the step.
 */

export interface SqlStep {
  /** State-name stem, `[A-Za-z0-9]+`: `CopyProcessed`, `BuildModels`, `QualityGate`, `Publish`. */
  id: string;
  /** The SQL sent to the Redshift Data API: a stored procedure call (sql/ddl/04_procedures.sql). */
  sql: string;
}

export interface DefinitionInput {
  /** The state machine's own ARN (its name is fixed): runs of a product take turns by listing its running executions. */
  stateMachineArn: string;
  glueJobName: string;
  clusterIdentifier: string;
  database: string;
  /** Secrets Manager ARN of the admin credentials (the cluster's `masterPasswordSecretArn`). */
  secretArn: string;
  topicArn: string;
  steps: SqlStep[];
  /**
   * Raw key prefix the Glue job reads (`--raw_prefix`) when the execution input names no batch:
   * scheduled and on-demand runs start with an input without `batchPrefix`.
   */
  defaultBatchPrefix: string;
  /** Seconds between describeStatement polls. */
  pollSeconds?: number;
  /** Seconds between looks at the running executions while an older run holds the product. */
  turnSeconds?: number;
  /** Timeout of the whole execution, seconds (waiting for its turn included). */
  timeoutSeconds?: number;
}

export type State = Record<string, unknown>;
export interface StateMachineDefinition {
  Comment: string;
  StartAt: string;
  TimeoutSeconds: number;
  States: Record<string, State>;
}

export const THROTTLING_ERRORS = ['RedshiftData.ThrottlingException', 'Glue.ThrottlingException', 'Glue.ConcurrentRunsExceededException', 'SNS.ThrottledException', 'Sfn.ThrottlingException'];

const retry = [{ ErrorEquals: THROTTLING_ERRORS, IntervalSeconds: 5, MaxAttempts: 5, BackoffRate: 2, MaxDelaySeconds: 120, JitterStrategy: 'FULL' }];
const catchTo = (next: string) => [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: next }];

/**
 * What an execution may be started with. Every field is optional: without `batchPrefix` the
 * Glue job reads the default raw prefix. `trigger` only records what started the run.
 */
export interface PipelineInput {
  /** Raw key prefix of the batch's files, ending in `/`: the Glue job's `--raw_prefix`. */
  batchPrefix?: string;
  /**
   * Exactly the objects the run processes (planDrop): the Glue job reads these keys, checks their
   * ETags, and nothing else under the prefix. An empty manifest is a drop with nothing to do: the
   * run records a no-op and succeeds without Glue or SQL. Without a manifest (scheduled and
   * on-demand runs) the job reads the whole prefix.
   */
  manifest?: { files: { key: string; etag: string }[] };
  /** The S3 event that started the run, as sent (the key URL-encoded). */
  trigger?: { type: 's3'; bucket: string; key: string; etag?: string; sequencer?: string; time: string };
}

export const CHOOSE_BATCH = 'ChooseBatch';
export const CHOOSE_MANIFEST = 'ChooseManifest';
export const EMPTY_DROP = 'RecordEmptyDrop';
export const LIST_RUNNING = 'ListRunningExecutions';
export const IS_MY_TURN = 'IsMyTurn';
export const WAIT_TURN = 'WaitForTurn';
export const NOTIFY_FAILURE = 'NotifyFailure';
export const FAILED = 'PipelineFailed';

export function buildStateMachineDefinition(input: DefinitionInput): StateMachineDefinition {
  const problems: string[] = [];
  if (input.steps.length === 0) problems.push('steps is empty: give at least the COPY step.');
  const ids = input.steps.map((s) => s.id);
  for (const id of ids) if (!/^[A-Za-z][A-Za-z0-9]*$/.test(id)) problems.push(`step id "${id}" must be letters and digits, starting with a letter.`);
  const dup = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (dup.length) problems.push(`duplicate step ids: ${[...new Set(dup)].join(', ')}.`);
  const poll = input.pollSeconds ?? 10;
  if (poll < 1 || poll > 300) problems.push(`pollSeconds is ${poll}: 1 to 300.`);
  if (!/^[A-Za-z0-9_.=\/-]+\/$/.test(input.defaultBatchPrefix ?? '')) problems.push(`defaultBatchPrefix "${input.defaultBatchPrefix ?? ''}" must be a key prefix ending in "/" (letters, digits and _ . = / -).`);
  if (problems.length) throw new Error(`Invalid state machine input:\n${problems.map((p) => `  - ${p}`).join('\n')}`);

  const states: Record<string, State> = {};
  const glue = 'RunGlueJob';
  const runName = (id: string) => `Run${id}`;
  // A missing path in Parameters is an uncatchable runtime error, so the default is filled in first.
  states[CHOOSE_BATCH] = {
    Type: 'Choice',
    Comment: 'The batch named by the input (an S3 trigger), else the default raw prefix.',
    Choices: [{ And: [{ Variable: '$.batchPrefix', IsPresent: true }, { Variable: '$.batchPrefix', IsString: true }], Next: CHOOSE_MANIFEST }],
    Default: 'UseDefaultBatch',
  };
  states.UseDefaultBatch = { Type: 'Pass', Result: input.defaultBatchPrefix, ResultPath: '$.batchPrefix', Next: CHOOSE_MANIFEST };
  states[CHOOSE_MANIFEST] = {
    Type: 'Choice',
    Comment: 'A manifest names exactly the objects to process; an empty one is a drop with nothing to do; none means the whole prefix.',
    Choices: [
      { Variable: '$.manifest.files[0]', IsPresent: true, Next: LIST_RUNNING },
      { Variable: '$.manifest.files', IsPresent: true, Next: EMPTY_DROP },
    ],
    Default: 'UseWholePrefix',
  };
  // The job reads `--manifest` always: `{"files": [...]}` pins the objects, `{"prefix": true}` lists the prefix.
  states.UseWholePrefix = { Type: 'Pass', Result: { prefix: true }, ResultPath: '$.manifest', Next: LIST_RUNNING };
  // One run per product at a time: the oldest running execution goes, the others wait for their
  // turn. ListExecutions lists the newest first, so the last one listed is the oldest; an
  // execution not listed yet (the list is eventually consistent) waits and looks again.
  states[LIST_RUNNING] = {
    Type: 'Task',
    Comment: 'Is this the oldest running execution of the state machine?',
    Resource: 'arn:aws:states:::aws-sdk:sfn:listExecutions',
    Parameters: { StateMachineArn: input.stateMachineArn, StatusFilter: 'RUNNING' },
    ResultSelector: { 'myTurn.$': 'States.ArrayContains($.Executions[-1:].Name, $$.Execution.Name)' },
    ResultPath: '$.turn',
    Retry: retry,
    Catch: catchTo(NOTIFY_FAILURE),
    Next: IS_MY_TURN,
  };
  states[IS_MY_TURN] = { Type: 'Choice', Choices: [{ Variable: '$.turn.myTurn', BooleanEquals: true, Next: glue }], Default: WAIT_TURN };
  states[WAIT_TURN] = { Type: 'Wait', Comment: 'An older run of this product is still running.', Seconds: input.turnSeconds ?? 60, Next: LIST_RUNNING };
  states[EMPTY_DROP] = {
    Type: 'Pass',
    Comment: 'The drop holds no file the product reads: record it and succeed, without Glue or SQL.',
    Parameters: { status: 'NO_OP', reason: 'EMPTY_DROP', 'batchPrefix.$': '$.batchPrefix' },
    ResultPath: '$.outcome',
    Next: 'Succeeded',
  };
  states[glue] = {
    Type: 'Task',
    Comment: 'Transform the batch\'s raw files into the processed zone.',
    Resource: 'arn:aws:states:::glue:startJobRun.sync',
    Parameters: { JobName: input.glueJobName, Arguments: { '--execution_id.$': '$$.Execution.Name', '--raw_prefix.$': '$.batchPrefix', '--manifest.$': 'States.JsonToString($.manifest)' } },
    ResultPath: '$.glue',
    Retry: retry,
    Catch: catchTo(NOTIFY_FAILURE),
    Next: runName(input.steps[0].id),
  };
  input.steps.forEach((step, i) => {
    const next = i + 1 < input.steps.length ? runName(input.steps[i + 1].id) : 'NotifySuccess';
    const slot = `$.sql.${step.id}`;
    states[runName(step.id)] = {
      Type: 'Task',
      Resource: 'arn:aws:states:::aws-sdk:redshiftdata:executeStatement',
      Parameters: { ClusterIdentifier: input.clusterIdentifier, Database: input.database, SecretArn: input.secretArn, Sql: step.sql, StatementName: step.id, WithEvent: false },
      ResultSelector: { 'Id.$': '$.Id' },
      ResultPath: slot,
      Retry: retry,
      Catch: catchTo(NOTIFY_FAILURE),
      Next: `Wait${step.id}`,
    };
    states[`Wait${step.id}`] = { Type: 'Wait', Seconds: poll, Next: `Describe${step.id}` };
    states[`Describe${step.id}`] = {
      Type: 'Task',
      Resource: 'arn:aws:states:::aws-sdk:redshiftdata:describeStatement',
      Parameters: { 'Id.$': `${slot}.Id` },
      ResultSelector: { 'Id.$': '$.Id', 'Status.$': '$.Status' },
      ResultPath: slot,
      Retry: retry,
      Catch: catchTo(NOTIFY_FAILURE),
      Next: `Is${step.id}Done`,
    };
    states[`Is${step.id}Done`] = {
      Type: 'Choice',
      Choices: [
        { Variable: `${slot}.Status`, StringEquals: 'FINISHED', Next: next },
        { Or: ['FAILED', 'ABORTED'].map((s) => ({ Variable: `${slot}.Status`, StringEquals: s })), Next: `${step.id}Failed` },
      ],
      Default: `Wait${step.id}`,
    };
    // Names the broken step in the error the failure notification carries.
    states[`${step.id}Failed`] = {
      Type: 'Pass',
      Parameters: { Error: `${step.id}Failed`, Cause: `The ${step.id} statement ended FAILED or ABORTED; see the Redshift Data API statement for the message.`, 'StatementId.$': `${slot}.Id` },
      ResultPath: '$.error',
      Next: NOTIFY_FAILURE,
    };
  });
  states.NotifySuccess = {
    Type: 'Task',
    Resource: 'arn:aws:states:::sns:publish',
    Parameters: { TopicArn: input.topicArn, Subject: 'finlake pipeline published', 'Message.$': "States.Format('Execution {} published.', $$.Execution.Name)" },
    ResultPath: null,
    Retry: retry,
    Catch: catchTo(FAILED),
    Next: 'Succeeded',
  };
  states.Succeeded = { Type: 'Succeed' };
  states[NOTIFY_FAILURE] = {
    Type: 'Task',
    Resource: 'arn:aws:states:::sns:publish',
    Parameters: { TopicArn: input.topicArn, Subject: 'finlake pipeline FAILED', 'Message.$': "States.Format('Execution {} failed: {}', $$.Execution.Name, States.JsonToString($.error))" },
    ResultPath: null,
    Retry: retry,
    Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: null, Next: FAILED }],
    Next: FAILED,
  };
  states[FAILED] = { Type: 'Fail', Error: 'PipelineFailed', Cause: 'A step failed; the failure notification names it.' };
  return { Comment: 'finlake: Glue → COPY → models → quality gate → publish', StartAt: CHOOSE_BATCH, TimeoutSeconds: input.timeoutSeconds ?? 6 * 3600, States: states };
}

/**
 * The default SQL steps: calls of the stored procedures in sql/ddl/04_procedures.sql (rendered
 * from the contract and the models by tools/ddl.ts). COPY uses the cluster's default IAM role
 * (`IAM_ROLE default`), so no ARN is spliced into SQL.
 */
export function defaultSqlSteps(args: { schema: string; processedPrefix: string }): SqlStep[] {
  for (const [k, v] of Object.entries(args)) if (!/^[A-Za-z0-9_/.-]*$/.test(v)) throw new Error(`${k} "${v}" may only hold letters, digits and _ / . - (it is written into SQL).`);
  return [
    { id: 'CopyProcessed', sql: `CALL ${args.schema}.sp_copy_processed('${args.processedPrefix}')` },
    { id: 'BuildModels', sql: `CALL ${args.schema}.sp_build_models()` },
    { id: 'QualityGate', sql: `CALL ${args.schema}.sp_quality_gate()` },
    { id: 'Publish', sql: `CALL ${args.schema}.sp_publish()` },
  ];
}
