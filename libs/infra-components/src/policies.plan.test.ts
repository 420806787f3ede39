import { accessLogDeliveryStatement, accessLogPrefix, BUCKET_PURPOSES, bucketPolicy, lifecycleRules, tlsOnlyStatements } from './datalake.plan';
import { keyPolicy, keyPolicyHasNoStarPrincipal, servicePrincipal } from './kms.plan';
import { bucketName, childName, clusterIdentifier, glueName, physicalName } from './naming';
import { assumeRolePolicy, doc, flowLogsPolicy, leastPrivilegeProblems, redshiftCopyPolicy, trustNamesOnlyServices } from './policy-document';
import { checkScheduleTimeZone, pipelineNames, scheduleTargetPolicy, stateMachineLogGroupName, stateMachinePolicy, startExecutionPolicy } from './orchestration.plan';
import { MWAA_LOG_TYPES, mwaaExecutionPolicy, mwaaLogging, validateMwaa } from './mwaa.plan';
import { auditLogGroupName, clusterShape, deletionPolicy } from './warehouse.plan';

const lifecycle = { noncurrentVersionDays: 30, rawInfrequentAccessDays: 30, rawGlacierDays: 90, logRetentionDays: 365 };

describe('pipelineNames', () => {
  it.each([
    ['commerce', { stateMachine: 'finlake-dev-commerce-pipeline', logGroup: '/aws/vendedlogs/states/finlake-dev-commerce-pipeline', scheduleRule: 'finlake-dev-commerce-pipeline-schedule', rawRule: 'finlake-dev-commerce-raw-object-created', deadLetterQueue: 'finlake-dev-commerce-pipeline-dlq' }],
    ['toy_ledger', { stateMachine: 'finlake-dev-toy_ledger-pipeline', logGroup: '/aws/vendedlogs/states/finlake-dev-toy_ledger-pipeline', scheduleRule: 'finlake-dev-toy_ledger-pipeline-schedule', rawRule: 'finlake-dev-toy_ledger-raw-object-created', deadLetterQueue: 'finlake-dev-toy_ledger-pipeline-dlq' }],
  ])('%s has its own pipeline names', (product, expected) => {
    expect(pipelineNames('finlake-dev', product)).toEqual(expected);
  });
  it.each([
    ['Commerce', 'lower-case letters'],
    ['a'.repeat(40), 'raw-object rule name'],
  ])('refuses %s', (product, message) => {
    expect(() => pipelineNames('finlake-dev', product)).toThrow(message);
  });
});

describe('naming', () => {
  it.each([
    [['finlake', 'dev', 'raw'], 63, 'finlake-dev-raw'],
    [['Fin Lake', '--Dev--', 'RAW_zone'], 63, 'fin-lake-dev-raw-zone'],
    [['a'.repeat(40), 'b'.repeat(40)], 63, `${'a'.repeat(40)}-${'b'.repeat(22)}`],
    [['x', '-'], 10, 'x'],
  ] as const)('physicalName(%j, %i) = %s', (parts, max, expected) => {
    expect(physicalName([...parts], max)).toBe(expected);
  });
  it('rejects names with nothing usable', () => expect(() => physicalName(['--', '!!'])).toThrow('nothing left'));
  it.each([
    [() => bucketName('finlake-dev', 'raw', '123456789012'), 'finlake-dev-raw-123456789012'],
    [() => glueName('finlake-dev', 'commerce'), 'finlake_dev_commerce'],
    [() => clusterIdentifier('finlake-prod'), 'finlake-prod-warehouse'],
    [() => childName('lake', 'raw', 'pab'), 'lake-raw-pab'],
    [() => stateMachineLogGroupName('finlake-dev', 'pipeline'), '/aws/vendedlogs/states/finlake-dev-pipeline'],
    [() => auditLogGroupName('finlake-dev-warehouse', 'userlog'), '/aws/redshift/cluster/finlake-dev-warehouse/userlog'],
  ])('%#: %s', (f, expected) => expect(f()).toBe(expected));
  it('cluster identifiers start with a letter', () => expect(() => clusterIdentifier('9lake')).toThrow('must start with a letter'));
});

