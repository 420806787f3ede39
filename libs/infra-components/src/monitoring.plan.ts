import { childName } from './naming';

export interface AlarmSpec<T = string> {
  name: string;
  description: string;
  namespace: string;
  metricName: string;
  dimensions: Record<string, string | T>;
  statistic: 'Sum' | 'Minimum' | 'Maximum' | 'Average';
  period: number;
  evaluationPeriods: number;
  threshold: number;
  comparisonOperator: 'GreaterThanOrEqualToThreshold' | 'GreaterThanThreshold' | 'LessThanThreshold';
  treatMissingData: 'notBreaching' | 'breaching' | 'missing';
}

/** `T` is the type of the state machine ARN: a string in tests, a `pulumi.Output<string>` in the component. */
export interface AlarmPlanInput<T = string> {
  /** Component name; alarm names derive from it. */
  name: string;
  /** Redshift cluster identifier: health and disk alarms. */
  clusterIdentifier?: string;
  /**
   * The cluster is paused at times (dev): a paused cluster reports no metrics, so missing health
   * data is then not an alarm. Otherwise a silent cluster is as bad as an unhealthy one.
   */
  clusterMayPause?: boolean;
  /** Disk usage percentage that alarms (default 80). */
  diskThresholdPercent?: number;
  /** State machine ARNs by product: failed, timed-out and aborted executions of each. */
  stateMachineArns?: Readonly<Record<string, T>>;
  /** Glue job names: one failure alarm each. */
  glueJobNames?: string[];
  /** EventBridge rules that start pipelines: one alarm each on failed target invocations. */
  eventRuleNames?: string[];
  /** Dead-letter queues of those targets: one alarm each on a message in the queue. */
  deadLetterQueueNames?: string[];
}

/** The alarm list, from what exists. Each alarm notifies the SNS topic (the component adds the actions). */
export function planAlarms<T = string>(input: AlarmPlanInput<T>): AlarmSpec<T>[] {
  const alarms: AlarmSpec<T>[] = [];
  const base = { period: 300, evaluationPeriods: 1 } as const;
  for (const [product, stateMachineArn] of Object.entries(input.stateMachineArns ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    for (const [metric, what] of [
      ['ExecutionsFailed', 'failed'],
      ['ExecutionsTimedOut', 'timed out'],
      ['ExecutionsAborted', 'aborted'],
    ] as const) {
      alarms.push({
        ...base,
        name: childName(input.name, 'sfn', product, metric.replace('Executions', '').toLowerCase()),
        description: `A ${product} pipeline execution ${what}.`,
        namespace: 'AWS/States',
        metricName: metric,
        dimensions: { StateMachineArn: stateMachineArn },
        statistic: 'Sum',
        threshold: 1,
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
        treatMissingData: 'notBreaching',
      });
    }
  }
  for (const job of [...(input.glueJobNames ?? [])].sort()) {
    alarms.push({
      ...base,
      name: childName(input.name, 'glue', job, 'failed'),
      description: `Glue job ${job} had failed tasks.`,
      namespace: 'Glue',
      metricName: 'glue.driver.aggregate.numFailedTasks',
      dimensions: { JobName: job, JobRunId: 'ALL', Type: 'count' },
      statistic: 'Sum',
      threshold: 1,
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      treatMissingData: 'notBreaching',
    });
  }
  for (const rule of [...(input.eventRuleNames ?? [])].sort()) {
    alarms.push({
      ...base,
      name: childName(input.name, 'events', rule, 'failed'),
      description: `EventBridge rule ${rule} failed to start its target (after retries; the event is in the dead-letter queue).`,
      namespace: 'AWS/Events',
      metricName: 'FailedInvocations',
      dimensions: { RuleName: rule },
      statistic: 'Sum',
      threshold: 1,
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      treatMissingData: 'notBreaching',
    });
  }
  for (const queue of [...(input.deadLetterQueueNames ?? [])].sort()) {
    alarms.push({
      ...base,
      name: childName(input.name, 'dlq', queue),
      description: `Dead-letter queue ${queue} holds an event EventBridge could not deliver: replay or discard it.`,
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: queue },
      statistic: 'Maximum',
      threshold: 1,
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      treatMissingData: 'notBreaching',
    });
  }
  if (input.clusterIdentifier) {
    const disk = input.diskThresholdPercent ?? 80;
    if (!(disk > 0 && disk < 100)) throw new Error(`diskThresholdPercent is ${disk}: choose a percentage between 1 and 99.`);
    alarms.push({
      ...base,
      name: childName(input.name, 'redshift', 'health'),
      description: input.clusterMayPause
        ? `Redshift cluster ${input.clusterIdentifier} is unhealthy (HealthStatus 0); no data (a paused cluster) is not an alarm.`
        : `Redshift cluster ${input.clusterIdentifier} is unhealthy (HealthStatus 0) or reports no health at all.`,
      namespace: 'AWS/Redshift',
      metricName: 'HealthStatus',
      dimensions: { ClusterIdentifier: input.clusterIdentifier },
      statistic: 'Minimum',
      threshold: 1,
      comparisonOperator: 'LessThanThreshold',
      treatMissingData: input.clusterMayPause ? 'notBreaching' : 'breaching',
    });
    alarms.push({
      ...base,
      evaluationPeriods: 2,
      name: childName(input.name, 'redshift', 'disk'),
      description: `Redshift cluster ${input.clusterIdentifier} uses more than ${disk}% of its disk.`,
      namespace: 'AWS/Redshift',
      metricName: 'PercentageDiskSpaceUsed',
      dimensions: { ClusterIdentifier: input.clusterIdentifier },
      statistic: 'Maximum',
      threshold: disk,
      comparisonOperator: 'GreaterThanThreshold',
      treatMissingData: 'missing',
    });
  }
  return alarms;
}
