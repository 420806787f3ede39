/**
 * The finlake policy pack: every rule of the infrastructure checklist that applies to
 * @pulumi/aws v7 resources, written as stack validations (a v7 bucket's encryption, versioning,
 * logging... live on side-car resources, so most rules need more than one resource).
 *
 * Side-cars are tied to their bucket/cluster/VPC through `propertyDependencies` (names are
 * unknown in preview and autonamed at run time). Props are resource inputs: Redshift `encrypted`
 * is the string "true".
 *
 * Tests import this module only; `index.ts` wraps it in a PolicyPack (constructing one starts a
 * gRPC server and must not happen in tests).
 */
import * as aws from '@pulumi/aws';
import type { PolicyResource, ReportViolation, StackValidationArgs, StackValidationPolicy } from '@pulumi/policy';
import { keyPolicyHasNoStarPrincipal, leastPrivilegeProblems, trustNamesOnlyServices } from '@finlake/infra-components';

type Res = PolicyResource;
/** Props and parsed policy documents are untyped JSON; the rules read them defensively. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
/** Type token of a resource class (`__pulumiType` is internal in the typings). */
const tok = (c: unknown): string => (c as { __pulumiType: string }).__pulumiType;
export const T = {
  Cluster: tok(aws.redshift.Cluster),
  ParameterGroup: tok(aws.redshift.ParameterGroup),
  Logging: tok(aws.redshift.Logging),
  SubnetGroup: tok(aws.redshift.SubnetGroup),
  Bucket: tok(aws.s3.Bucket),
  Pab: tok(aws.s3.BucketPublicAccessBlock),
  BucketPolicy: tok(aws.s3.BucketPolicy),
  Sse: tok(aws.s3.BucketServerSideEncryptionConfiguration),
  Versioning: tok(aws.s3.BucketVersioning),
  BucketLogging: tok(aws.s3.BucketLogging),
  Ownership: tok(aws.s3.BucketOwnershipControls),
  BucketAcl: tok(aws.s3.BucketAcl),
  Lifecycle: tok(aws.s3.BucketLifecycleConfiguration),
  Vpc: tok(aws.ec2.Vpc),
  Subnet: tok(aws.ec2.Subnet),
  FlowLog: tok(aws.ec2.FlowLog),
  DefaultSg: tok(aws.ec2.DefaultSecurityGroup),
  Sg: tok(aws.ec2.SecurityGroup),
  SgIngress: tok(aws.vpc.SecurityGroupIngressRule),
  SgRule: tok(aws.ec2.SecurityGroupRule),
  Rta: tok(aws.ec2.RouteTableAssociation),
  Route: tok(aws.ec2.Route),
  Igw: tok(aws.ec2.InternetGateway),
  Endpoint: tok(aws.ec2.VpcEndpoint),
  GlueSecCfg: tok(aws.glue.SecurityConfiguration),
  GlueJob: tok(aws.glue.Job),
  Crawler: tok(aws.glue.Crawler),
  CatalogEnc: tok(aws.glue.DataCatalogEncryptionSettings),
  StateMachine: tok(aws.sfn.StateMachine),
  Mwaa: tok(aws.mwaa.Environment),
  Role: tok(aws.iam.Role),
  RolePolicy: tok(aws.iam.RolePolicy),
  IamPolicy: tok(aws.iam.Policy),
  Attachment: tok(aws.iam.RolePolicyAttachment),
  Key: tok(aws.kms.Key),
  LogGroup: tok(aws.cloudwatch.LogGroup),
  Alarm: tok(aws.cloudwatch.MetricAlarm),
  Topic: tok(aws.sns.Topic),
  Secret: tok(aws.secretsmanager.Secret),
};

