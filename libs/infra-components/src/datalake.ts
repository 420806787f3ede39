import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { accessLogDeliveryStatement, accessLogPrefix, BUCKET_PURPOSES, BucketPurpose, bucketPolicy, LifecycleOptions, lifecycleRules } from './datalake.plan';
import { KeyService, keyPolicy } from './kms.plan';
import { bucketName, childName } from './naming';

export interface DataLakeArgs {
  /** Physical-name prefix, e.g. `finlake-dev`. */
  prefix: string;
  lifecycle: LifecycleOptions;
  /** Services that must be able to use the key (log groups, alarms → SNS, access logs...). */
  keyServices: KeyService[];
  /** Dev only: allow `pulumi destroy` to empty and delete buckets. Never in prod. */
  forceDestroy: boolean;
  /** Prod: buckets are protected and retained on delete. */
  protect: boolean;
  /** Buckets that send their events to EventBridge (one BucketNotification per bucket, owned here). */
  eventBridge?: BucketPurpose[];
  tags?: Record<string, string>;
}

export interface LakeBucket {
  purpose: BucketPurpose;
  bucket: aws.s3.Bucket;
  name: pulumi.Output<string>;
  arn: pulumi.Output<string>;
}

/**
 * KMS key (rotating) and the five lake buckets, each hardened with the v7 side-car resources:
 * public access block → ownership controls → SSE-KMS with bucket key → versioning → one policy
 * (TLS-only + grants) → lifecycle and access logging; chained with dependsOn because S3 rejects
 * concurrent configuration changes on one bucket (OperationAborted).
 */
export class DataLake extends pulumi.ComponentResource {
  public readonly kmsKey: aws.kms.Key;
  public readonly kmsKeyArn: pulumi.Output<string>;
  public readonly buckets: Record<BucketPurpose, LakeBucket>;

  constructor(name: string, args: DataLakeArgs, opts?: pulumi.ComponentResourceOptions) {
    super('finlake:infra:DataLake', name, {}, opts);
    const identity = aws.getCallerIdentityOutput({}, { parent: this });
    const region = aws.getRegionOutput({}, { parent: this });
    const partition = aws.getPartitionOutput({}, { parent: this });
    const dataOpts = { parent: this, protect: args.protect, retainOnDelete: args.protect };

    this.kmsKey = new aws.kms.Key(
      childName(name, 'key'),
      {
        description: `finlake ${args.prefix}: data lake, logs, warehouse and notifications`,
        enableKeyRotation: true,
        rotationPeriodInDays: 365,
        deletionWindowInDays: 30,
        policy: pulumi
          .all([identity.accountId, region.region, partition.partition])
          .apply(([accountId, r, p]) => JSON.stringify(keyPolicy({ accountId, region: r, partition: p, services: args.keyServices }))),
        tags: args.tags,
      },
      { parent: this, protect: args.protect },
    );
    new aws.kms.Alias(childName(name, 'key-alias'), { name: `alias/${args.prefix}-lake`, targetKeyId: this.kmsKey.keyId }, { parent: this.kmsKey, deleteBeforeReplace: true });
    this.kmsKeyArn = this.kmsKey.arn;

    const created = {} as Record<BucketPurpose, LakeBucket>;
    for (const purpose of BUCKET_PURPOSES) {
      const bucket = new aws.s3.Bucket(
        childName(name, purpose),
        { bucket: identity.accountId.apply((a) => bucketName(args.prefix, purpose, a)), forceDestroy: args.forceDestroy, tags: { ...args.tags, purpose } },
        dataOpts,
      );
      created[purpose] = { purpose, bucket, name: bucket.bucket, arn: bucket.arn };
    }
    this.buckets = created;

    const logs = created.logs;
    for (const purpose of BUCKET_PURPOSES) {
      const { bucket } = created[purpose];
      const n = (part: string) => childName(name, purpose, part);
      const o = (dependsOn: pulumi.Resource[]) => ({ parent: bucket, dependsOn });
      const pab = new aws.s3.BucketPublicAccessBlock(n('pab'), { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }, o([]));
      const own = new aws.s3.BucketOwnershipControls(n('ownership'), { bucket: bucket.id, rule: { objectOwnership: 'BucketOwnerEnforced' } }, o([pab]));
      const sse = new aws.s3.BucketServerSideEncryptionConfiguration(
        n('sse'),
        { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: this.kmsKey.arn }, bucketKeyEnabled: true }] },
        o([own]),
      );
      const ver = new aws.s3.BucketVersioning(n('versioning'), { bucket: bucket.id, versioningConfiguration: { status: 'Enabled' } }, o([sse]));
      const sources = BUCKET_PURPOSES.filter((p) => p !== 'logs').map((p) => created[p].arn);
      const policyJson =
        purpose === 'logs'
          ? pulumi
              .all([bucket.arn, identity.accountId, ...sources])
              .apply(([arn, accountId, ...src]) => JSON.stringify(bucketPolicy(arn, [accessLogDeliveryStatement({ logsBucketArn: arn, sourceBucketArns: src, accountId })])))
          : bucket.arn.apply((arn) => JSON.stringify(bucketPolicy(arn)));
      const policy = new aws.s3.BucketPolicy(
        n('policy'),
        { bucket: bucket.id, policy: policyJson },
        o([ver]),
      );
      new aws.s3.BucketLifecycleConfiguration(
        n('lifecycle'),
        { bucket: bucket.id, rules: lifecycleRules(purpose, args.lifecycle) },
        o([policy]),
      );
      const prefix = accessLogPrefix(purpose);
      if (prefix) new aws.s3.BucketLogging(n('logging'), { bucket: bucket.id, targetBucket: logs.bucket.id, targetPrefix: prefix }, o([policy]));
      if (args.eventBridge?.includes(purpose)) new aws.s3.BucketNotification(n('events'), { bucket: bucket.id, eventbridge: true }, o([policy]));
    }

    this.registerOutputs({ kmsKeyArn: this.kmsKeyArn, bucketNames: Object.fromEntries(BUCKET_PURPOSES.map((p) => [p, created[p].name])) });
  }
}
