import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { AlarmPlanInput, planAlarms } from './monitoring.plan';
import { childName } from './naming';

export interface MonitoringArgs extends Omit<AlarmPlanInput, 'name' | 'stateMachineArns'> {
  /**
   * Names of the pipeline state machines, by product. Their ARNs are derived from the names, so
   * the alarms do not depend on the state machines (which themselves need this component's topic).
   */
  stateMachineNames?: Readonly<Record<string, string>>;
  prefix: string;
  kmsKeyArn: pulumi.Input<string>;
  /** Optional e-mail subscription (confirmed by the recipient). */
  alertEmail?: string;
  tags?: Record<string, string>;
}

/** KMS-encrypted SNS topic and the alarm list of `planAlarms`, each notifying the topic on alarm and OK. */
export class Monitoring extends pulumi.ComponentResource {
  public readonly topicArn: pulumi.Output<string>;
  public readonly alarmNames: string[];

  constructor(name: string, args: MonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    super('finlake:infra:Monitoring', name, {}, opts);
    const topic = new aws.sns.Topic(childName(name, 'alerts'), { name: `${args.prefix}-alerts`, kmsMasterKeyId: args.kmsKeyArn, tags: args.tags }, { parent: this, deleteBeforeReplace: true });
    this.topicArn = topic.arn;
    if (args.alertEmail) new aws.sns.TopicSubscription(childName(name, 'alerts-email'), { topic: topic.arn, protocol: 'email', endpoint: args.alertEmail }, { parent: topic });
    const names = Object.entries(args.stateMachineNames ?? {});
    const account = names.length
      ? pulumi.all([aws.getPartitionOutput({}, { parent: this }).partition, aws.getRegionOutput({}, { parent: this }).region, aws.getCallerIdentityOutput({}, { parent: this }).accountId])
      : undefined;
    const stateMachineArns = Object.fromEntries(names.map(([product, sm]) => [product, account!.apply(([p, r, a]) => `arn:${p}:states:${r}:${a}:stateMachine:${sm}`)]));
    const alarms = planAlarms<pulumi.Output<string>>({ name, clusterIdentifier: args.clusterIdentifier, clusterMayPause: args.clusterMayPause, diskThresholdPercent: args.diskThresholdPercent, glueJobNames: args.glueJobNames, eventRuleNames: args.eventRuleNames, deadLetterQueueNames: args.deadLetterQueueNames, stateMachineArns });
    this.alarmNames = alarms.map((a) => a.name);
    for (const a of alarms) {
      new aws.cloudwatch.MetricAlarm(
        a.name,
        {
          name: `${args.prefix}-${a.name}`,
          alarmDescription: a.description,
          namespace: a.namespace,
          metricName: a.metricName,
          dimensions: a.dimensions,
          statistic: a.statistic,
          period: a.period,
          evaluationPeriods: a.evaluationPeriods,
          threshold: a.threshold,
          comparisonOperator: a.comparisonOperator,
          treatMissingData: a.treatMissingData,
          alarmActions: [topic.arn],
          okActions: [topic.arn],
          tags: args.tags,
        },
        { parent: this, deleteBeforeReplace: true },
      );
    }
    this.registerOutputs({ topicArn: this.topicArn });
  }
}
