import { UNKNOWN } from './policy-engine';

/*
 * Known-bad cases of the policy pack, shared by the two ways the pack is tested: rules called as
 * plain functions over the captured dev graph (`policies.test.ts`), and the real pack served over
 * gRPC, asked as the engine asks it in a first preview (`engine.test.ts`). Each case starts from
 * the good dev graph, breaks one thing, and names the rule that must fire, the resource it must
 * name and a fragment of the message.
 *
 * A record is the same in both graphs except for links: the plain graph recovers which resource
 * an input came from by value; the preview graph carries the engine's `propertyDependencies`
 * (values are mostly unknown there), so a case that re-points an input also re-points its link.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- mutations reach into arbitrary input shapes
type Json = any;
export interface CaseRecord {
  type: string;
  name: string;
  inputs: Json;
  id?: string;
  urn?: string;
  propertyDependencies?: Record<string, string[]>;
}
type Records = CaseRecord[];
export type Mutation = <R extends CaseRecord>(rs: R[]) => R[];
/** [rule, what is broken, mutation, the resource it must name ('' for the stack), a fragment of the message] */
export type KnownBadCase = [string, string, Mutation, string, string];

export const find = <R extends CaseRecord>(rs: R[], type: string, name?: string): R => {
  const r = rs.find((x) => x.type === type && (name === undefined || x.name === name));
  if (!r) throw new Error(`no ${type} ${name ?? ''} in the dev graph`);
  return r;
};
const edit =
  (type: string, name: string | undefined, patch: (inputs: Json, all: Records, r: CaseRecord) => void): Mutation =>
  (rs) => {
    const r = find(rs, type, name);
    patch(r.inputs, rs, r);
    return rs;
  };
const drop =
  (type: string, name?: string): Mutation =>
  (rs) =>
    rs.filter((r) => !(r.type === type && (name === undefined || r.name === name)));
/** Adds a resource; `links` (input → resources as [type, name]) become property dependencies in the preview graph. */
const add =
  (type: string, name: string, inputs: Record<string, unknown>, links: Record<string, [string, string][]> = {}): Mutation =>
  <R extends CaseRecord>(rs: R[]) => {
    const preview = rs.some((r) => r.propertyDependencies);
    const r: CaseRecord = { type, name, inputs, id: `${name}-id` };
    if (preview) {
      r.urn = `urn:pulumi:dev::finlake::${type}::${name}`;
      r.propertyDependencies = Object.fromEntries(Object.entries(links).map(([k, ts]) => [k, ts.map(([t, n]) => find(rs, t, n).urn!)]));
    }
    return [...rs, { custom: true, state: { ...inputs }, dependencies: [], ...r } as unknown as R];
  };
