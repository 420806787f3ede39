/**
 * The finlake policy pack: every rule of the infrastructure checklist that applies to
 * @pulumi/aws v7 resources.
 *
 * Rules are per resource wherever one resource suffices (`validateResource`): the engine asks
 * them once per resource, before that resource is created, so a mandatory rule gates `up` with
 * the resource's resolved inputs, and in a preview an unknown input only touches that resource's
 * verdict. Stack rules (`validateStack`) are kept for what truly needs several resources (a
 * bucket and its side-cars, a cluster and its subnets' route tables, an alarm per pipeline);
 * they relate resources through `propertyDependencies` (known even when values are not) and
 * never let an unknown value escape: @pulumi/policy turns a rule that reads one into an advisory
 * for the whole stack.
 *
 * Unknown values (a first preview, where nothing exists yet) are read through `set` and `is`:
 * - `set`: an input that must be present (a key ARN, a security configuration name): an unknown
 *   is an output of another resource, so it is present; its value is checked at `up`.
 * - `is`: an input that must have a given value: an unknown does not satisfy it (conservative).
 * - a policy document (IAM, bucket, key, trust) built from ARNs is wholly unknown in a first
 *   preview; a rule reading it is reported as advisory for that resource in the preview and runs,
 *   mandatory, when `up` registers the resource with its document known. Literal documents (and
 *   every known-bad case of the tests) are judged in the preview already.
 *
 * Props are resource inputs: Redshift `encrypted` is the string "true".
 *
 * Tests import this module only; `index.ts` wraps it in a PolicyPack (constructing one starts a
 * gRPC server; `infra/testing/policy-engine.ts` does that on purpose to ask the pack as the
 * engine does).
 */
