/** IAM / S3 / KMS policy documents as plain data, plus a least-privilege checker used by tests and the policy pack. */

export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: '*' | { AWS?: string | string[]; Service?: string | string[] };
  Action: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: Statement[];
}

export function doc(...statements: Statement[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * Problems that make an identity policy too broad (checklist 33): `Action: "*"`, a service-wide
 * wildcard such as `s3:*`, or an Allow of a write action on `Resource: "*"`. Read-only
 * describe/list calls and the few actions AWS only accepts on `*` are listed in `starOnlyActions`.
 */
export function leastPrivilegeProblems(policy: PolicyDocument | string): string[] {
  const d: PolicyDocument = typeof policy === 'string' ? JSON.parse(policy) : policy;
  const problems: string[] = [];
  for (const [i, s] of (Array.isArray(d.Statement) ? d.Statement : [d.Statement as unknown as Statement]).entries()) {
    if (s.Effect !== 'Allow') continue;
    const actions = list(s.Action);
    const resources = list(s.Resource);
    for (const a of actions) {
      if (a === '*') problems.push(`statement ${s.Sid ?? i}: Action "*"`);
      else if (/^[a-z0-9-]+:\*$/i.test(a)) problems.push(`statement ${s.Sid ?? i}: service-wide wildcard "${a}"`);
    }
    if (resources.includes('*')) {
      const notStarOnly = actions.filter((a) => !starOnlyActions.has(a));
      if (notStarOnly.length) problems.push(`statement ${s.Sid ?? i}: ${notStarOnly.join(', ')} on Resource "*"`);
    }
  }
  return problems;
}

/** Step Functions log delivery to CloudWatch Logs (no resource-level permissions). */
export const LOG_DELIVERY_ACTIONS = [
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
];

/** Glue VPC connections: ENIs are created before their ARN exists. */
export const GLUE_VPC_ACTIONS = [
  'ec2:CreateNetworkInterface',
  'ec2:DeleteNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeVpcEndpoints',
  'ec2:DescribeRouteTables',
  'ec2:DescribeSubnets',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeVpcAttribute',
];

/** Actions that do not support resource-level permissions, so `Resource: "*"` is the only option. */
export const starOnlyActions = new Set([
  ...LOG_DELIVERY_ACTIONS,
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
  'redshift-data:DescribeStatement',
  'redshift-data:GetStatementResult',
  'cloudwatch:PutMetricData',
  ...GLUE_VPC_ACTIONS,
]);

/** Trust policy for one AWS service principal (checklist 34: specific service principals only). */
export function assumeRolePolicy(service: string | string[], sourceAccount?: string): PolicyDocument {
  for (const s of list(service)) if (!/^[a-z0-9.-]+\.amazonaws\.com$/.test(s)) throw new Error(`"${s}" is not a service principal such as glue.amazonaws.com.`);
  return doc({
    Effect: 'Allow',
    Principal: { Service: service },
    Action: 'sts:AssumeRole',
    ...(sourceAccount ? { Condition: { StringEquals: { 'aws:SourceAccount': sourceAccount } } } : {}),
  });
}

/** True when a trust policy names only service principals, never `*` or an account. */
export function trustNamesOnlyServices(policy: PolicyDocument | string): boolean {
  const d: PolicyDocument = typeof policy === 'string' ? JSON.parse(policy) : policy;
  return d.Statement.every((s) => {
    if (s.Effect !== 'Allow') return true;
    if (!s.Principal || s.Principal === '*') return false;
    const services = list(s.Principal.Service);
    return list(s.Principal.AWS).length === 0 && services.length > 0 && services.every((x) => /^[a-z0-9.-]+\.amazonaws\.com$/.test(x));
  });
}

/** Redshift COPY from the processed bucket: read its objects, list it, decrypt with the lake key. */
export function redshiftCopyPolicy(args: { processedBucketArn: string; kmsKeyArn: string; prefix?: string }): PolicyDocument {
  const prefix = args.prefix ?? '';
  return doc(
    { Sid: 'ReadProcessedObjects', Effect: 'Allow', Action: 's3:GetObject', Resource: `${args.processedBucketArn}/${prefix}*` },
    {
      Sid: 'ListProcessedBucket',
      Effect: 'Allow',
      Action: ['s3:ListBucket', 's3:GetBucketLocation'],
      Resource: args.processedBucketArn,
      ...(prefix ? { Condition: { StringLike: { 's3:prefix': [`${prefix}*`] } } } : {}),
    },
    { Sid: 'DecryptLakeKey', Effect: 'Allow', Action: 'kms:Decrypt', Resource: args.kmsKeyArn },
  );
}

/** VPC flow logs delivering to one CloudWatch log group. */
export function flowLogsPolicy(logGroupArn: string): PolicyDocument {
  return doc({
    Sid: 'WriteFlowLogs',
    Effect: 'Allow',
    Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
    Resource: [logGroupArn, `${logGroupArn}:*`],
  });
}

/** One API call as IAM evaluates it: the action, the resource and the request's condition keys (e.g. `kms:ViaService`). */
export interface PolicyRequest {
  action: string;
  resource: string;
  context?: Record<string, string>;
}

const glob = (pattern: string) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');

/** StringEquals/StringLike/ArnEquals/ArnLike on the request's context; a key the request lacks does not match. */
function conditionHolds(condition: Statement['Condition'], context: Record<string, string>): boolean {
  return Object.entries(condition ?? {}).every(([operator, keys]) =>
    Object.entries(keys).every(([key, values]) => {
      const actual = context[key];
      if (actual === undefined) return false;
      const like = operator === 'StringLike' || operator === 'ArnLike';
      if (!['StringEquals', 'StringLike', 'ArnEquals', 'ArnLike'].includes(operator)) throw new Error(`Condition operator ${operator} is not evaluated here.`);
      return list(values).some((v) => (like ? glob(v).test(actual) : v === actual));
    }),
  );
}

/**
 * Whether an identity policy allows a request: some Allow statement matches its action, resource
 * and conditions, and no Deny statement matches. Wildcards `*` and `?` as IAM reads them.
 */
export function policyAllows(policy: PolicyDocument | string, request: PolicyRequest): boolean {
  const d: PolicyDocument = typeof policy === 'string' ? JSON.parse(policy) : policy;
  const matches = (s: Statement) =>
    list(s.Action).some((a) => glob(a).test(request.action)) && list(s.Resource).some((r) => glob(r).test(request.resource)) && conditionHolds(s.Condition, request.context ?? {});
  return d.Statement.some((s) => s.Effect === 'Allow' && matches(s)) && !d.Statement.some((s) => s.Effect === 'Deny' && matches(s));
}
