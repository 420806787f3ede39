import aslValidator from 'asl-validator';
import { buildStateMachineDefinition, CHOOSE_BATCH, CHOOSE_MANIFEST, EMPTY_DROP, IS_MY_TURN, LIST_RUNNING, defaultSqlSteps, FAILED, NOTIFY_FAILURE, THROTTLING_ERRORS } from './definition';

const input = {
  stateMachineArn: 'arn:aws:states:eu-west-1:123456789012:stateMachine:finlake-dev-commerce-pipeline',
  glueJobName: 'finlake-dev-commerce',
  clusterIdentifier: 'finlake-dev-warehouse',
  database: 'finance',
  secretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:redshift!finlake-dev-warehouse-admin-AbCdEf',
  topicArn: 'arn:aws:sns:eu-west-1:123456789012:finlake-dev-alerts',
  steps: defaultSqlSteps({ schema: 'commerce_pipeline', processedPrefix: 'commerce/' }),
  defaultBatchPrefix: 'commerce/incoming/',
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- states are plain JSON read by path
type S = Record<string, any>;

describe('buildStateMachineDefinition', () => {
  const def = buildStateMachineDefinition(input);
  const states = def.States as Record<string, S>;

  it('is valid Amazon States Language (asl-validator)', () => {
    const { isValid, errorsText } = aslValidator(def);
    expect(errorsText('\n')).toBe('');
    expect(isValid).toBe(true);
  });

  it('runs the Glue job synchronously first, then every SQL step in order, then notifies success', () => {
    expect(def.StartAt).toBe(CHOOSE_BATCH);
    expect(states.RunGlueJob.Resource).toBe('arn:aws:states:::glue:startJobRun.sync');
    const order: string[] = [];
    let cur: string | undefined = def.StartAt;
    // Follow the happy path: Next, or the FINISHED branch of a Choice.
    while (cur && order.length < 100) {
      order.push(cur);
      const s: S = states[cur];
      cur = s.Type === 'Choice' ? s.Choices[0].Next : s.Next;
    }
    expect(order.filter((n) => n.startsWith('Run'))).toEqual(['RunGlueJob', 'RunCopyProcessed', 'RunBuildModels', 'RunQualityGate', 'RunPublish']);
    expect(order.slice(-2)).toEqual(['NotifySuccess', 'Succeeded']);
  });

  it('gives the Glue job the batch named by the input, else the default raw prefix', () => {
    expect(states.RunGlueJob.Parameters.Arguments).toEqual({ '--execution_id.$': '$$.Execution.Name', '--raw_prefix.$': '$.batchPrefix', '--manifest.$': 'States.JsonToString($.manifest)' });
    const choose = states[CHOOSE_BATCH];
    expect(choose.Choices[0].Next).toBe(CHOOSE_MANIFEST);
    expect(choose.Choices[0].And).toEqual([
      { Variable: '$.batchPrefix', IsPresent: true },
      { Variable: '$.batchPrefix', IsString: true },
    ]);
    expect(states[choose.Default]).toMatchObject({ Type: 'Pass', Result: 'commerce/incoming/', ResultPath: '$.batchPrefix', Next: CHOOSE_MANIFEST });
  });

  it('a manifest with files goes to Glue, an empty one records a no-op and succeeds, none reads the whole prefix', () => {
    const m = states[CHOOSE_MANIFEST];
    expect(m.Choices).toEqual([
      { Variable: '$.manifest.files[0]', IsPresent: true, Next: LIST_RUNNING },
      { Variable: '$.manifest.files', IsPresent: true, Next: EMPTY_DROP },
    ]);
    expect(states[EMPTY_DROP]).toMatchObject({ Type: 'Pass', Parameters: { status: 'NO_OP', reason: 'EMPTY_DROP' }, Next: 'Succeeded' });
    expect(states[m.Default]).toMatchObject({ Type: 'Pass', Result: { prefix: true }, ResultPath: '$.manifest', Next: LIST_RUNNING });
  });

  it('takes turns before Glue: the oldest running execution of its own state machine goes, the others wait', () => {
    expect(states[LIST_RUNNING]).toMatchObject({ Resource: 'arn:aws:states:::aws-sdk:sfn:listExecutions', Parameters: { StateMachineArn: input.stateMachineArn, StatusFilter: 'RUNNING' }, Next: IS_MY_TURN });
    expect(states[IS_MY_TURN].Choices).toEqual([{ Variable: '$.turn.myTurn', BooleanEquals: true, Next: 'RunGlueJob' }]);
    expect(states[states[IS_MY_TURN].Default]).toMatchObject({ Type: 'Wait', Seconds: 60, Next: LIST_RUNNING });
  });

  it.each(['CopyProcessed', 'BuildModels', 'QualityGate', 'Publish'])('%s is a run → wait → describe → choice unit polling the Data API', (id) => {
    expect(states[`Run${id}`].Resource).toBe('arn:aws:states:::aws-sdk:redshiftdata:executeStatement');
    expect(states[`Run${id}`].Parameters.SecretArn).toBe(input.secretArn);
    expect(states[`Run${id}`].Next).toBe(`Wait${id}`);
    expect(states[`Wait${id}`]).toMatchObject({ Type: 'Wait', Seconds: 10, Next: `Describe${id}` });
    expect(states[`Describe${id}`].Resource).toBe('arn:aws:states:::aws-sdk:redshiftdata:describeStatement');
    const choice = states[`Is${id}Done`];
    expect(choice.Default).toBe(`Wait${id}`);
    expect(choice.Choices[1].Next).toBe(`${id}Failed`);
    expect(states[`${id}Failed`].Parameters.Error).toBe(`${id}Failed`);
    expect(states[`${id}Failed`].Next).toBe(NOTIFY_FAILURE);
  });

  it('every Task retries throttling with backoff and catches everything into the failure notification', () => {
    const tasks = Object.entries(states).filter(([, s]) => s.Type === 'Task');
    expect(tasks.length).toBeGreaterThanOrEqual(11);
    for (const [name, s] of tasks) {
      expect([name, s.Retry[0].ErrorEquals]).toEqual([name, THROTTLING_ERRORS]);
      expect(s.Retry[0].BackoffRate).toBeGreaterThan(1);
      expect(s.Retry[0].MaxAttempts).toBeLessThanOrEqual(5);
      expect(s.Catch[0].ErrorEquals).toEqual(['States.ALL']);
      expect([NOTIFY_FAILURE, FAILED]).toContain(s.Catch[0].Next);
    }
    expect(states[NOTIFY_FAILURE].Next).toBe(FAILED);
    expect(states[FAILED].Type).toBe('Fail');
  });

  it('rejects bad input with every problem at once', () => {
    expect(() =>
      buildStateMachineDefinition({ ...input, steps: [{ id: 'a-b', sql: 'x' }, { id: 'X', sql: 'y' }, { id: 'X', sql: 'z' }], pollSeconds: 0, defaultBatchPrefix: 'commerce/incoming' }),
    ).toThrow(/step id "a-b"[\s\S]*duplicate step ids: X[\s\S]*pollSeconds is 0[\s\S]*defaultBatchPrefix "commerce\/incoming" must be a key prefix ending in "\/"/);
    expect(() => buildStateMachineDefinition({ ...input, steps: [] })).toThrow('steps is empty');
  });

  it('default steps refuse values that would break the SQL', () => {
    expect(defaultSqlSteps({ schema: 'commerce_pipeline', processedPrefix: 'commerce/' })[0].sql).toBe("CALL commerce_pipeline.sp_copy_processed('commerce/')");
    expect(() => defaultSqlSteps({ schema: 'commerce_pipeline', processedPrefix: "x'); DROP TABLE t; --" })).toThrow('processedPrefix');
  });

  it('the validator itself rejects a broken definition (the test can fail)', () => {
    const broken = { ...def, States: { ...def.States, RunGlueJob: { ...states.RunGlueJob, Next: 'Nowhere' } } };
    expect(aslValidator(broken).isValid).toBe(false);
  });
});