describe('bucket policy documents', () => {
  const arn = 'arn:aws:s3:::finlake-dev-raw-123456789012';
  it('deny non-TLS and TLS < 1.2 on the bucket and every object', () => {
    expect(tlsOnlyStatements(arn)).toEqual([
      expect.objectContaining({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [arn, `${arn}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      expect.objectContaining({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } } }),
    ]);
  });
  it('every bucket policy starts with the TLS-only statements and allows nothing to "*"', () => {
    const p = bucketPolicy(arn, [accessLogDeliveryStatement({ logsBucketArn: arn, sourceBucketArns: ['arn:b', 'arn:a'], accountId: '123456789012' })]);
    expect(p.Statement.slice(0, 2)).toEqual(tlsOnlyStatements(arn));
    expect(p.Statement.filter((s) => s.Effect === 'Allow' && s.Principal === '*')).toEqual([]);
    expect(p.Statement[2]).toEqual({
      Sid: 'AllowS3ServerAccessLogs',
      Effect: 'Allow',
      Principal: { Service: 'logging.s3.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `${arn}/s3-access/*`,
      Condition: { ArnLike: { 'aws:SourceArn': ['arn:a', 'arn:b'] }, StringEquals: { 'aws:SourceAccount': '123456789012' } },
    });
  });
  it.each(BUCKET_PURPOSES.map((p) => [p, p === 'logs' ? undefined : `s3-access/${p}/`]))('%s logs to %s (the logs bucket never logs to itself)', (purpose, prefix) => {
    expect(accessLogPrefix(purpose as never)).toBe(prefix);
  });
});

describe('lifecycle rules', () => {
  it.each(BUCKET_PURPOSES)('%s aborts incomplete multipart uploads and expires noncurrent versions', (purpose) => {
    const rules = lifecycleRules(purpose, lifecycle);
    expect(rules.find((r) => r.id === 'abort-incomplete-multipart')?.abortIncompleteMultipartUpload).toEqual({ daysAfterInitiation: 7 });
    expect(rules.find((r) => r.id === 'expire-noncurrent-versions')?.noncurrentVersionExpiration).toEqual({ noncurrentDays: 30 });
    expect(rules.every((r) => r.status === 'Enabled' && r.filter)).toBe(true);
  });
  it('raw tiers to STANDARD_IA then GLACIER; logs expire; others do neither', () => {
    expect(lifecycleRules('raw', lifecycle).find((r) => r.id === 'raw-tiering')?.transitions).toEqual([
      { days: 30, storageClass: 'STANDARD_IA' },
      { days: 90, storageClass: 'GLACIER' },
    ]);
    expect(lifecycleRules('logs', lifecycle).find((r) => r.id === 'expire-logs')?.expiration).toEqual({ days: 365 });
    expect(lifecycleRules('processed', lifecycle).map((r) => r.id)).toEqual(['abort-incomplete-multipart', 'expire-noncurrent-versions']);
  });
  it('rejects transitions S3 would refuse', () => {
    expect(() => lifecycleRules('raw', { ...lifecycle, rawInfrequentAccessDays: 10, rawGlacierDays: 20 })).toThrow(/at least 30 days before STANDARD_IA[\s\S]*rawGlacierDays \(20\)/);
  });
});

describe('IAM policy documents are least privilege', () => {
  const cases = [
    ['redshift COPY', redshiftCopyPolicy({ processedBucketArn: 'arn:aws:s3:::p', kmsKeyArn: 'arn:aws:kms:eu-west-1:1:key/k' })],
    ['flow logs', flowLogsPolicy('arn:aws:logs:eu-west-1:1:log-group:/x')],
    [
      'MWAA execution',
      mwaaExecutionPolicy({
        partition: 'aws',
        region: 'eu-west-1',
        accountId: '1',
        environmentName: 'e',
        sourceBucketArn: 'arn:aws:s3:::b',
        kmsKeyArn: 'arn:k',
        stateMachineArns: ['arn:aws:states:eu-west-1:1:stateMachine:sm'],
        variableSecretArns: ['arn:aws:secretsmanager:eu-west-1:1:secret:e/variables/v-AbCdEf'],
      }),
    ],
    ['start execution', startExecutionPolicy('arn:aws:states:eu-west-1:1:stateMachine:sm', 'arn:aws:kms:eu-west-1:1:key/k')],
    ['schedule target', scheduleTargetPolicy('arn:aws:states:eu-west-1:1:stateMachine:sm', 'arn:aws:kms:eu-west-1:1:key/k', 'arn:aws:sqs:eu-west-1:1:dlq')],
    [
      'state machine',
      stateMachinePolicy({
        stateMachineName: 'sm',
        partition: 'aws',
        region: 'eu-west-1',
        accountId: '1',
        glueJobName: 'job',
        clusterIdentifier: 'c',
        databaseName: 'finance',
        secretArn: 'arn:s',
        kmsKeyArn: 'arn:k',
        topicArn: 'arn:t',
      }),
    ],
  ] as const;
  it.each(cases)('%s: no wildcard actions, no writes on "*"', (_name, policy) => expect(leastPrivilegeProblems(policy)).toEqual([]));
  it('the schedule may start its state machine, use the key for its input and dead-letter to its queue, nothing else', () => {
    const p = scheduleTargetPolicy('arn:sm', 'arn:k', 'arn:q');
    expect(p.Statement.map((s) => [s.Action, s.Resource])).toEqual([
      ['states:StartExecution', 'arn:sm'],
      [['kms:GenerateDataKey', 'kms:Decrypt'], 'arn:k'],
      ['sqs:SendMessage', 'arn:q'],
    ]);
  });
  it.each([['UTC'], ['America/New_York'], ['Europe/Paris']])('takes the IANA time zone %s for a schedule', (zone) => expect(checkScheduleTimeZone(zone)).toBe(zone));
  it('refuses a schedule time zone that is not an IANA name', () => expect(() => checkScheduleTimeZone('Mars/Base')).toThrow('"Mars/Base" is not an IANA time zone'));
  it('the COPY role only reads the processed bucket and decrypts with the lake key', () => {
    const p = redshiftCopyPolicy({ processedBucketArn: 'arn:aws:s3:::p', kmsKeyArn: 'arn:k' });
    expect(p.Statement.map((s) => [s.Action, s.Resource])).toEqual([
      ['s3:GetObject', 'arn:aws:s3:::p/*'],
      [['s3:ListBucket', 's3:GetBucketLocation'], 'arn:aws:s3:::p'],
      ['kms:Decrypt', 'arn:k'],
    ]);
  });
  it.each([
    [doc({ Effect: 'Allow', Action: '*', Resource: '*' }), ['statement 0: Action "*"', 'statement 0: * on Resource "*"']],
    [doc({ Sid: 'S3', Effect: 'Allow', Action: ['s3:*'], Resource: 'arn:aws:s3:::b' }), ['statement S3: service-wide wildcard "s3:*"']],
    [doc({ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }), ['statement 0: s3:PutObject on Resource "*"']],
    [doc({ Effect: 'Deny', Action: '*', Resource: '*' }), []],
  ])('the checker flags broad policies (%#)', (policy, problems) => expect(leastPrivilegeProblems(policy)).toEqual(problems));
  it('trust policies name one service principal', () => {
    expect(assumeRolePolicy('redshift.amazonaws.com')).toEqual(doc({ Effect: 'Allow', Principal: { Service: 'redshift.amazonaws.com' }, Action: 'sts:AssumeRole' }));
    expect(trustNamesOnlyServices(assumeRolePolicy('states.amazonaws.com', '123'))).toBe(true);
    expect(trustNamesOnlyServices(doc({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }))).toBe(false);
    expect(trustNamesOnlyServices(doc({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::1:root' }, Action: 'sts:AssumeRole' }))).toBe(false);
    expect(() => assumeRolePolicy('*')).toThrow('not a service principal');
  });
});

describe('KMS key policy', () => {
  const p = keyPolicy({ accountId: '123456789012', region: 'eu-west-1', partition: 'aws', services: ['sns', 'logs', 'cloudwatch', 'logs'] });
  it('the account administers the key; each service gets one statement, no "*" principal', () => {
    expect(p.Statement.map((s) => s.Sid)).toEqual(['AccountAdministers', 'Allow-cloudwatch', 'Allow-logs', 'Allow-sns']);
    expect(p.Statement[0].Principal).toEqual({ AWS: 'arn:aws:iam::123456789012:root' });
    expect(keyPolicyHasNoStarPrincipal(p)).toBe(true);
    expect(keyPolicyHasNoStarPrincipal(doc({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*' }))).toBe(false);
  });
  it.each([
    ['logs', 'logs.eu-west-1.amazonaws.com'],
    ['cloudwatch', 'cloudwatch.amazonaws.com'],
    ['events', 'events.amazonaws.com'],
    ['s3-access-logs', 'logging.s3.amazonaws.com'],
    ['flow-logs', 'delivery.logs.amazonaws.com'],
  ] as const)('%s → %s', (service, principal) => expect(servicePrincipal(service, 'eu-west-1')).toBe(principal));
  it('the logs statement is limited to our account’s log groups', () => {
    expect(p.Statement.find((s) => s.Sid === 'Allow-logs')?.Condition).toEqual({
      ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-1:123456789012:log-group:*' },
    });
  });
});

describe('warehouse decisions', () => {
  it.each([
    [{ nodeType: 'ra3.large', numberOfNodes: 1 }, { clusterType: 'single-node' }],
    [{ nodeType: 'ra3.xlplus', numberOfNodes: 2 }, { clusterType: 'multi-node', numberOfNodes: 2 }],
    [{ nodeType: 'ra3.4xlarge', numberOfNodes: 2 }, { clusterType: 'multi-node', numberOfNodes: 2 }],
  ])('clusterShape(%j)', (sizing, shape) => expect(clusterShape(sizing)).toEqual(shape));
  it.each([
    [{ nodeType: 'dc2.large', numberOfNodes: 1 }, 'nodeType "dc2.large" is not one of'],
    [{ nodeType: 'ra3.4xlarge', numberOfNodes: 1 }, 'needs at least 2 nodes'],
    [{ nodeType: 'ra3.large', numberOfNodes: 0 }, 'numberOfNodes is 0'],
  ])('rejects %j', (sizing, msg) => expect(() => clusterShape(sizing)).toThrow(msg));
  it('prod keeps a named final snapshot and is protected; dev skips it', () => {
    expect(deletionPolicy(true, 'c', '20260101')).toEqual({ skipFinalSnapshot: false, finalSnapshotIdentifier: 'c-final-20260101', protect: true });
    expect(deletionPolicy(false, 'c', '20260101')).toEqual({ skipFinalSnapshot: true, finalSnapshotIdentifier: undefined, protect: false });
  });
});

describe('MWAA decisions', () => {
  it('enables all five log types', () => {
    expect(Object.keys(mwaaLogging()).sort()).toEqual([...MWAA_LOG_TYPES].sort());
    expect(Object.values(mwaaLogging()).every((l) => l.enabled)).toBe(true);
  });
  it('watches only the pipeline executions', () => {
    const p = mwaaExecutionPolicy({ partition: 'aws', region: 'eu-west-1', accountId: '1', environmentName: 'e', sourceBucketArn: 'arn:aws:s3:::b', kmsKeyArn: 'arn:k', stateMachineArns: ['arn:aws:states:eu-west-1:1:stateMachine:sm'], variableSecretArns: [] });
    expect(p.Statement.find((s) => s.Sid === 'WatchPipeline')?.Resource).toBe('arn:aws:states:eu-west-1:1:execution:sm:*');
  });
  it('starts and watches every product\'s pipeline, and needs at least one', () => {
    const input = { partition: 'aws', region: 'eu-west-1', accountId: '1', environmentName: 'e', sourceBucketArn: 'arn:aws:s3:::b', kmsKeyArn: 'arn:k', variableSecretArns: [] };
    const p = mwaaExecutionPolicy({ ...input, stateMachineArns: ['arn:aws:states:eu-west-1:1:stateMachine:toy', 'arn:aws:states:eu-west-1:1:stateMachine:sm'] });
    expect(p.Statement.find((s) => s.Sid === 'StartPipeline')?.Resource).toEqual(['arn:aws:states:eu-west-1:1:stateMachine:sm', 'arn:aws:states:eu-west-1:1:stateMachine:toy']);
    expect(p.Statement.find((s) => s.Sid === 'WatchPipeline')?.Resource).toEqual(['arn:aws:states:eu-west-1:1:execution:sm:*', 'arn:aws:states:eu-west-1:1:execution:toy:*']);
    expect(() => mwaaExecutionPolicy({ ...input, stateMachineArns: [] })).toThrow('at least one pipeline state machine');
  });
  it('pins the Airflow version and bounds the workers', () => {
    expect(() => validateMwaa({ airflowVersion: '2.10.3', environmentClass: 'mw1.small', maxWorkers: 2 })).not.toThrow();
    expect(() => validateMwaa({ airflowVersion: 'latest', environmentClass: 'mw9' as never, maxWorkers: 0 })).toThrow(/pin one of[\s\S]*environmentClass[\s\S]*maxWorkers is 0/);
  });
  it('trusts both MWAA service principals', () => {
    expect(trustNamesOnlyServices(assumeRolePolicy(['airflow.amazonaws.com', 'airflow-env.amazonaws.com']))).toBe(true);
  });
});
