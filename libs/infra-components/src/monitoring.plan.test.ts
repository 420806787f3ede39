import { planAlarms } from './monitoring.plan';

describe('planAlarms', () => {
  const all = planAlarms({ name: 'mon', clusterIdentifier: 'finlake-dev-warehouse', stateMachineArns: { commerce: 'arn:sm' }, glueJobNames: ['finlake-dev-commerce'] });

  it('covers failed/timed-out/aborted executions, Glue failures, Redshift health and disk', () => {
    expect(all.map((a) => [a.name, a.namespace, a.metricName, a.comparisonOperator, a.threshold])).toEqual([
      ['mon-sfn-commerce-failed', 'AWS/States', 'ExecutionsFailed', 'GreaterThanOrEqualToThreshold', 1],
      ['mon-sfn-commerce-timedout', 'AWS/States', 'ExecutionsTimedOut', 'GreaterThanOrEqualToThreshold', 1],
      ['mon-sfn-commerce-aborted', 'AWS/States', 'ExecutionsAborted', 'GreaterThanOrEqualToThreshold', 1],
      ['mon-glue-finlake-dev-commerce-failed', 'Glue', 'glue.driver.aggregate.numFailedTasks', 'GreaterThanOrEqualToThreshold', 1],
      ['mon-redshift-health', 'AWS/Redshift', 'HealthStatus', 'LessThanThreshold', 1],
      ['mon-redshift-disk', 'AWS/Redshift', 'PercentageDiskSpaceUsed', 'GreaterThanThreshold', 80],
    ]);
  });
  it('dimensions point at the monitored resource', () => {
    expect(all[0].dimensions).toEqual({ StateMachineArn: 'arn:sm' });
    expect(all[3].dimensions).toEqual({ JobName: 'finlake-dev-commerce', JobRunId: 'ALL', Type: 'count' });
    expect(all[4].dimensions).toEqual({ ClusterIdentifier: 'finlake-dev-warehouse' });
  });
  it('a silent cluster is unhealthy (missing health data breaches)', () => expect(all[4].treatMissingData).toBe('breaching'));
  it.each([
    [true, 'notBreaching', 'missing'],
    [false, 'breaching', 'missing'],
  ] as const)('a cluster that may pause (%s): missing health data is %s, missing disk data %s', (clusterMayPause, health, disk) => {
    const alarms = planAlarms({ name: 'm', clusterIdentifier: 'c', clusterMayPause });
    expect(alarms.map((a) => [a.metricName, a.treatMissingData])).toEqual([
      ['HealthStatus', health],
      ['PercentageDiskSpaceUsed', disk],
    ]);
  });
  it.each([
    [{}, []],
    [{ clusterIdentifier: 'c' }, ['m-redshift-health', 'm-redshift-disk']],
    [{ glueJobNames: ['b', 'a'] }, ['m-glue-a-failed', 'm-glue-b-failed']],
    [{ stateMachineArns: { toy: 'arn:t', commerce: 'arn:c' } }, ['commerce', 'toy'].flatMap((p) => ['failed', 'timedout', 'aborted'].map((m) => `m-sfn-${p}-${m}`))],
  ])('only alarms for what exists (%j)', (input, names) => expect(planAlarms({ name: 'm', ...input }).map((a) => a.name)).toEqual(names));
  it('alarms on failed EventBridge invocations per rule and on dead letters per queue', () => {
    const alarms = planAlarms({ name: 'm', eventRuleNames: ['r2', 'r1'], deadLetterQueueNames: ['q'] });
    expect(alarms.map((a) => [a.name, a.namespace, a.metricName, a.dimensions, a.comparisonOperator, a.threshold])).toEqual([
      ['m-events-r1-failed', 'AWS/Events', 'FailedInvocations', { RuleName: 'r1' }, 'GreaterThanOrEqualToThreshold', 1],
      ['m-events-r2-failed', 'AWS/Events', 'FailedInvocations', { RuleName: 'r2' }, 'GreaterThanOrEqualToThreshold', 1],
      ['m-dlq-q', 'AWS/SQS', 'ApproximateNumberOfMessagesVisible', { QueueName: 'q' }, 'GreaterThanOrEqualToThreshold', 1],
    ]);
  });
  it('rejects an impossible disk threshold', () => expect(() => planAlarms({ name: 'm', clusterIdentifier: 'c', diskThresholdPercent: 120 })).toThrow('between 1 and 99'));
});
