import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { buildStateMachineDefinition, s3RuleInputTransformer, SqlStep } from '@finlake/orchestration';
import { childName } from './naming';
import { checkScheduleTimeZone, DEAD_LETTER_RETENTION_SECONDS, deadLetterQueuePolicy, EVENT_TARGET_RETRY_POLICY, pipelineNames, rawObjectCreatedPattern, scheduleTargetPolicy, startExecutionPolicy, stateMachinePolicy } from './orchestration.plan';
import { assumeRolePolicy } from './policy-document';

export interface OrchestrationArgs {
  prefix: string;
  /** The data product this pipeline runs: its physical names derive from it (`pipelineNames`). */
  product: string;
  kmsKeyArn: pulumi.Input<string>;
  glueJobName: string;
  clusterIdentifier: string;
  databaseName: string;
  secretArn: pulumi.Input<string>;
  topicArn: pulumi.Input<string>;
  /** The SQL steps; an Input, since the COPY step names the processed bucket. */
  steps: pulumi.Input<SqlStep[]>;
  /** The daily run's schedule, e.g. `cron(0 5 * * ? *)`, read in `scheduleTimeZone`. */
  schedule: string;
  /** The IANA time zone of the schedule: the product's business time zone, so 05:00 stays 05:00 there across DST. */
  scheduleTimeZone: string;
  /**
   * Raw bucket name and the key prefix whose new objects start a run (the bucket must send events
   * to EventBridge); the prefix is also the Glue job's --raw_prefix when the input names no batch.
   */
  rawBucketName: pulumi.Input<string>;
  rawPrefix: string;
  logRetentionDays: number;
  tags?: Record<string, string>;
}

/**
 * One data product's Step Functions pipeline (definition from @finlake/orchestration), logged (ALL)
 * and traced, started daily on a schedule in the product's business time zone and on new raw
 * files under the product's raw prefix. The program creates one per registered product.
 */
export class Orchestration extends pulumi.ComponentResource {
  public readonly stateMachineArn: pulumi.Output<string>;
  public readonly stateMachineName: string;