import * as aws from '@pulumi/aws';
import type { PolicyResource, ReportViolation, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from '@pulumi/policy';
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

// ---------- reading values that may be unknown ----------

/** @pulumi/policy's props proxy throws this (class internal to the package) on a value unknown during preview. */
const isUnknownValueError = (e: unknown) => e instanceof Error && e.constructor?.name === 'UnknownValueError';
/** `test` over props that may hold unknowns; an unknown value gives `onUnknown`. */
function holds(test: () => boolean, onUnknown: boolean): boolean {
  try {
    return test();
  } catch (e) {
    if (isUnknownValueError(e)) return onUnknown;
    throw e;
  }
}
/** An input that must be present: an unknown is another resource's output, so it is present. */
const set = (read: () => unknown) => holds(() => !!read(), true);
/** An input that must have a given value: an unknown does not satisfy it. */
const is = (test: () => boolean) => holds(test, false);
/** A known value, or undefined when it is unknown. */
const known = <V>(read: () => V): V | undefined => {
  let v: V | undefined;
  return holds(() => ((v = read()), true), false) ? v : undefined;
};

const arr = <V>(v: V | V[] | undefined): V[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
const parseJson = (v: unknown): Json => {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch {
    return undefined;
  }
};
/** Prod rules apply when the stack tag says prod, or when it cannot be read (conservative). */
const isProd = (r: Pick<Res, 'props'>) => holds(() => r.props?.tags?.stack === 'prod', true);

// ---------- rule shapes ----------

/** What a per-resource check sees (the engine's ResourceValidationArgs, or a stack resource). */
type One = Pick<Res, 'type' | 'name' | 'urn' | 'props'>;
/** A problem now, or a thunk run after the earlier ones are reported (it may read a value unknown in preview). */
type Finding = string | undefined | false | (() => string | string[] | undefined);

/**
 * A rule over single resources of `types`. Findings are reported in order, so a later thunk that
 * meets an unknown (and makes the engine report an advisory for this resource) cannot hide an
 * earlier violation.
 */
function perResource(name: string, description: string, types: string | string[], check: (r: One) => Finding | Finding[]): ResourceValidationPolicy {
  const only = arr(types);
  const validate = (r: One, report: ReportViolation) => {
    if (!only.includes(r.type)) return;
    for (const f of arr(check(r))) for (const m of typeof f === 'function' ? arr(f()) : f ? [f] : []) report(`${r.name}: ${m}`, r.urn);
  };
  // A single type lets the engine skip other resources without calling the rule.
  if (only.length === 1) Object.assign(validate, { __pulumiType: only[0] });
  return { name, description, enforcementLevel: 'mandatory', validateResource: validate };
}
/** A rule over the whole stack. Reads go through `set`/`is`/`known`; relations through `propertyDependencies`. */
function stackRule(name: string, description: string, check: (args: StackValidationArgs, report: ReportViolation) => void): StackValidationPolicy {
  return { name, description, enforcementLevel: 'mandatory', validateStack: (args, report) => check(args, report) };
}
const of = (args: StackValidationArgs, type: string) => args.resources.filter((r) => r.type === type);
const depsOf = (r: Res, prop: string) => r.propertyDependencies?.[prop] ?? [];
/** Side-car resources of type `type` whose `prop` depends on `target`. */
const sidecars = (args: StackValidationArgs, type: string, prop: string, target: Res) => of(args, type).filter((s) => depsOf(s, prop).some((d) => d.urn === target.urn));
const need = (ok: boolean, message: string): Finding => !ok && message;

// ---------- Redshift ----------
const redshift = [
  perResource('redshift-not-public', 'Redshift publiclyAccessible is explicitly false (SH Redshift.1, CKV_AWS_87).', T.Cluster, (c) =>
    need(is(() => c.props.publiclyAccessible === false), 'publiclyAccessible must be set to false'),
  ),
  perResource('redshift-encrypted-cmk', 'Redshift is encrypted with a customer-managed KMS key (SH Redshift.10, CKV_AWS_64/142).', T.Cluster, (c) => [
    need(is(() => String(c.props.encrypted ?? 'true') === 'true'), 'encrypted must be "true" (a string in @pulumi/aws v7)'),
    need(set(() => c.props.kmsKeyId), 'kmsKeyId must name a customer-managed key'),
  ]),
  perResource('redshift-parameter-group', 'Redshift parameter groups set require_ssl=true and enable_user_activity_logging=true (SH Redshift.2, CKV_AWS_105).', T.ParameterGroup, (g) => {
    const value = (param: string) => known(() => arr<{ name: string; value: string }>(g.props.parameters).find((p) => p.name === param)?.value);
    return [need(String(value('require_ssl')) === 'true', 'require_ssl must be "true"'), need(String(value('enable_user_activity_logging')) === 'true', 'enable_user_activity_logging must be "true"')];
  }),
  stackRule('redshift-parameter-group-attached', 'Every cluster uses a parameter group of this stack (the default group allows plain connections).', (args, report) => {
    for (const c of of(args, T.Cluster))
      if (!depsOf(c, 'clusterParameterGroupName').some((d) => d.type === T.ParameterGroup)) report(`${c.name}: no parameter group of this stack is attached (the default group allows plain connections)`, c.urn);
  }),
  stackRule('redshift-audit-logging', 'Audit logging (aws.redshift.Logging) to CloudWatch or S3 (SH Redshift.4, CKV_AWS_71).', (args, report) => {
    for (const c of of(args, T.Cluster)) {
      const ok = sidecars(args, T.Logging, 'clusterIdentifier', c).some(
        (l) =>
          is(() => l.props.logDestinationType === 'cloudwatch' && ['connectionlog', 'userlog', 'useractivitylog'].every((t) => arr(l.props.logExports).includes(t))) ||
          (is(() => l.props.logDestinationType === 's3') && set(() => l.props.bucketName)),
      );
      if (!ok) report(`${c.name}: needs an aws.redshift.Logging to cloudwatch (all three log types) or s3`, c.urn);
    }
  }),
  perResource('redshift-enhanced-vpc-routing', 'Enhanced VPC routing on (SH Redshift.7).', T.Cluster, (c) => need(is(() => c.props.enhancedVpcRouting === true), 'enhancedVpcRouting must be true')),
  stackRule('redshift-s3-endpoint-routes', 'An S3 gateway endpoint is on the route tables of the cluster subnets, so enhanced VPC routing reaches S3 (SH Redshift.7).', (args, report) => {
    const endpointTables = new Set(
      of(args, T.Endpoint)
        .filter((e) => is(() => String(e.props.serviceName).endsWith('.s3') && (e.props.vpcEndpointType ?? 'Gateway') === 'Gateway'))
        .flatMap((e) => depsOf(e, 'routeTableIds').map((d) => d.urn)),
    );
    for (const c of of(args, T.Cluster)) {
      const subnets = depsOf(c, 'clusterSubnetGroupName').flatMap((g) => depsOf(g, 'subnetIds'));
      const tables = subnets.flatMap((s) => sidecars(args, T.Rta, 'subnetId', s).flatMap((a) => depsOf(a, 'routeTableId')));
      if (tables.length === 0) report(`${c.name}: cannot find the route tables of the cluster subnets`, c.urn);
      const missing = tables.filter((t) => !endpointTables.has(t.urn));
      if (missing.length) report(`${c.name}: route tables without the S3 gateway endpoint: ${missing.map((t) => t.name).join(', ')}`, c.urn);
    }
  }),
  perResource('redshift-snapshots', 'Automated snapshots kept >= 7 days; prod keeps a final snapshot (SH Redshift.3).', T.Cluster, (c) => [
    need(is(() => (c.props.automatedSnapshotRetentionPeriod ?? 1) >= 7), `automatedSnapshotRetentionPeriod is ${known(() => c.props.automatedSnapshotRetentionPeriod) ?? 'unset (1) or unknown'}; keep at least 7`),
    need(!isProd(c) || is(() => c.props.skipFinalSnapshot === false), 'prod must keep a final snapshot (skipFinalSnapshot false)'),
  ]),
  perResource('redshift-version-upgrade', 'allowVersionUpgrade is not false (SH Redshift.6).', T.Cluster, (c) => need(is(() => c.props.allowVersionUpgrade !== false), 'allowVersionUpgrade must not be false')),
  perResource('redshift-non-default-names', 'Admin user is not awsuser and database is not dev (SH Redshift.8).', T.Cluster, (c) => [
    need(is(() => !!c.props.masterUsername && c.props.masterUsername !== 'awsuser'), 'masterUsername must be set and not "awsuser"'),
    need(is(() => !!c.props.databaseName && c.props.databaseName !== 'dev'), 'databaseName must be set and not "dev"'),
  ]),
  perResource('redshift-no-plaintext-password', 'The admin password is managed by Secrets Manager, never plaintext in state (SH SecretsManager.1/4).', T.Cluster, (c) => [
    need(is(() => c.props.manageMasterPassword === true), 'set manageMasterPassword: true'),
    need(is(() => c.props.masterPassword === undefined && c.props.masterPasswordWo === undefined), 'masterPassword/masterPasswordWo must not be set'),
  ]),
  perResource('secrets-cmk', 'Secrets are encrypted with a customer-managed KMS key (CKV_AWS_149).', [T.Cluster, T.Secret], (r) =>
    r.type === T.Cluster
      ? need(!is(() => c(r).manageMasterPassword === true) || set(() => c(r).masterPasswordSecretKmsKeyId), 'set masterPasswordSecretKmsKeyId')
      : need(set(() => r.props.kmsKeyId), 'set kmsKeyId'),
  ),
  perResource('no-world-ingress-5439', 'No security group ingress from 0.0.0.0/0 or ::/0 to 5439 (SH EC2.18, Redshift.15).', [T.Sg, T.SgIngress, T.SgRule], (r) => {
    const open = (from: number, to: number, cidrs: string[], protocol: string) =>
      (protocol === '-1' || protocol === 'all' || (from <= 5439 && 5439 <= to)) && cidrs.some((x) => x === '0.0.0.0/0' || x === '::/0');
    const p = r.props;
    const worldOpen =
      r.type === T.Sg
        ? () => arr<Json>(p.ingress).some((i) => open(i.fromPort, i.toPort, [...arr<string>(i.cidrBlocks), ...arr<string>(i.ipv6CidrBlocks)], String(i.protocol)))
        : r.type === T.SgIngress
          ? () => open(p.fromPort ?? 0, p.toPort ?? 65535, [p.cidrIpv4, p.cidrIpv6].filter(Boolean), String(p.ipProtocol))
          : () => p.type === 'ingress' && open(p.fromPort, p.toPort, [...arr<string>(p.cidrBlocks), ...arr<string>(p.ipv6CidrBlocks)], String(p.protocol));
    // An unknown port, protocol or CIDR could be the open one.
    return need(!holds(worldOpen, true), 'ingress to 5439 from the whole internet (or a rule whose CIDR, port or protocol is unknown)');
  }),
  stackRule('redshift-subnet-group-private', 'The subnet group holds private subnets only, across >= 2 AZs (SH Redshift.16).', (args, report) => {
    for (const g of of(args, T.SubnetGroup)) {
      const subnets = depsOf(g, 'subnetIds').filter((d) => d.type === T.Subnet);
      const azs = new Set(subnets.map((s) => known(() => s.props.availabilityZone as string)).filter(Boolean));
      if (azs.size < 2) report(`${g.name}: spans ${azs.size} known AZ(s); needs at least 2`, g.urn);
      for (const s of subnets.filter((s) => isPublicSubnet(s, args))) report(`${g.name}: subnet ${s.name} is public (mapPublicIpOnLaunch or a route to an internet gateway)`, g.urn);
    }
  }),
];
/** Cluster inputs (typed loosely, as everywhere here). */
const c = (r: One): Json => r.props;

/** A subnet is public when it maps public IPs (or may: unknown) or its route table routes to an internet gateway. */
function isPublicSubnet(s: Res, args: StackValidationArgs): boolean {
  if (holds(() => s.props.mapPublicIpOnLaunch === true, true)) return true;
  return routesToIgw(s, args);
}
const routesToIgw = (s: Res, args: StackValidationArgs) =>
  sidecars(args, T.Rta, 'subnetId', s)
    .flatMap((a) => depsOf(a, 'routeTableId'))
    .some((t) => sidecars(args, T.Route, 'routeTableId', t).some((r) => depsOf(r, 'gatewayId').some((g) => g.type === T.Igw)));

// ---------- S3 ----------
const bucketPolicyStatements = (p: One) => arr<Json>(parseJson(p.props.policy)?.Statement);
const s3 = [
  /** The side-cars every bucket needs; what each must contain is a per-resource rule below. */
  stackRule('s3-side-cars', 'Every bucket has its public access block, policy, SSE, versioning, ownership controls and lifecycle (SH S3.8/5/17/14/2/13).', (args, report) => {
    const kinds: [string, string][] = [
      [T.Pab, 'BucketPublicAccessBlock'],
      [T.BucketPolicy, 'BucketPolicy'],
      [T.Sse, 'BucketServerSideEncryptionConfiguration'],
      [T.Versioning, 'BucketVersioning'],
      [T.Ownership, 'BucketOwnershipControls'],
      [T.Lifecycle, 'BucketLifecycleConfiguration'],
    ];
    for (const b of of(args, T.Bucket)) for (const [type, kind] of kinds) if (sidecars(args, type, 'bucket', b).length === 0) report(`${b.name}: needs an aws.s3.${kind}`, b.urn);
  }),
  perResource('s3-public-access-block', 'BucketPublicAccessBlock with all four flags true (SH S3.8, CKV_AWS_53-56).', T.Pab, (p) =>
    need(is(() => ['blockPublicAcls', 'blockPublicPolicy', 'ignorePublicAcls', 'restrictPublicBuckets'].every((f) => p.props[f] === true)), 'all four flags must be true'),
  ),
  perResource('s3-tls-only', 'The bucket policy denies requests with aws:SecureTransport=false (SH S3.5).', T.BucketPolicy, (p) => () =>
    bucketPolicyStatements(p).some((s) => s.Effect === 'Deny' && String(s.Condition?.Bool?.['aws:SecureTransport']) === 'false' && arr(s.Action).some((a) => a === 's3:*' || a === '*'))
      ? undefined
      : 'must deny requests with aws:SecureTransport=false',
  ),
  perResource('s3-sse-kms', 'SSE-KMS with a customer-managed key and the bucket key enabled (SH S3.17).', T.Sse, (c) =>
    need(
      arr<Json>(known(() => c.props.rules)).some((_, i) =>
        is(() => c.props.rules[i].applyServerSideEncryptionByDefault?.sseAlgorithm === 'aws:kms' && c.props.rules[i].bucketKeyEnabled === true) && set(() => c.props.rules[i].applyServerSideEncryptionByDefault?.kmsMasterKeyId),
      ),
      'needs SSE-KMS with kmsMasterKeyId and bucketKeyEnabled',
    ),
  ),
  perResource('s3-versioning', 'Versioning enabled (SH S3.14).', T.Versioning, (v) => need(is(() => v.props.versioningConfiguration?.status === 'Enabled'), 'versioning must be Enabled')),
  stackRule('s3-access-logging', 'Access logs go to the logs bucket; the logs bucket does not log to itself (SH S3.9).', (args, report) => {
    const isLogs = (b: Res) => is(() => b.props.tags?.purpose === 'logs');
    for (const b of of(args, T.Bucket)) {
      const targets = sidecars(args, T.BucketLogging, 'bucket', b).flatMap((l) => depsOf(l, 'targetBucket'));
      if (targets.some((t) => t.urn === b.urn)) report(`${b.name}: logs to itself`, b.urn);
      else if (!isLogs(b) && !targets.some((t) => t.type === T.Bucket && isLogs(t))) report(`${b.name}: needs BucketLogging into the logs bucket`, b.urn);
    }
  }),
  perResource('s3-ownership-enforced', 'Ownership BucketOwnerEnforced, no ACLs (SH S3.2/3).', [T.Ownership, T.BucketAcl, T.Bucket], (r) =>
    r.type === T.Ownership
      ? need(is(() => r.props.rule?.objectOwnership === 'BucketOwnerEnforced'), 'objectOwnership must be BucketOwnerEnforced')
      : r.type === T.BucketAcl
        ? 'must not have a BucketAcl (ownership is BucketOwnerEnforced)'
        : need(!set(() => r.props.acl), 'must not set acl'),
  ),
  perResource('s3-lifecycle', 'Lifecycle rules abort incomplete multipart uploads (SH S3.13).', T.Lifecycle, (l) =>
    need(
      arr<Json>(known(() => l.props.rules)).some((_, i) => is(() => l.props.rules[i].status === 'Enabled' && l.props.rules[i].abortIncompleteMultipartUpload?.daysAfterInitiation > 0)),
      'needs a rule aborting incomplete multipart uploads',
    ),
  ),
  perResource('s3-no-public-allow', 'No bucket policy Allow to Principal "*" (SH S3.6).', T.BucketPolicy, (p) => () =>
    bucketPolicyStatements(p).some((s) => s.Effect === 'Allow' && (s.Principal === '*' || arr(s.Principal?.AWS).includes('*'))) ? 'allows Principal "*"' : undefined,
  ),
];

// ---------- VPC ----------
const vpc = [
  stackRule('vpc-flow-logs', 'Flow logs on every VPC (SH EC2.6).', (args, report) => {
    for (const v of of(args, T.Vpc)) if (!sidecars(args, T.FlowLog, 'vpcId', v).some((f) => is(() => f.props.trafficType === 'ALL'))) report(`${v.name}: needs a FlowLog with trafficType ALL`, v.urn);
  }),
  stackRule('vpc-default-sg-adopted', 'The default security group is adopted (aws.ec2.DefaultSecurityGroup) so that it can be emptied (SH EC2.2).', (args, report) => {
    for (const v of of(args, T.Vpc)) if (sidecars(args, T.DefaultSg, 'vpcId', v).length === 0) report(`${v.name}: adopt the default security group (aws.ec2.DefaultSecurityGroup) with no rules`, v.urn);
  }),
  perResource('vpc-default-sg-closed', 'The default security group has no rules (SH EC2.2).', T.DefaultSg, (g) =>
    need(is(() => arr(g.props.ingress).length + arr(g.props.egress).length === 0), 'the default security group has rules'),
  ),
  stackRule('vpc-private-subnets-no-public-ip', 'Private subnets do not map public IPs (SH EC2.15).', (args, report) => {
    for (const s of of(args, T.Subnet)) if (!routesToIgw(s, args) && holds(() => s.props.mapPublicIpOnLaunch === true, true)) report(`${s.name}: a private subnet must not map public IPs`, s.urn);
  }),
];

// ---------- Glue ----------
const glue = [
  perResource('glue-security-configuration', 'Security configurations encrypt S3, CloudWatch and job bookmarks with KMS (CKV_AWS_99).', T.GlueSecCfg, (c) => {
    const e = () => c.props.encryptionConfiguration ?? {};
    return [
      need(is(() => e().s3Encryption?.s3EncryptionMode === 'SSE-KMS') && set(() => e().s3Encryption?.kmsKeyArn), 'S3 encryption must be SSE-KMS with a key'),
      need(is(() => e().cloudwatchEncryption?.cloudwatchEncryptionMode === 'SSE-KMS') && set(() => e().cloudwatchEncryption?.kmsKeyArn), 'CloudWatch encryption must be SSE-KMS with a key'),
      need(is(() => e().jobBookmarksEncryption?.jobBookmarksEncryptionMode === 'CSE-KMS') && set(() => e().jobBookmarksEncryption?.kmsKeyArn), 'job bookmarks must be CSE-KMS with a key'),
    ];
  }),
  perResource('glue-uses-security-configuration', 'Every Glue job and crawler uses a security configuration (CKV_AWS_195).', [T.GlueJob, T.Crawler], (r) => need(set(() => r.props.securityConfiguration), 'set securityConfiguration')),
  stackRule('glue-catalog-encryption-declared', 'A stack that uses Glue declares the Data Catalog encryption settings (CKV_AWS_94).', (args, report) => {
    if (of(args, T.GlueJob).length + of(args, T.Crawler).length > 0 && of(args, T.CatalogEnc).length === 0)
      report('Glue is used but no DataCatalogEncryptionSettings is declared (own it in one stack per account and Region)');
  }),
  perResource('glue-catalog-encryption', 'Data Catalog encryption at rest and for connection passwords (CKV_AWS_94).', T.CatalogEnc, (s) => {
    const d = () => s.props.dataCatalogEncryptionSettings ?? {};
    return [
      need(is(() => d().encryptionAtRest?.catalogEncryptionMode === 'SSE-KMS') && set(() => d().encryptionAtRest?.sseAwsKmsKeyId), 'catalog encryption at rest must be SSE-KMS with a key'),
      need(is(() => d().connectionPasswordEncryption?.returnConnectionPasswordEncrypted === true) && set(() => d().connectionPasswordEncryption?.awsKmsKeyId), 'connection passwords must be encrypted with a key'),
    ];
  }),
  perResource('glue-job-settings', 'Jobs pin glueVersion >= 4.0, set a timeout, bounded retries, one concurrent run (SH Glue.4).', T.GlueJob, (j) => [
    need(is(() => Number.parseFloat(j.props.glueVersion) >= 4), `glueVersion is ${known(() => j.props.glueVersion) ?? 'unset (0.9) or unknown'}; pin 4.0 or later`),
    need(is(() => j.props.timeout > 0), 'set a timeout'),
    need(is(() => j.props.maxRetries !== undefined && j.props.maxRetries <= 3), 'set maxRetries to at most 3'),
    need(is(() => j.props.executionProperty?.maxConcurrentRuns === 1), 'executionProperty.maxConcurrentRuns must be 1'),
  ]),
  perResource('glue-crawler-logs-schema-changes', 'Crawlers log schema changes rather than apply them silently.', T.Crawler, (c) =>
    need(
      is(() => c.props.schemaChangePolicy?.updateBehavior === 'LOG' && c.props.schemaChangePolicy?.deleteBehavior !== 'DELETE_FROM_DATABASE'),
      'schemaChangePolicy must be updateBehavior LOG and must not delete from the database',
    ),
  ),
];

// ---------- Step Functions, MWAA ----------
const orchestration = [
  perResource('sfn-logging-all', 'State machines log level ALL to a log group (SH StepFunctions.1).', T.StateMachine, (s) => {
    const l = () => s.props.loggingConfiguration;
    // The destination is `${logGroup.arn}:*`, unknown until the log group exists; a known one must end in :*.
    const destination = set(() => l()?.logDestination) && holds(() => typeof l().logDestination === 'string' && l().logDestination.endsWith(':*'), true);
    return need(is(() => l()?.level === 'ALL') && destination, 'loggingConfiguration must be level ALL with a log group ARN ending in :*');
  }),
  perResource('sfn-xray', 'X-Ray tracing enabled (CKV_AWS_284).', T.StateMachine, (s) => need(is(() => s.props.tracingConfiguration?.enabled === true), 'enable tracingConfiguration')),
  perResource('mwaa-private-webserver', 'MWAA web server PRIVATE_ONLY (CKV2_AWS_66).', T.Mwaa, (m) => need(is(() => (m.props.webserverAccessMode ?? 'PRIVATE_ONLY') === 'PRIVATE_ONLY'), 'webserverAccessMode must be PRIVATE_ONLY')),
  perResource('mwaa-all-logs', 'MWAA sends all five log types (CKV_AWS_242-244).', T.Mwaa, (m) => {
    const off = ['dagProcessingLogs', 'schedulerLogs', 'taskLogs', 'webserverLogs', 'workerLogs'].filter((k) => !is(() => (m.props.loggingConfiguration ?? {})[k]?.enabled === true));
    return need(off.length === 0, `enable ${off.join(', ')}`);
  }),
];

// ---------- IAM, KMS, CloudWatch ----------
const isSnsArn = (x: unknown) => typeof x === 'string' && x.startsWith('arn:') && x.split(':')[2] === 'sns';
const iam = [
  perResource('iam-least-privilege', 'No Action "*" on Resource "*", no service-wide wildcards (SH IAM.1/21).', [T.RolePolicy, T.IamPolicy, T.Attachment], (p) =>
    p.type === T.Attachment
      ? // An unknown ARN is a policy of this stack (checked as an aws.iam.Policy); a managed one is a literal.
        need(!holds(() => /AdministratorAccess|FullAccess|PowerUserAccess/.test(String(p.props.policyArn)), false), `attaches the broad managed policy ${known(() => p.props.policyArn)}`)
      : () => {
          const doc = parseJson(p.props.policy);
          return doc ? leastPrivilegeProblems(doc) : 'policy is not JSON';
        },
  ),
  perResource('iam-trust-service-principals', 'Role trust policies name specific service principals only.', T.Role, (r) => () => {
    const doc = parseJson(r.props.assumeRolePolicy);
    return doc && trustNamesOnlyServices(doc) ? undefined : 'the trust policy must name service principals only (no "*", no accounts)';
  }),
  perResource('kms-rotation-and-policy', 'KMS keys rotate and their policy has no "*" principal (SH KMS.4).', T.Key, (k) => [
    need(is(() => k.props.enableKeyRotation === true), 'enableKeyRotation must be true'),
    need(set(() => k.props.policy), 'declare a key policy'),
    () => {
      const doc = parseJson(k.props.policy);
      return doc && !keyPolicyHasNoStarPrincipal(doc) ? 'the key policy allows Principal "*"' : undefined;
    },
  ]),
  perResource('log-group-retention-kms', 'Log groups have retention (>= 365 days in prod) and a KMS key (SH CloudWatch.16).', T.LogGroup, (g) => [
    need(is(() => g.props.retentionInDays > 0), 'set retentionInDays'),
    need(!isProd(g) || is(() => g.props.retentionInDays >= 365), `prod keeps logs >= 365 days (has ${known(() => g.props.retentionInDays)})`),
    need(set(() => g.props.kmsKeyId), 'set kmsKeyId'),
  ]),
  perResource('sns-kms', 'SNS topics are encrypted with a KMS key.', T.Topic, (t) => need(set(() => t.props.kmsMasterKeyId), 'set kmsMasterKeyId')),
  perResource('alarms-notify', 'Every alarm has an SNS action (SH CloudWatch.15).', T.Alarm, (a) => {
    const n = known(() => arr(a.props.alarmActions).length);
    if (n === 0) return 'needs an SNS alarm action';
    // A topic ARN is unknown until the topic exists; every known action must be an SNS topic.
    const bad = Array.from({ length: n ?? 0 }, (_, i) => i).filter((i) => !holds(() => isSnsArn(arr(a.props.alarmActions)[i]), true));
    return need(bad.length === 0, 'needs an SNS alarm action (every alarm action must be an SNS topic ARN)');
  }),
  stackRule('alarms-cover', 'Alarms exist for failed/timed-out executions, Glue job failures, Redshift health and disk (SH CloudWatch.17).', (args, report) => {
    const alarms = of(args, T.Alarm);
    /** Alarms on `ns`/`metric` whose dimension `dim` names `target`: by its known value, or by depending on it. */
    const covers = (ns: string, metric: string, dim: string, target: Res, value: (v: string) => boolean) =>
      alarms.some((a) => is(() => a.props.namespace === ns && a.props.metricName === metric) && (is(() => value(String(a.props.dimensions?.[dim]))) || depsOf(a, 'dimensions').some((d) => d.urn === target.urn)));
    for (const sm of of(args, T.StateMachine)) {
      const name = known(() => sm.props.name as string);
      for (const m of ['ExecutionsFailed', 'ExecutionsTimedOut']) if (!covers('AWS/States', m, 'StateMachineArn', sm, (v) => !!name && v.endsWith(`:stateMachine:${name}`))) report(`${sm.name}: no ${m} alarm`, sm.urn);
    }
    for (const j of of(args, T.GlueJob)) {
      const name = known(() => j.props.name as string);
      if (!covers('Glue', 'glue.driver.aggregate.numFailedTasks', 'JobName', j, (v) => !!name && v === name)) report(`${j.name}: no Glue failure alarm`, j.urn);
    }
    for (const cl of of(args, T.Cluster)) {
      const id = known(() => cl.props.clusterIdentifier as string);
      for (const m of ['HealthStatus', 'PercentageDiskSpaceUsed']) if (!covers('AWS/Redshift', m, 'ClusterIdentifier', cl, (v) => !!id && v === id)) report(`${cl.name}: no ${m} alarm`, cl.urn);
    }
  }),
];

export const policies: (ResourceValidationPolicy | StackValidationPolicy)[] = [...redshift, ...s3, ...vpc, ...glue, ...orchestration, ...iam];

/** Checklist item → policy names; every item of checklists/infra-policy.md is listed. */
export const CHECKLIST: Record<number, string[]> = {
  1: ['redshift-not-public'],
  2: ['redshift-encrypted-cmk'],
  3: ['redshift-parameter-group', 'redshift-parameter-group-attached'],
  4: ['redshift-parameter-group', 'redshift-parameter-group-attached'],
  5: ['redshift-audit-logging'],
  6: ['redshift-enhanced-vpc-routing', 'redshift-s3-endpoint-routes'],
  7: ['redshift-snapshots'],
  8: ['redshift-version-upgrade'],
  9: ['redshift-non-default-names'],
  10: ['redshift-no-plaintext-password'],
  11: ['secrets-cmk'],
  12: ['no-world-ingress-5439'],
  13: ['redshift-subnet-group-private'],
  14: ['s3-public-access-block', 's3-side-cars'],
  15: ['s3-tls-only', 's3-side-cars'],
  16: ['s3-sse-kms', 's3-side-cars'],
  17: ['s3-versioning', 's3-side-cars'],
  18: ['s3-access-logging'],
  19: ['s3-ownership-enforced', 's3-side-cars'],
  20: ['s3-lifecycle', 's3-side-cars'],
  21: ['s3-no-public-allow'],
  22: ['vpc-flow-logs'],
  23: ['vpc-default-sg-closed', 'vpc-default-sg-adopted'],
  24: ['vpc-private-subnets-no-public-ip'],
  25: ['glue-security-configuration'],
  26: ['glue-uses-security-configuration'],
  27: ['glue-catalog-encryption', 'glue-catalog-encryption-declared'],
  28: ['glue-job-settings', 'glue-crawler-logs-schema-changes'],
  29: ['sfn-logging-all'],
  30: ['sfn-xray'],
  31: ['mwaa-private-webserver'],
  32: ['mwaa-all-logs'],
  33: ['iam-least-privilege'],
  34: ['iam-trust-service-principals'],
  35: ['kms-rotation-and-policy'],
  36: ['log-group-retention-kms'],
  37: ['alarms-notify', 'alarms-cover', 'sns-kms'],
};