/** Removes the link of input `prop` to resource `name` (preview graph only; the plain graph links by value). */
const unlink = (r: CaseRecord, prop: string, name?: string) => {
  if (!r.propertyDependencies?.[prop]) return;
  r.propertyDependencies[prop] = r.propertyDependencies[prop].filter((u) => name !== undefined && !u.endsWith(`::${name}`));
  if (r.propertyDependencies[prop].length === 0) delete r.propertyDependencies[prop];
};
const link = (r: CaseRecord, prop: string, to: CaseRecord) => {
  if (r.propertyDependencies) r.propertyDependencies[prop] = [...(r.propertyDependencies[prop] ?? []), to.urn!];
};
const idOf = (r: CaseRecord) => r.id || UNKNOWN;
const policyDoc = (statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

const CLUSTER = 'aws:redshift/cluster:Cluster';
const BUCKET = 'aws:s3/bucket:Bucket';
const BUCKET_POLICY = 'aws:s3/bucketPolicy:BucketPolicy';
const MWAA = 'aws:mwaa/environment:Environment';
const goodMwaa = {
  name: 'airflow',
  webserverAccessMode: 'PRIVATE_ONLY',
  loggingConfiguration: Object.fromEntries(['dagProcessingLogs', 'schedulerLogs', 'taskLogs', 'webserverLogs', 'workerLogs'].map((k) => [k, { enabled: true, logLevel: 'INFO' }])),
};

// [rule, what is broken, mutation, the resource it must name, a fragment of the message]
export const knownBadCases: KnownBadCase[] = [
  ['redshift-not-public', 'publiclyAccessible true', edit(CLUSTER, undefined, (i) => (i.publiclyAccessible = true)), 'warehouse-cluster', 'publiclyAccessible'],
  ['redshift-not-public', 'publiclyAccessible unset', edit(CLUSTER, undefined, (i) => delete i.publiclyAccessible), 'warehouse-cluster', 'set to false'],
  ['redshift-encrypted-cmk', 'no kmsKeyId', edit(CLUSTER, undefined, (i) => delete i.kmsKeyId), 'warehouse-cluster', 'kmsKeyId'],
  ['redshift-encrypted-cmk', 'encrypted "false"', edit(CLUSTER, undefined, (i) => (i.encrypted = 'false')), 'warehouse-cluster', 'encrypted must be "true"'],
  ['redshift-parameter-group', 'require_ssl false', edit('aws:redshift/parameterGroup:ParameterGroup', undefined, (i) => (i.parameters[0].value = 'false')), 'warehouse-params', 'require_ssl'],
  ['redshift-parameter-group', 'no user activity logging', edit('aws:redshift/parameterGroup:ParameterGroup', undefined, (i) => i.parameters.pop()), 'warehouse-params', 'enable_user_activity_logging'],
  ['redshift-parameter-group-attached', 'default parameter group', edit(CLUSTER, undefined, (i, _rs, r) => ((i.clusterParameterGroupName = 'default.redshift-1.0'), unlink(r, 'clusterParameterGroupName'))), 'warehouse-cluster', 'no parameter group'],
  ['redshift-audit-logging', 'no Logging resource', drop('aws:redshift/logging:Logging'), 'warehouse-cluster', 'aws.redshift.Logging'],
  ['redshift-enhanced-vpc-routing', 'enhancedVpcRouting false', edit(CLUSTER, undefined, (i) => (i.enhancedVpcRouting = false)), 'warehouse-cluster', 'enhancedVpcRouting'],
  ['redshift-s3-endpoint-routes', 'S3 endpoint on one route table only', edit('aws:ec2/vpcEndpoint:VpcEndpoint', undefined, (i, _rs, r) => (i.routeTableIds.pop(), unlink(r, 'routeTableIds', 'net-private-rt-2'))), 'warehouse-cluster', 'without the S3 gateway endpoint: net-private-rt-2'],
  ['redshift-snapshots', 'retention 1 day', edit(CLUSTER, undefined, (i) => (i.automatedSnapshotRetentionPeriod = 1)), 'warehouse-cluster', 'keep at least 7'],
  ['redshift-snapshots', 'prod without final snapshot', edit(CLUSTER, undefined, (i) => (i.tags.stack = 'prod')), 'warehouse-cluster', 'final snapshot'],
  ['redshift-version-upgrade', 'upgrades off', edit(CLUSTER, undefined, (i) => (i.allowVersionUpgrade = false)), 'warehouse-cluster', 'allowVersionUpgrade'],
  ['redshift-non-default-names', 'awsuser / dev', edit(CLUSTER, undefined, (i) => ((i.masterUsername = 'awsuser'), (i.databaseName = 'dev'))), 'warehouse-cluster', 'awsuser'],
  ['redshift-no-plaintext-password', 'plaintext password', edit(CLUSTER, undefined, (i) => ((i.manageMasterPassword = false), (i.masterPassword = 'Hunter2hunter2'))), 'warehouse-cluster', 'masterPassword'],
  ['secrets-cmk', 'managed secret with the AWS key', edit(CLUSTER, undefined, (i) => delete i.masterPasswordSecretKmsKeyId), 'warehouse-cluster', 'masterPasswordSecretKmsKeyId'],
  ['secrets-cmk', 'a Secret without a key', add('aws:secretsmanager/secret:Secret', 'loose-secret', { name: 'loose' }), 'loose-secret', 'kmsKeyId'],
  ['no-world-ingress-5439', '5439 open to the internet', edit('aws:ec2/securityGroup:SecurityGroup', 'warehouse-sg', (i) => (i.ingress[0].cidrBlocks = ['0.0.0.0/0'])), 'warehouse-sg', 'whole internet'],
  ['no-world-ingress-5439', 'all traffic from ::/0 (rule resource)', add('aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule', 'open-all', { ipProtocol: '-1', cidrIpv6: '::/0' }), 'open-all', 'whole internet'],
  [
    'redshift-subnet-group-private',
    'a public subnet in the group',
    edit('aws:redshift/subnetGroup:SubnetGroup', undefined, (i, rs, r) => {
      const pub = find(rs, 'aws:ec2/subnet:Subnet', 'net-public-2');
      i.subnetIds[1] = idOf(pub);
      unlink(r, 'subnetIds', 'net-private-2');
      link(r, 'subnetIds', pub);
    }),
    'warehouse-subnets',
    'net-public-2 is public',
  ],
  ['redshift-subnet-group-private', 'one AZ only', edit('aws:redshift/subnetGroup:SubnetGroup', undefined, (i, _rs, r) => (i.subnetIds.pop(), unlink(r, 'subnetIds', 'net-private-2'))), 'warehouse-subnets', 'spans 1 known AZ'],
  ['s3-public-access-block', 'blockPublicPolicy false', edit('aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock', 'lake-raw-pab', (i) => (i.blockPublicPolicy = false)), 'lake-raw-pab', 'four flags'],
  ['s3-tls-only', 'policy without the TLS deny', edit(BUCKET_POLICY, 'lake-raw-policy', (i) => (i.policy = policyDoc([]))), 'lake-raw-policy', 'SecureTransport'],
  ['s3-sse-kms', 'AES256', edit('aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration', 'lake-processed-sse', (i) => (i.rules[0].applyServerSideEncryptionByDefault = { sseAlgorithm: 'AES256' })), 'lake-processed-sse', 'SSE-KMS'],
  ['s3-sse-kms', 'no bucket key', edit('aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration', 'lake-processed-sse', (i) => (i.rules[0].bucketKeyEnabled = false)), 'lake-processed-sse', 'bucketKeyEnabled'],
  ['s3-versioning', 'suspended', edit('aws:s3/bucketVersioning:BucketVersioning', 'lake-scripts-versioning', (i) => (i.versioningConfiguration.status = 'Suspended')), 'lake-scripts-versioning', 'Enabled'],
  ['s3-access-logging', 'no access logs', drop('aws:s3/bucketLogging:BucketLogging', 'lake-quarantine-logging'), 'lake-quarantine', 'logs bucket'],
  [
    's3-access-logging',
    'the logs bucket logs to itself',
    add(
      'aws:s3/bucketLogging:BucketLogging',
      'lake-logs-logging',
      { bucket: 'finlake-dev-logs-123456789012', targetBucket: 'finlake-dev-logs-123456789012', targetPrefix: 'x/' },
      { bucket: [[BUCKET, 'lake-logs']], targetBucket: [[BUCKET, 'lake-logs']] },
    ),
    'lake-logs',
    'logs to itself',
  ],
  ['s3-ownership-enforced', 'ObjectWriter', edit('aws:s3/bucketOwnershipControls:BucketOwnershipControls', 'lake-raw-ownership', (i) => (i.rule.objectOwnership = 'ObjectWriter')), 'lake-raw-ownership', 'BucketOwnerEnforced'],
  ['s3-ownership-enforced', 'an ACL', add('aws:s3/bucketAcl:BucketAcl', 'raw-acl', { bucket: 'finlake-dev-raw-123456789012', acl: 'private' }, { bucket: [[BUCKET, 'lake-raw']] }), 'raw-acl', 'BucketAcl'],
  ['s3-side-cars', 'no lifecycle', drop('aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration', 'lake-raw-lifecycle'), 'lake-raw', 'BucketLifecycleConfiguration'],
  ['s3-side-cars', 'no bucket policy (so no TLS-only deny)', drop(BUCKET_POLICY, 'lake-raw-policy'), 'lake-raw', 'aws.s3.BucketPolicy'],
  ['s3-side-cars', 'no encryption configuration', drop('aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration', 'lake-processed-sse'), 'lake-processed', 'ServerSideEncryption'],
  [
    's3-lifecycle',
    'no multipart abort',
    edit('aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration', 'lake-raw-lifecycle', (i) => i.rules.forEach((x: Json) => delete x.abortIncompleteMultipartUpload)),
    'lake-raw-lifecycle',
    'multipart',
  ],
  [
    's3-no-public-allow',
    'Allow to "*"',
    edit(BUCKET_POLICY, 'lake-raw-policy', (i) => (i.policy = policyDoc([{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::x/*' }]))),
    'lake-raw-policy',
    'Principal "*"',
  ],
  ['vpc-flow-logs', 'no flow log', drop('aws:ec2/flowLog:FlowLog'), 'net-vpc', 'FlowLog'],
  ['vpc-default-sg-closed', 'default SG with a rule', edit('aws:ec2/defaultSecurityGroup:DefaultSecurityGroup', undefined, (i) => i.ingress.push({ protocol: '-1', fromPort: 0, toPort: 0, self: true })), 'net-default-sg', 'has rules'],
  ['vpc-default-sg-adopted', 'default SG not adopted', drop('aws:ec2/defaultSecurityGroup:DefaultSecurityGroup'), 'net-vpc', 'adopt'],
  ['vpc-private-subnets-no-public-ip', 'private subnet maps public IPs', edit('aws:ec2/subnet:Subnet', 'net-private-1', (i) => (i.mapPublicIpOnLaunch = true)), 'net-private-1', 'public IPs'],
  [
    'glue-security-configuration',
    'bookmarks unencrypted',
    edit('aws:glue/securityConfiguration:SecurityConfiguration', undefined, (i) => (i.encryptionConfiguration.jobBookmarksEncryption = { jobBookmarksEncryptionMode: 'DISABLED' })),
    'etl-security',
    'job bookmarks',
  ],
  ['glue-uses-security-configuration', 'job without one', edit('aws:glue/job:Job', 'etl-commerce-job', (i) => delete i.securityConfiguration), 'etl-commerce-job', 'securityConfiguration'],
  ['glue-uses-security-configuration', 'crawler without one', edit('aws:glue/crawler:Crawler', undefined, (i) => delete i.securityConfiguration), 'etl-crawler', 'securityConfiguration'],
  ['glue-catalog-encryption-declared', 'no catalog encryption', drop('aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings'), '', 'no DataCatalogEncryptionSettings'],
  [
    'glue-catalog-encryption',
    'connection passwords in clear',
    edit('aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings', undefined, (i) => (i.dataCatalogEncryptionSettings.connectionPasswordEncryption.returnConnectionPasswordEncrypted = false)),
    'etl-catalog-encryption',
    'connection passwords',
  ],
  ['glue-job-settings', 'Glue 2.0', edit('aws:glue/job:Job', 'etl-commerce-job', (i) => (i.glueVersion = '2.0')), 'etl-commerce-job', 'glueVersion is 2.0'],
  ['glue-job-settings', 'no glueVersion (0.9)', edit('aws:glue/job:Job', 'etl-commerce-job', (i) => delete i.glueVersion), 'etl-commerce-job', 'unset (0.9)'],
  ['glue-job-settings', 'concurrent runs', edit('aws:glue/job:Job', 'etl-commerce-job', (i) => (i.executionProperty.maxConcurrentRuns = 3)), 'etl-commerce-job', 'maxConcurrentRuns'],
  ['glue-job-settings', 'no timeout, unbounded retries', edit('aws:glue/job:Job', 'etl-commerce-job', (i) => (delete i.timeout, (i.maxRetries = 10))), 'etl-commerce-job', 'timeout'],
  ['glue-crawler-logs-schema-changes', 'silent schema updates', edit('aws:glue/crawler:Crawler', undefined, (i) => (i.schemaChangePolicy.updateBehavior = 'UPDATE_IN_DATABASE')), 'etl-crawler', 'updateBehavior LOG'],
  ['sfn-logging-all', 'ERROR only', edit('aws:sfn/stateMachine:StateMachine', 'orchestration-commerce-pipeline', (i) => (i.loggingConfiguration.level = 'ERROR')), 'orchestration-commerce-pipeline', 'level ALL'],
  ['sfn-logging-all', 'destination without :*', edit('aws:sfn/stateMachine:StateMachine', 'orchestration-commerce-pipeline', (i) => (i.loggingConfiguration.logDestination = i.loggingConfiguration.logDestination.slice(0, -2))), 'orchestration-commerce-pipeline', ':*'],
  ['sfn-xray', 'no tracing', edit('aws:sfn/stateMachine:StateMachine', 'orchestration-commerce-pipeline', (i) => (i.tracingConfiguration.enabled = false)), 'orchestration-commerce-pipeline', 'tracing'],
  ['mwaa-private-webserver', 'public web server', add(MWAA, 'airflow', { ...goodMwaa, webserverAccessMode: 'PUBLIC_ONLY' }), 'airflow', 'PRIVATE_ONLY'],
  ['mwaa-all-logs', 'worker logs off', add(MWAA, 'airflow', { ...goodMwaa, loggingConfiguration: { ...goodMwaa.loggingConfiguration, workerLogs: { enabled: false } } }), 'airflow', 'workerLogs'],
  ['iam-least-privilege', 's3:*', edit('aws:iam/rolePolicy:RolePolicy', 'warehouse-copy-policy', (i) => (i.policy = policyDoc([{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::x' }]))), 'warehouse-copy-policy', 's3:*'],
  ['iam-least-privilege', '* on *', edit('aws:iam/rolePolicy:RolePolicy', 'etl-policy', (i) => (i.policy = policyDoc([{ Effect: 'Allow', Action: '*', Resource: '*' }]))), 'etl-policy', 'Action "*"'],
  ['iam-least-privilege', 'AdministratorAccess', add('aws:iam/rolePolicyAttachment:RolePolicyAttachment', 'admin', { role: 'x', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }), 'admin', 'AdministratorAccess'],
  [
    'iam-trust-service-principals',
    'anyone may assume',
    edit('aws:iam/role:Role', 'warehouse-copy-role', (i) => (i.assumeRolePolicy = policyDoc([{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }]))),
    'warehouse-copy-role',
    'service principals only',
  ],
  ['kms-rotation-and-policy', 'no rotation', edit('aws:kms/key:Key', undefined, (i) => (i.enableKeyRotation = false)), 'lake-key', 'enableKeyRotation'],
  [
    'kms-rotation-and-policy',
    '"*" principal',
    edit('aws:kms/key:Key', undefined, (i) => (i.policy = policyDoc([{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*' }]))),
    'lake-key',
    'Principal "*"',
  ],
  ['log-group-retention-kms', 'no key, no retention', edit('aws:cloudwatch/logGroup:LogGroup', 'net-flow-logs', (i) => (delete i.kmsKeyId, delete i.retentionInDays)), 'net-flow-logs', 'kmsKeyId'],
  ['log-group-retention-kms', 'prod keeps 30 days', edit('aws:cloudwatch/logGroup:LogGroup', 'orchestration-commerce-logs', (i) => (i.tags.stack = 'prod')), 'orchestration-commerce-logs', '365'],
  ['sns-kms', 'plaintext topic', edit('aws:sns/topic:Topic', undefined, (i) => delete i.kmsMasterKeyId), 'monitoring-alerts', 'kmsMasterKeyId'],
  ['alarms-notify', 'alarm without an action', edit('aws:cloudwatch/metricAlarm:MetricAlarm', 'monitoring-sfn-commerce-failed', (i) => (i.alarmActions = [])), 'monitoring-sfn-commerce-failed', 'SNS alarm action'],
  ['alarms-cover', 'no disk alarm', drop('aws:cloudwatch/metricAlarm:MetricAlarm', 'monitoring-redshift-disk'), 'warehouse-cluster', 'PercentageDiskSpaceUsed'],
  ['alarms-cover', 'no timed-out alarm', drop('aws:cloudwatch/metricAlarm:MetricAlarm', 'monitoring-sfn-commerce-timedout'), 'orchestration-commerce-pipeline', 'ExecutionsTimedOut'],
  ['alarms-cover', 'no Glue alarm', drop('aws:cloudwatch/metricAlarm:MetricAlarm', 'monitoring-glue-finlake-dev-commerce-failed'), 'etl-commerce-job', 'Glue failure'],
];
