import * as pulumi from '@pulumi/pulumi';
import { awsMocks } from './testing';

/*
 * The Mwaa component under mocks: the DAG and requirements.txt are uploaded, the environment pins
 * the requirements' object version and reads its Airflow Variables from Secrets Manager, and the
 * execution role may read exactly those secrets. The mocks go in before the component is imported.
 */
interface Created {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  state: Record<string, unknown>;
}
const created: Created[] = [];
const STATE_MACHINE = 'arn:aws:states:eu-west-1:123456789012:stateMachine:finlake-prod-commerce-pipeline';

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    awsMocks((a, state) => {
      if (a.type === 'aws:secretsmanager/secret:Secret') state.arn = `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${a.inputs.name}-AbCdEf`;
      if (a.type === 'aws:s3/bucketObjectv2:BucketObjectv2') state.versionId = `${a.name}-version-1`;
      created.push({ type: a.type, name: a.name, inputs: a.inputs, state });
    }),
    'components',
    'test',
    false,
  );
});

const of = (type: string) => created.filter((r) => r.type === type);

beforeAll(async () => {
  const { Mwaa } = await import('./index');
  await pulumi.runtime.runInPulumiStack(async () => {
    new Mwaa('airflow', {
      prefix: 'finlake-prod',
      airflowVersion: '2.10.3',
      environmentClass: 'mw1.small',
      maxWorkers: 4,
      vpcId: 'vpc-1',
      privateSubnetIds: ['subnet-a', 'subnet-b', 'subnet-c'],
      kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/k',
      sourceBucket: { id: 'scripts-bkt', arn: 'arn:aws:s3:::scripts-bkt' },
      dag: { path: '/repo/apps/airflow/dags/finlake_pipeline.py', sha256: 'd'.repeat(64), fileName: 'finlake_pipeline.py' },
      requirements: { path: '/repo/apps/airflow/requirements.txt', sha256: 'e'.repeat(64) },
      stateMachineArns: [STATE_MACHINE],
      variables: { finlake_state_machine_arns: JSON.stringify({ commerce: STATE_MACHINE }) },
      logRetentionDays: 365,
    });
    return {};
  });
  await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
});

it('uploads the DAG and requirements.txt, and the environment installs the requirements object version it names', () => {
  const objects = Object.fromEntries(of('aws:s3/bucketObjectv2:BucketObjectv2').map((o) => [o.name, o.inputs]));
  expect(objects['airflow-dag']).toMatchObject({ bucket: 'scripts-bkt', key: 'dags/finlake_pipeline.py', metadata: { sha256: 'd'.repeat(64) } });
  expect(objects['airflow-requirements']).toMatchObject({ bucket: 'scripts-bkt', key: 'requirements.txt', metadata: { sha256: 'e'.repeat(64) } });
  const [env] = of('aws:mwaa/environment:Environment');
  // The version the upload reports (the mocks only stand in for its value), not a fixed one.
  const uploaded = of('aws:s3/bucketObjectv2:BucketObjectv2').find((o) => o.name === 'airflow-requirements')!;
  expect(env.inputs).toMatchObject({ dagS3Path: 'dags/', requirementsS3Path: 'requirements.txt', requirementsS3ObjectVersion: uploaded.state.versionId });
});

it('keeps every Airflow Variable in a KMS-encrypted secret under the prefix the secrets backend reads', () => {
  const [env] = of('aws:mwaa/environment:Environment');
  // The provider marks the configuration options secret: the mocks see the wire form.
  const wire = env.inputs.airflowConfigurationOptions as Record<string, unknown>;
  expect(wire[pulumi.runtime.specialSigKey]).toBe(pulumi.runtime.specialSecretSig);
  const options = wire.value as Record<string, string>;
  expect(options['secrets.backend']).toBe('airflow.providers.amazon.aws.secrets.secrets_manager.SecretsManagerBackend');
  const prefix = JSON.parse(options['secrets.backend_kwargs']).variables_prefix;
  const secrets = of('aws:secretsmanager/secret:Secret');
  expect(secrets.map((s) => [s.name, s.inputs.name, s.inputs.kmsKeyId])).toEqual([
    ['airflow-variable-finlake-state-machine-arns', `${prefix}/finlake_state_machine_arns`, 'arn:aws:kms:eu-west-1:123456789012:key/k'],
  ]);
  const versions = of('aws:secretsmanager/secretVersion:SecretVersion');
  expect(versions.map((v) => [v.name, v.inputs.secretId])).toEqual([['airflow-variable-finlake-state-machine-arns-value', 'airflow-variable-finlake-state-machine-arns-id']]);
});

it('lets the execution role read exactly those secrets, and start and watch the state machine', () => {
  const policy = JSON.parse(of('aws:iam/rolePolicy:RolePolicy')[0].inputs.policy as string) as { Statement: { Sid: string; Action: string | string[]; Resource: string | string[] }[] };
  const secretArns = of('aws:secretsmanager/secret:Secret').map((s) => s.state.arn);
  const reading = policy.Statement.filter((s) => [s.Action].flat().some((a) => a.startsWith('secretsmanager:')));
  expect(reading).toEqual([expect.objectContaining({ Sid: 'ReadAirflowVariables', Action: 'secretsmanager:GetSecretValue', Resource: secretArns })]);
  expect(policy.Statement.find((s) => s.Sid === 'StartPipeline')?.Resource).toBe(STATE_MACHINE);
});