  constructor(name: string, args: OrchestrationArgs, opts?: pulumi.ComponentResourceOptions) {
    super('finlake:infra:Orchestration', name, {}, opts);
    const identity = aws.getCallerIdentityOutput({}, { parent: this });
    const region = aws.getRegionOutput({}, { parent: this });
    const partition = aws.getPartitionOutput({}, { parent: this });
    const names = pipelineNames(args.prefix, args.product);
    this.stateMachineName = names.stateMachine;

    const logGroup = new aws.cloudwatch.LogGroup(
      childName(name, 'logs'),
      { name: names.logGroup, retentionInDays: args.logRetentionDays, kmsKeyId: args.kmsKeyArn, tags: args.tags },
      { parent: this, deleteBeforeReplace: true },
    );
    const role = new aws.iam.Role(childName(name, 'role'), { assumeRolePolicy: JSON.stringify(assumeRolePolicy('states.amazonaws.com')), tags: args.tags }, { parent: this });
    const rolePolicy = new aws.iam.RolePolicy(
      childName(name, 'policy'),
      {
        role: role.name,
        policy: pulumi
          .all([partition.partition, region.region, identity.accountId, args.secretArn, args.kmsKeyArn, args.topicArn])
          .apply(([p, r, a, secretArn, kmsKeyArn, topicArn]) =>
            JSON.stringify(
              stateMachinePolicy({ stateMachineName: names.stateMachine, partition: p, region: r, accountId: a, glueJobName: args.glueJobName, clusterIdentifier: args.clusterIdentifier, databaseName: args.databaseName, secretArn, kmsKeyArn, topicArn }),
            ),
          ),
      },
      { parent: role },
    );

    const sm = new aws.sfn.StateMachine(
      childName(name, 'pipeline'),
      {
        name: this.stateMachineName,
        type: 'STANDARD',
        roleArn: role.arn,
        definition: pulumi.all([partition.partition, region.region, identity.accountId, args.secretArn, args.topicArn, args.steps]).apply(([p, r, a, secretArn, topicArn, steps]) =>
          JSON.stringify(
            buildStateMachineDefinition({
              stateMachineArn: `arn:${p}:states:${r}:${a}:stateMachine:${names.stateMachine}`,
              glueJobName: args.glueJobName,
              clusterIdentifier: args.clusterIdentifier,
              database: args.databaseName,
              secretArn,
              topicArn,
              steps,
              defaultBatchPrefix: args.rawPrefix,
            }),
            null,
            2,
          ),
        ),
        loggingConfiguration: { level: 'ALL', includeExecutionData: true, logDestination: pulumi.interpolate`${logGroup.arn}:*` },
        tracingConfiguration: { enabled: true },
        encryptionConfiguration: { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyId: args.kmsKeyArn, kmsDataKeyReusePeriodSeconds: 300 },
        tags: args.tags,
      },
      // CreateStateMachine checks synchronously that the role may deliver logs (and use the key):
      // the policy must exist first, or the first `pulumi up` races and fails.
      { parent: this, dependsOn: [rolePolicy], deleteBeforeReplace: true },
    );
    this.stateMachineArn = sm.arn;

    const eventsRole = new aws.iam.Role(childName(name, 'events-role'), { assumeRolePolicy: JSON.stringify(assumeRolePolicy('events.amazonaws.com')), tags: args.tags }, { parent: this });
    new aws.iam.RolePolicy(childName(name, 'events-policy'), { role: eventsRole.name, policy: pulumi.all([sm.arn, args.kmsKeyArn]).apply(([arn, key]) => JSON.stringify(startExecutionPolicy(arn, key))) }, { parent: eventsRole });

    // A start EventBridge gives up on (after EVENT_TARGET_RETRY_POLICY) lands here; Monitoring alarms on it.
    const dlq = new aws.sqs.Queue(
      childName(name, 'dlq'),
      { name: names.deadLetterQueue, kmsMasterKeyId: args.kmsKeyArn, messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS, tags: args.tags },
      { parent: this, deleteBeforeReplace: true },
    );
    const target = { arn: sm.arn, roleArn: eventsRole.arn, retryPolicy: { ...EVENT_TARGET_RETRY_POLICY }, deadLetterConfig: { arn: dlq.arn } };

    // The daily run in the product's business time zone (EventBridge rules know UTC only, so a
    // 05:00 run would move by an hour at each DST change).
    const schedulerRole = new aws.iam.Role(childName(name, 'scheduler-role'), { assumeRolePolicy: JSON.stringify(assumeRolePolicy('scheduler.amazonaws.com')), tags: args.tags }, { parent: this });
    const schedulerPolicy = new aws.iam.RolePolicy(
      childName(name, 'scheduler-policy'),
      { role: schedulerRole.name, policy: pulumi.all([sm.arn, args.kmsKeyArn, dlq.arn]).apply(([arn, key, queue]) => JSON.stringify(scheduleTargetPolicy(arn, key, queue))) },
      { parent: schedulerRole },
    );
    new aws.scheduler.Schedule(
      childName(name, 'schedule'),
      {
        name: names.scheduleRule,
        description: `Daily ${args.product} pipeline run`,
        scheduleExpression: args.schedule,
        scheduleExpressionTimezone: checkScheduleTimeZone(args.scheduleTimeZone),
        flexibleTimeWindow: { mode: 'OFF' },
        state: 'ENABLED',
        target: { arn: sm.arn, roleArn: schedulerRole.arn, input: JSON.stringify({ trigger: 'schedule' }), retryPolicy: { ...EVENT_TARGET_RETRY_POLICY }, deadLetterConfig: { arn: dlq.arn } },
      },
      // The role must be allowed to start the state machine before the first invocation.
      { parent: this, dependsOn: [schedulerPolicy], deleteBeforeReplace: true },
    );

    const onRaw = new aws.cloudwatch.EventRule(
      childName(name, 'raw-created'),
      {
        name: names.rawRule,
        description: `Run the ${args.product} pipeline when a file lands under ${args.rawPrefix} in the raw bucket`,
        eventPattern: pulumi.output(args.rawBucketName).apply((b) => JSON.stringify(rawObjectCreatedPattern(b, args.rawPrefix))),
        state: 'ENABLED',
        tags: args.tags,
      },
      { parent: this, deleteBeforeReplace: true },
    );
    // The input records the object that started the run (see executionForObjectCreated).
    new aws.cloudwatch.EventTarget(childName(name, 'raw-created-target'), { rule: onRaw.name, ...target, inputTransformer: s3RuleInputTransformer() }, { parent: onRaw });
    new aws.sqs.QueuePolicy(
      childName(name, 'dlq-policy'),
      { queueUrl: dlq.url, policy: pulumi.all([dlq.arn, onRaw.arn]).apply(([queueArn, ...rules]) => JSON.stringify(deadLetterQueuePolicy(queueArn, rules))) },
      { parent: dlq },
    );
    this.registerOutputs({ stateMachineArn: this.stateMachineArn });
  }
}