const of = (args: StackValidationArgs, type: string) => args.resources.filter((r) => r.type === type);
const depsOf = (r: Res, prop: string) => r.propertyDependencies?.[prop] ?? [];
/** Side-car resources of `c` whose `prop` depends on `target`. */
const sidecars = (args: StackValidationArgs, type: string, prop: string, target: Res) => of(args, type).filter((s) => depsOf(s, prop).some((d) => d.urn === target.urn));
const arr = <T>(v: T | T[] | undefined): T[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
const parseJson = (v: unknown): Json => {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch {
    return undefined;
  }
};
const isProd = (r: Res) => r.props?.tags?.stack === 'prod';

function rule(name: string, description: string, check: (args: StackValidationArgs, report: ReportViolation) => void): StackValidationPolicy {
  return { name, description, enforcementLevel: 'mandatory', validateStack: (args, report) => check(args, report) };
}
function perResource(name: string, description: string, type: string, check: (r: Res, args: StackValidationArgs) => string | string[] | undefined): StackValidationPolicy {
  return rule(name, description, (args, report) => {
    for (const r of of(args, type)) for (const m of arr(check(r, args))) report(`${r.name}: ${m}`, r.urn);
  });
}

// ---------- Redshift ----------
const redshift: StackValidationPolicy[] = [
  perResource('redshift-not-public', 'Redshift publiclyAccessible is explicitly false (SH Redshift.1, CKV_AWS_87).', T.Cluster, (c) =>
    c.props.publiclyAccessible === false ? undefined : 'publiclyAccessible must be set to false',
  ),
  perResource('redshift-encrypted-cmk', 'Redshift is encrypted with a customer-managed KMS key (SH Redshift.10, CKV_AWS_64/142).', T.Cluster, (c) => [
    ...(String(c.props.encrypted ?? 'true') === 'true' ? [] : ['encrypted must be "true" (a string in @pulumi/aws v7)']),
    ...(c.props.kmsKeyId ? [] : ['kmsKeyId must name a customer-managed key']),
  ]),
  perResource('redshift-parameter-group', 'The cluster parameter group sets require_ssl=true and enable_user_activity_logging=true (SH Redshift.2, CKV_AWS_105).', T.Cluster, (c) => {
    const groups = depsOf(c, 'clusterParameterGroupName').filter((d) => d.type === T.ParameterGroup);
    if (groups.length === 0) return 'no parameter group of this stack is attached (the default group allows plain connections)';
    const params = new Map(arr<{ name: string; value: string }>(groups[0].props.parameters).map((p) => [p.name, String(p.value)]));
    return [
      ...(params.get('require_ssl') === 'true' ? [] : ['require_ssl must be "true"']),
      ...(params.get('enable_user_activity_logging') === 'true' ? [] : ['enable_user_activity_logging must be "true"']),
    ];
  }),
  perResource('redshift-audit-logging', 'Audit logging (aws.redshift.Logging) to CloudWatch or S3 (SH Redshift.4, CKV_AWS_71).', T.Cluster, (c, args) => {
    const logs = sidecars(args, T.Logging, 'clusterIdentifier', c);
    const ok = logs.some((l) =>
      l.props.logDestinationType === 'cloudwatch' ? ['connectionlog', 'userlog', 'useractivitylog'].every((t) => arr(l.props.logExports).includes(t)) : l.props.logDestinationType === 's3' && !!l.props.bucketName,
    );
    return ok ? undefined : 'needs an aws.redshift.Logging to cloudwatch (all three log types) or s3';
  }),
  perResource('redshift-enhanced-vpc-routing', 'Enhanced VPC routing, and an S3 gateway endpoint on the route tables of the cluster subnets (SH Redshift.7).', T.Cluster, (c, args) => {
    if (c.props.enhancedVpcRouting !== true) return 'enhancedVpcRouting must be true';
    const subnets = depsOf(c, 'clusterSubnetGroupName').flatMap((g) => depsOf(g, 'subnetIds'));
    const tables = subnets.flatMap((s) => sidecars(args, T.Rta, 'subnetId', s).flatMap((a) => depsOf(a, 'routeTableId')));
    const endpointTables = new Set(of(args, T.Endpoint).filter((e) => String(e.props.serviceName).endsWith('.s3') && (e.props.vpcEndpointType ?? 'Gateway') === 'Gateway').flatMap((e) => depsOf(e, 'routeTableIds').map((d) => d.urn)));
    if (tables.length === 0) return 'cannot find the route tables of the cluster subnets';
    const missing = tables.filter((t) => !endpointTables.has(t.urn));
    return missing.length ? `route tables without the S3 gateway endpoint: ${missing.map((t) => t.name).join(', ')}` : undefined;
  }),
  perResource('redshift-snapshots', 'Automated snapshots kept >= 7 days; prod keeps a final snapshot (SH Redshift.3).', T.Cluster, (c) => [
    ...((c.props.automatedSnapshotRetentionPeriod ?? 1) >= 7 ? [] : [`automatedSnapshotRetentionPeriod is ${c.props.automatedSnapshotRetentionPeriod ?? 'unset (1)'}; keep at least 7`]),
    ...(isProd(c) && c.props.skipFinalSnapshot !== false ? ['prod must keep a final snapshot (skipFinalSnapshot false)'] : []),
  ]),
  perResource('redshift-version-upgrade', 'allowVersionUpgrade is not false (SH Redshift.6).', T.Cluster, (c) => (c.props.allowVersionUpgrade === false ? 'allowVersionUpgrade must not be false' : undefined)),
  perResource('redshift-non-default-names', 'Admin user is not awsuser and database is not dev (SH Redshift.8).', T.Cluster, (c) => [
    ...(c.props.masterUsername && c.props.masterUsername !== 'awsuser' ? [] : ['masterUsername must be set and not "awsuser"']),
    ...(c.props.databaseName && c.props.databaseName !== 'dev' ? [] : ['databaseName must be set and not "dev"']),
  ]),
  perResource('redshift-no-plaintext-password', 'The admin password is managed by Secrets Manager, never plaintext in state (SH SecretsManager.1/4).', T.Cluster, (c) => [
    ...(c.props.manageMasterPassword === true ? [] : ['set manageMasterPassword: true']),
    ...(c.props.masterPassword !== undefined || c.props.masterPasswordWo !== undefined ? ['masterPassword/masterPasswordWo must not be set'] : []),
  ]),
  rule('secrets-cmk', 'Secrets are encrypted with a customer-managed KMS key (CKV_AWS_149).', (args, report) => {
    for (const c of of(args, T.Cluster)) if (c.props.manageMasterPassword === true && !c.props.masterPasswordSecretKmsKeyId) report(`${c.name}: set masterPasswordSecretKmsKeyId`, c.urn);
    for (const s of of(args, T.Secret)) if (!s.props.kmsKeyId) report(`${s.name}: set kmsKeyId`, s.urn);
  }),
  rule('no-world-ingress-5439', 'No security group ingress from 0.0.0.0/0 or ::/0 to 5439 (SH EC2.18, Redshift.15).', (args, report) => {
    const open = (from: number, to: number, cidrs: string[], protocol: string) =>
      (protocol === '-1' || protocol === 'all' || (from <= 5439 && 5439 <= to)) && cidrs.some((x) => x === '0.0.0.0/0' || x === '::/0');
    for (const sg of of(args, T.Sg))
      for (const i of arr<Json>(sg.props.ingress))
        if (open(i.fromPort, i.toPort, [...arr<string>(i.cidrBlocks), ...arr<string>(i.ipv6CidrBlocks)], String(i.protocol))) report(`${sg.name}: ingress to 5439 from the whole internet`, sg.urn);
    for (const r of of(args, T.SgIngress))
      if (open(r.props.fromPort ?? 0, r.props.toPort ?? 65535, [r.props.cidrIpv4, r.props.cidrIpv6].filter(Boolean), String(r.props.ipProtocol))) report(`${r.name}: ingress to 5439 from the whole internet`, r.urn);
    for (const r of of(args, T.SgRule))
      if (r.props.type === 'ingress' && open(r.props.fromPort, r.props.toPort, [...arr<string>(r.props.cidrBlocks), ...arr<string>(r.props.ipv6CidrBlocks)], String(r.props.protocol)))
        report(`${r.name}: ingress to 5439 from the whole internet`, r.urn);
  }),
  perResource('redshift-subnet-group-private', 'The subnet group holds private subnets only, across >= 2 AZs (SH Redshift.16).', T.SubnetGroup, (g, args) => {
    const subnets = depsOf(g, 'subnetIds').filter((d) => d.type === T.Subnet);
    const azs = new Set(subnets.map((s) => s.props.availabilityZone));
    const publicOnes = subnets.filter((s) => isPublicSubnet(s, args));
    return [...(azs.size >= 2 ? [] : [`spans ${azs.size} AZ(s); needs at least 2`]), ...publicOnes.map((s) => `subnet ${s.name} is public (mapPublicIpOnLaunch or a route to an internet gateway)`)];
  }),
];

/** A subnet is public when it maps public IPs or its route table routes to an internet gateway. */
function isPublicSubnet(s: Res, args: StackValidationArgs): boolean {
  if (s.props.mapPublicIpOnLaunch === true) return true;
  const tables = sidecars(args, T.Rta, 'subnetId', s).flatMap((a) => depsOf(a, 'routeTableId'));
  return tables.some((t) => sidecars(args, T.Route, 'routeTableId', t).some((r) => depsOf(r, 'gatewayId').some((g) => g.type === T.Igw)));
}

// ---------- S3 ----------
const perBucket = (name: string, description: string, check: (b: Res, args: StackValidationArgs) => string | string[] | undefined) => perResource(name, description, T.Bucket, check);
const s3: StackValidationPolicy[] = [
  perBucket('s3-public-access-block', 'BucketPublicAccessBlock with all four flags true (SH S3.8, CKV_AWS_53-56).', (b, args) =>
    sidecars(args, T.Pab, 'bucket', b).some((p) => ['blockPublicAcls', 'blockPublicPolicy', 'ignorePublicAcls', 'restrictPublicBuckets'].every((f) => p.props[f] === true)) ? undefined : 'needs a public access block with all four flags true',
  ),
  perBucket('s3-tls-only', 'The bucket policy denies requests with aws:SecureTransport=false (SH S3.5).', (b, args) => {
    const ok = sidecars(args, T.BucketPolicy, 'bucket', b).some((p) =>
      arr<Json>(parseJson(p.props.policy)?.Statement).some((s) => s.Effect === 'Deny' && String(s.Condition?.Bool?.['aws:SecureTransport']) === 'false' && arr(s.Action).some((a) => a === 's3:*' || a === '*')),
    );
    return ok ? undefined : 'needs a bucket policy denying aws:SecureTransport=false';
  }),
  perBucket('s3-sse-kms', 'SSE-KMS with a customer-managed key and the bucket key enabled (SH S3.17).', (b, args) => {
    const ok = sidecars(args, T.Sse, 'bucket', b).some((c) =>
      arr<Json>(c.props.rules).some((r) => r.applyServerSideEncryptionByDefault?.sseAlgorithm === 'aws:kms' && !!r.applyServerSideEncryptionByDefault?.kmsMasterKeyId && r.bucketKeyEnabled === true),
    );
    return ok ? undefined : 'needs SSE-KMS with kmsMasterKeyId and bucketKeyEnabled';
  }),
  perBucket('s3-versioning', 'Versioning enabled (SH S3.14).', (b, args) =>
    sidecars(args, T.Versioning, 'bucket', b).some((v) => v.props.versioningConfiguration?.status === 'Enabled') ? undefined : 'needs BucketVersioning Enabled',
  ),
  perBucket('s3-access-logging', 'Access logs go to the logs bucket; the logs bucket does not log to itself (SH S3.9).', (b, args) => {
    const logging = sidecars(args, T.BucketLogging, 'bucket', b);
    const targets = logging.flatMap((l) => depsOf(l, 'targetBucket'));
    if (targets.some((t) => t.urn === b.urn)) return 'logs to itself';
    if (b.props.tags?.purpose === 'logs') return undefined;
    return targets.some((t) => t.type === T.Bucket && t.props.tags?.purpose === 'logs') ? undefined : 'needs BucketLogging into the logs bucket';
  }),
  perBucket('s3-ownership-enforced', 'Ownership BucketOwnerEnforced, no ACLs (SH S3.2/3).', (b, args) => [
    ...(sidecars(args, T.Ownership, 'bucket', b).some((o) => o.props.rule?.objectOwnership === 'BucketOwnerEnforced') ? [] : ['needs BucketOwnershipControls BucketOwnerEnforced']),
    ...(sidecars(args, T.BucketAcl, 'bucket', b).length ? ['must not have a BucketAcl'] : []),
    ...(b.props.acl ? ['must not set acl'] : []),
  ]),
  perBucket('s3-lifecycle', 'Lifecycle rules on every bucket abort incomplete multipart uploads (SH S3.13).', (b, args) =>
    sidecars(args, T.Lifecycle, 'bucket', b).some((l) => arr<Json>(l.props.rules).some((r) => r.status === 'Enabled' && r.abortIncompleteMultipartUpload?.daysAfterInitiation > 0))
      ? undefined
      : 'needs a lifecycle rule aborting incomplete multipart uploads',
  ),
  perResource('s3-no-public-allow', 'No bucket policy Allow to Principal "*" (SH S3.6).', T.BucketPolicy, (p) =>
    arr<Json>(parseJson(p.props.policy)?.Statement).some((s) => s.Effect === 'Allow' && (s.Principal === '*' || arr(s.Principal?.AWS).includes('*'))) ? 'allows Principal "*"' : undefined,
  ),
];

// ---------- VPC ----------
const vpc: StackValidationPolicy[] = [
  perResource('vpc-flow-logs', 'Flow logs on every VPC (SH EC2.6).', T.Vpc, (v, args) => (sidecars(args, T.FlowLog, 'vpcId', v).some((f) => f.props.trafficType === 'ALL') ? undefined : 'needs a FlowLog with trafficType ALL')),
  perResource('vpc-default-sg-closed', 'The default security group has no rules (SH EC2.2).', T.Vpc, (v, args) => {
    const d = sidecars(args, T.DefaultSg, 'vpcId', v);
    if (d.length === 0) return 'adopt the default security group (aws.ec2.DefaultSecurityGroup) with no rules';
    return d.some((g) => arr(g.props.ingress).length + arr(g.props.egress).length > 0) ? 'the default security group has rules' : undefined;
  }),
  perResource('vpc-private-subnets-no-public-ip', 'Private subnets do not map public IPs (SH EC2.15).', T.Subnet, (s, args) => {
    const viaIgw = sidecars(args, T.Rta, 'subnetId', s)
      .flatMap((a) => depsOf(a, 'routeTableId'))
      .some((t) => sidecars(args, T.Route, 'routeTableId', t).some((r) => depsOf(r, 'gatewayId').some((g) => g.type === T.Igw)));
    return !viaIgw && s.props.mapPublicIpOnLaunch === true ? 'a private subnet must not map public IPs' : undefined;
  }),
];

// ---------- Glue ----------
const glue: StackValidationPolicy[] = [
  perResource('glue-security-configuration', 'Security configurations encrypt S3, CloudWatch and job bookmarks with KMS (CKV_AWS_99).', T.GlueSecCfg, (c) => {
    const e = c.props.encryptionConfiguration ?? {};
    return [
      ...(e.s3Encryption?.s3EncryptionMode === 'SSE-KMS' && e.s3Encryption?.kmsKeyArn ? [] : ['S3 encryption must be SSE-KMS with a key']),
      ...(e.cloudwatchEncryption?.cloudwatchEncryptionMode === 'SSE-KMS' && e.cloudwatchEncryption?.kmsKeyArn ? [] : ['CloudWatch encryption must be SSE-KMS with a key']),
      ...(e.jobBookmarksEncryption?.jobBookmarksEncryptionMode === 'CSE-KMS' && e.jobBookmarksEncryption?.kmsKeyArn ? [] : ['job bookmarks must be CSE-KMS with a key']),
    ];
  }),
  rule('glue-uses-security-configuration', 'Every Glue job and crawler uses a security configuration (CKV_AWS_195).', (args, report) => {
    for (const r of [...of(args, T.GlueJob), ...of(args, T.Crawler)]) if (!r.props.securityConfiguration) report(`${r.name}: set securityConfiguration`, r.urn);
  }),
  rule('glue-catalog-encryption', 'Data Catalog encryption at rest and for connection passwords (CKV_AWS_94).', (args, report) => {
    const settings = of(args, T.CatalogEnc);
    const usesGlue = of(args, T.GlueJob).length + of(args, T.Crawler).length > 0;
    if (usesGlue && settings.length === 0) report('Glue is used but no DataCatalogEncryptionSettings is declared (own it in one stack per account and Region)');
    for (const s of settings) {
      const d = s.props.dataCatalogEncryptionSettings ?? {};
      if (d.encryptionAtRest?.catalogEncryptionMode !== 'SSE-KMS' || !d.encryptionAtRest?.sseAwsKmsKeyId) report(`${s.name}: catalog encryption at rest must be SSE-KMS with a key`, s.urn);
      if (d.connectionPasswordEncryption?.returnConnectionPasswordEncrypted !== true || !d.connectionPasswordEncryption?.awsKmsKeyId) report(`${s.name}: connection passwords must be encrypted with a key`, s.urn);
    }
  }),
  perResource('glue-job-settings', 'Jobs pin glueVersion >= 4.0, set a timeout, bounded retries, one concurrent run (SH Glue.4).', T.GlueJob, (j) => [
    ...(Number.parseFloat(j.props.glueVersion) >= 4 ? [] : [`glueVersion is ${j.props.glueVersion ?? 'unset (0.9)'}; pin 4.0 or later`]),
    ...(j.props.timeout > 0 ? [] : ['set a timeout']),
    ...(j.props.maxRetries !== undefined && j.props.maxRetries <= 3 ? [] : ['set maxRetries to at most 3']),
    ...(j.props.executionProperty?.maxConcurrentRuns === 1 ? [] : ['executionProperty.maxConcurrentRuns must be 1']),
  ]),
  perResource('glue-crawler-logs-schema-changes', 'Crawlers log schema changes rather than apply them silently.', T.Crawler, (c) =>
    c.props.schemaChangePolicy?.updateBehavior === 'LOG' && c.props.schemaChangePolicy?.deleteBehavior !== 'DELETE_FROM_DATABASE' ? undefined : 'schemaChangePolicy must be updateBehavior LOG and must not delete from the database',
  ),
];

// ---------- Step Functions, MWAA ----------
const orchestration: StackValidationPolicy[] = [
  perResource('sfn-logging-all', 'State machines log level ALL to a log group (SH StepFunctions.1).', T.StateMachine, (s) => {
    const l = s.props.loggingConfiguration;
    return l?.level === 'ALL' && typeof l.logDestination === 'string' && l.logDestination.endsWith(':*') ? undefined : 'loggingConfiguration must be level ALL with a log group ARN ending in :*';
  }),
  perResource('sfn-xray', 'X-Ray tracing enabled (CKV_AWS_284).', T.StateMachine, (s) => (s.props.tracingConfiguration?.enabled === true ? undefined : 'enable tracingConfiguration')),
  perResource('mwaa-private-webserver', 'MWAA web server PRIVATE_ONLY (CKV2_AWS_66).', T.Mwaa, (m) => ((m.props.webserverAccessMode ?? 'PRIVATE_ONLY') === 'PRIVATE_ONLY' ? undefined : 'webserverAccessMode must be PRIVATE_ONLY')),
  perResource('mwaa-all-logs', 'MWAA sends all five log types (CKV_AWS_242-244).', T.Mwaa, (m) => {
    const l = m.props.loggingConfiguration ?? {};
    const off = ['dagProcessingLogs', 'schedulerLogs', 'taskLogs', 'webserverLogs', 'workerLogs'].filter((k) => l[k]?.enabled !== true);
    return off.length ? `enable ${off.join(', ')}` : undefined;
  }),
];

// ---------- IAM, KMS, CloudWatch ----------
const iam: StackValidationPolicy[] = [
  rule('iam-least-privilege', 'No Action "*" on Resource "*", no service-wide wildcards (SH IAM.1/21).', (args, report) => {
    for (const p of [...of(args, T.RolePolicy), ...of(args, T.IamPolicy)]) {
      const doc = parseJson(p.props.policy);
      if (!doc) report(`${p.name}: policy is not JSON`, p.urn);
      else for (const m of leastPrivilegeProblems(doc)) report(`${p.name}: ${m}`, p.urn);
    }
    for (const a of of(args, T.Attachment)) if (/AdministratorAccess|FullAccess|PowerUserAccess/.test(String(a.props.policyArn))) report(`${a.name}: attaches the broad managed policy ${a.props.policyArn}`, a.urn);
  }),
  perResource('iam-trust-service-principals', 'Role trust policies name specific service principals only.', T.Role, (r) => {
    const doc = parseJson(r.props.assumeRolePolicy);
    return doc && trustNamesOnlyServices(doc) ? undefined : 'the trust policy must name service principals only (no "*", no accounts)';
  }),
  perResource('kms-rotation-and-policy', 'KMS keys rotate and their policy has no "*" principal (SH KMS.4).', T.Key, (k) => [
    ...(k.props.enableKeyRotation === true ? [] : ['enableKeyRotation must be true']),
    ...(!k.props.policy ? ['declare a key policy'] : keyPolicyHasNoStarPrincipal(parseJson(k.props.policy)) ? [] : ['the key policy allows Principal "*"']),
  ]),
  perResource('log-group-retention-kms', 'Log groups have retention (>= 365 days in prod) and a KMS key (SH CloudWatch.16).', T.LogGroup, (g) => [
    ...(g.props.retentionInDays > 0 ? [] : ['set retentionInDays']),
    ...(isProd(g) && g.props.retentionInDays < 365 ? [`prod keeps logs >= 365 days (has ${g.props.retentionInDays})`] : []),
    ...(g.props.kmsKeyId ? [] : ['set kmsKeyId']),
  ]),
  perResource('sns-kms', 'SNS topics are encrypted with a KMS key.', T.Topic, (t) => (t.props.kmsMasterKeyId ? undefined : 'set kmsMasterKeyId')),
  rule('alarms-notify-and-cover', 'Every alarm has an SNS action; alarms exist for failed/timed-out executions, Glue job failures, Redshift health and disk (SH CloudWatch.15/17).', (args, report) => {
    const alarms = of(args, T.Alarm);
    for (const a of alarms) if (!arr<string>(a.props.alarmActions).some((x) => typeof x === 'string' && x.startsWith('arn:') && x.split(':')[2] === 'sns')) report(`${a.name}: needs an SNS alarm action`, a.urn);
    const has = (ns: string, metric: string, dim: string, value: string) => alarms.some((a) => a.props.namespace === ns && a.props.metricName === metric && a.props.dimensions?.[dim] === value);
    for (const sm of of(args, T.StateMachine)) {
      const arn = sm.props.arn ?? `…:stateMachine:${sm.props.name}`;
      for (const m of ['ExecutionsFailed', 'ExecutionsTimedOut'])
        if (!alarms.some((a) => a.props.namespace === 'AWS/States' && a.props.metricName === m && String(a.props.dimensions?.StateMachineArn).endsWith(`:stateMachine:${sm.props.name}`)))
          report(`${sm.name}: no ${m} alarm (${arn})`, sm.urn);
    }
    for (const j of of(args, T.GlueJob)) if (!has('Glue', 'glue.driver.aggregate.numFailedTasks', 'JobName', j.props.name)) report(`${j.name}: no Glue failure alarm`, j.urn);
    for (const c of of(args, T.Cluster))
      for (const m of ['HealthStatus', 'PercentageDiskSpaceUsed']) if (!has('AWS/Redshift', m, 'ClusterIdentifier', c.props.clusterIdentifier)) report(`${c.name}: no ${m} alarm`, c.urn);
  }),
];

export const policies: StackValidationPolicy[] = [...redshift, ...s3, ...vpc, ...glue, ...orchestration, ...iam];

/** Checklist item → policy names; every item of checklists/infra-policy.md is listed. */
export const CHECKLIST: Record<number, string[]> = {
  1: ['redshift-not-public'],
  2: ['redshift-encrypted-cmk'],
  3: ['redshift-parameter-group'],
  4: ['redshift-parameter-group'],
  5: ['redshift-audit-logging'],
  6: ['redshift-enhanced-vpc-routing'],
  7: ['redshift-snapshots'],
  8: ['redshift-version-upgrade'],
  9: ['redshift-non-default-names'],
  10: ['redshift-no-plaintext-password'],
  11: ['secrets-cmk'],
  12: ['no-world-ingress-5439'],
  13: ['redshift-subnet-group-private'],
  14: ['s3-public-access-block'],
  15: ['s3-tls-only'],
  16: ['s3-sse-kms'],
  17: ['s3-versioning'],
  18: ['s3-access-logging'],
  19: ['s3-ownership-enforced'],
  20: ['s3-lifecycle'],
  21: ['s3-no-public-allow'],
  22: ['vpc-flow-logs'],
  23: ['vpc-default-sg-closed'],
  24: ['vpc-private-subnets-no-public-ip'],
  25: ['glue-security-configuration'],
  26: ['glue-uses-security-configuration'],
  27: ['glue-catalog-encryption'],
  28: ['glue-job-settings', 'glue-crawler-logs-schema-changes'],
  29: ['sfn-logging-all'],
  30: ['sfn-xray'],
  31: ['mwaa-private-webserver'],
  32: ['mwaa-all-logs'],
  33: ['iam-least-privilege'],
  34: ['iam-trust-service-principals'],
  35: ['kms-rotation-and-policy'],
  36: ['log-group-retention-kms'],
  37: ['alarms-notify-and-cover', 'sns-kms'],
};
