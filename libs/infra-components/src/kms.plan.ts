import { doc, PolicyDocument, Statement } from './policy-document';

export interface KeyPolicyInput {
  accountId: string;
  region: string;
  partition: string;
  /** Services that encrypt with the key on our behalf (B4 of the notes). */
  services: KeyService[];
}

export type KeyService = 'logs' | 'cloudwatch' | 'events' | 'sns' | 's3-access-logs' | 'flow-logs';

const ENCRYPT_ACTIONS = ['kms:Encrypt*', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'];

/** Service principal per consumer. CloudWatch Logs is regional. */
export function servicePrincipal(service: KeyService, region: string): string {
  switch (service) {
    case 'logs':
      return `logs.${region}.amazonaws.com`;
    case 'cloudwatch':
      return 'cloudwatch.amazonaws.com';
    case 'events':
      return 'events.amazonaws.com';
    case 'sns':
      return 'sns.amazonaws.com';
    case 's3-access-logs':
      return 'logging.s3.amazonaws.com';
    case 'flow-logs':
      return 'delivery.logs.amazonaws.com';
  }
}

/**
 * Key policy: the account root administers the key (without it the key becomes unmanageable;
 * IAM policies then decide who may use it), and each listed service may use it for encryption,
 * only from our account. No `*` principal anywhere (checklist 35).
 */
export function keyPolicy(input: KeyPolicyInput): PolicyDocument {
  const root = `arn:${input.partition}:iam::${input.accountId}:root`;
  const statements: Statement[] = [{ Sid: 'AccountAdministers', Effect: 'Allow', Principal: { AWS: root }, Action: 'kms:*', Resource: '*' }];
  for (const s of [...new Set(input.services)].sort()) {
    const principal = servicePrincipal(s, input.region);
    const condition: Statement['Condition'] =
      s === 'logs'
        ? { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${input.partition}:logs:${input.region}:${input.accountId}:log-group:*` } }
        : { StringEquals: { 'aws:SourceAccount': input.accountId } };
    statements.push({ Sid: `Allow-${s}`, Effect: 'Allow', Principal: { Service: principal }, Action: ENCRYPT_ACTIONS, Resource: '*', Condition: condition });
  }
  return doc(...statements);
}

/** True when no statement of a key policy allows the `*` principal. */
export function keyPolicyHasNoStarPrincipal(policy: PolicyDocument | string): boolean {
  const d: PolicyDocument = typeof policy === 'string' ? JSON.parse(policy) : policy;
  return d.Statement.every((s) => s.Effect !== 'Allow' || (s.Principal !== '*' && ![s.Principal?.AWS].flat().includes('*')));
}
