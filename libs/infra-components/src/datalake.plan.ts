import { doc, PolicyDocument, Statement } from './policy-document';

export const BUCKET_PURPOSES = ['raw', 'processed', 'quarantine', 'scripts', 'logs'] as const;
export type BucketPurpose = (typeof BUCKET_PURPOSES)[number];

/** Statements every bucket policy starts with: deny plain HTTP and TLS older than 1.2 (SH S3.5). */
export function tlsOnlyStatements(bucketArn: string): Statement[] {
  const resources = [bucketArn, `${bucketArn}/*`];
  return [
    { Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: resources, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    { Sid: 'DenyOutdatedTls', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: resources, Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } } },
  ];
}

/**
 * Grant for S3 server access logging into the logs bucket, scoped to our account and the source
 * buckets (the AWS-recommended form; the ACL-based log-delivery group is unusable with
 * BucketOwnerEnforced).
 */
export function accessLogDeliveryStatement(args: { logsBucketArn: string; sourceBucketArns: string[]; accountId: string }): Statement {
  return {
    Sid: 'AllowS3ServerAccessLogs',
    Effect: 'Allow',
    Principal: { Service: 'logging.s3.amazonaws.com' },
    Action: 's3:PutObject',
    Resource: `${args.logsBucketArn}/${ACCESS_LOG_ROOT}*`,
    Condition: { ArnLike: { 'aws:SourceArn': [...args.sourceBucketArns].sort() }, StringEquals: { 'aws:SourceAccount': args.accountId } },
  };
}

/** One policy per bucket (PutBucketPolicy replaces the whole document): TLS-only first, then extras. */
export function bucketPolicy(bucketArn: string, extra: Statement[] = []): PolicyDocument {
  return doc(...tlsOnlyStatements(bucketArn), ...extra);
}

export const ACCESS_LOG_ROOT = 's3-access/';

/** Where a bucket's access logs go in the logs bucket. The logs bucket itself is never logged (it would log its own log writes). */
export function accessLogPrefix(purpose: BucketPurpose): string | undefined {
  return purpose === 'logs' ? undefined : `${ACCESS_LOG_ROOT}${purpose}/`;
}

export interface LifecycleRuleSpec {
  id: string;
  status: 'Enabled';
  filter: { prefix: string };
  abortIncompleteMultipartUpload?: { daysAfterInitiation: number };
  noncurrentVersionExpiration?: { noncurrentDays: number };
  transitions?: { days: number; storageClass: string }[];
  expiration?: { days: number };
}

export interface LifecycleOptions {
  noncurrentVersionDays: number;
  /** Days before raw objects move to STANDARD_IA, then GLACIER. */
  rawInfrequentAccessDays: number;
  rawGlacierDays: number;
  /** Days access logs are kept. */
  logRetentionDays: number;
}

/** Lifecycle rules of one bucket (one BucketLifecycleConfiguration per bucket). */
export function lifecycleRules(purpose: BucketPurpose, o: LifecycleOptions): LifecycleRuleSpec[] {
  const problems: string[] = [];
  if (o.rawInfrequentAccessDays < 30) problems.push(`rawInfrequentAccessDays is ${o.rawInfrequentAccessDays}: S3 needs at least 30 days before STANDARD_IA.`);
  if (o.rawGlacierDays < o.rawInfrequentAccessDays + 30) problems.push(`rawGlacierDays (${o.rawGlacierDays}) must be at least 30 days after rawInfrequentAccessDays (${o.rawInfrequentAccessDays}).`);
  if (o.noncurrentVersionDays < 1) problems.push('noncurrentVersionDays must be at least 1.');
  if (problems.length) throw new Error(`Invalid lifecycle options:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  const rules: LifecycleRuleSpec[] = [
    { id: 'abort-incomplete-multipart', status: 'Enabled', filter: { prefix: '' }, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } },
    { id: 'expire-noncurrent-versions', status: 'Enabled', filter: { prefix: '' }, noncurrentVersionExpiration: { noncurrentDays: o.noncurrentVersionDays } },
  ];
  if (purpose === 'raw') {
    rules.push({
      id: 'raw-tiering',
      status: 'Enabled',
      filter: { prefix: '' },
      transitions: [
        { days: o.rawInfrequentAccessDays, storageClass: 'STANDARD_IA' },
        { days: o.rawGlacierDays, storageClass: 'GLACIER' },
      ],
    });
  }
  if (purpose === 'logs') rules.push({ id: 'expire-logs', status: 'Enabled', filter: { prefix: '' }, expiration: { days: o.logRetentionDays } });
  return rules;
}
