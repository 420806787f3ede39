import { airflowConfigurationOptions, checkRequirements, MWAA_LOG_TYPES, mwaaExecutionPolicy, mwaaLogGroupNames, SECRETS_MANAGER_BACKEND, variableSecretName, variablesPrefix, type MwaaRolePolicyInput } from './mwaa.plan';
import { leastPrivilegeProblems } from './policy-document';

const CONSTRAINT = '--constraint "https://raw.githubusercontent.com/apache/airflow/constraints-2.10.3/constraints-3.11.txt"';

describe('Airflow Variables in Secrets Manager', () => {
  it.each([
    ['finlake-prod-airflow', 'finlake_state_machine_arn', 'finlake-prod-airflow/variables/finlake_state_machine_arn'],
    ['finlake-staging-airflow', 'a1', 'finlake-staging-airflow/variables/a1'],
  ])('%s: %s lives in the secret %s', (env, key, secret) => {
    expect(variableSecretName(env, key)).toBe(secret);
    // The backend looks a variable up as <variables_prefix>/<key>.
    expect(secret).toBe(`${JSON.parse(airflowConfigurationOptions(env)['secrets.backend_kwargs']).variables_prefix}/${key}`);
  });

  it.each(['State_Machine', '1st', 'a-b', 'a/b', ''])('refuses the variable name %j', (key) => {
    expect(() => variableSecretName('e', key)).toThrow('must be snake_case');
  });

  it('points the secrets backend at the variables prefix, for variables only', () => {
    const options = airflowConfigurationOptions('finlake-prod-airflow');
    expect(options).toEqual({
      'core.load_examples': 'false',
      'secrets.backend': SECRETS_MANAGER_BACKEND,
      'secrets.backend_kwargs': '{"connections_prefix":null,"variables_prefix":"finlake-prod-airflow/variables"}',
    });
    expect(SECRETS_MANAGER_BACKEND).toBe('airflow.providers.amazon.aws.secrets.secrets_manager.SecretsManagerBackend');
    expect(variablesPrefix('e')).toBe('e/variables');
  });
});

describe('the execution role reads exactly the variable secrets', () => {
  const input: MwaaRolePolicyInput = {
    partition: 'aws',
    region: 'eu-west-1',
    accountId: '123456789012',
    environmentName: 'finlake-prod-airflow',
    sourceBucketArn: 'arn:aws:s3:::scripts',
    kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/k',
    stateMachineArns: ['arn:aws:states:eu-west-1:123456789012:stateMachine:finlake-prod-commerce-pipeline'],
    variableSecretArns: ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:finlake-prod-airflow/variables/b-AbCdEf', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:finlake-prod-airflow/variables/a-GhIjKl'],
  };
  const secretStatements = (p: ReturnType<typeof mwaaExecutionPolicy>) => p.Statement.filter((s) => [s.Action].flat().some((a) => a.startsWith('secretsmanager:')));

  it('GetSecretValue on the listed secrets only, no wildcard', () => {
    const p = mwaaExecutionPolicy(input);
    expect(secretStatements(p)).toEqual([{ Sid: 'ReadAirflowVariables', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: [...input.variableSecretArns].sort() }]);
    expect(leastPrivilegeProblems(p)).toEqual([]);
  });

  it('decrypts with the lake key only through Secrets Manager', () => {
    expect(mwaaExecutionPolicy(input).Statement.find((s) => s.Sid === 'DecryptAirflowVariables')).toEqual({
      Sid: 'DecryptAirflowVariables',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: input.kmsKeyArn,
      Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
    });
  });

  it('uses the lake key for the encrypted state machines only through Step Functions', () => {
    expect(mwaaExecutionPolicy(input).Statement.find((s) => s.Sid === 'UsePipelineKey')).toEqual({
      Sid: 'UsePipelineKey',
      Effect: 'Allow',
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: input.kmsKeyArn,
      Condition: { StringEquals: { 'kms:ViaService': 'states.eu-west-1.amazonaws.com' } },
    });
  });

  it('without variables, no Secrets Manager access at all', () => {
    const p = mwaaExecutionPolicy({ ...input, variableSecretArns: [] });
    expect(secretStatements(p)).toEqual([]);
    expect(p.Statement.find((s) => s.Sid === 'DecryptAirflowVariables')).toBeUndefined();
  });
});

describe('checkRequirements', () => {
  it.each([
    ['the constraint and a pinned provider', `${CONSTRAINT}\napache-airflow-providers-amazon==9.0.0\n`],
    ['comments and blank lines', `# why\n\n${CONSTRAINT}\n\n# the provider\napache-airflow-providers-amazon[aiobotocore]==9.0.0\n`],
  ])('accepts %s', (_what, text) => {
    expect(() => checkRequirements(text, '2.10.3')).not.toThrow();
  });

  it.each([
    ['no constraint', 'apache-airflow-providers-amazon==9.0.0', '2.10.3', 'no --constraint line'],
    ['the constraint of another Airflow', `${CONSTRAINT}\n`, '2.11.0', 'is not for Airflow 2.11.0'],
    ['an unpinned package', `${CONSTRAINT}\napache-airflow-providers-amazon>=9`, '2.10.3', '"apache-airflow-providers-amazon>=9" is not pinned with =='],
    ['a bare package', `${CONSTRAINT}\nboto3`, '2.10.3', '"boto3" is not pinned'],
  ])('refuses %s', (_what, text, airflowVersion, message) => {
    expect(() => checkRequirements(text, airflowVersion)).toThrow(message);
  });
});

describe('mwaaLogGroupNames', () => {
  it('one group per log type, named airflow-<environment>-<Kind> as MWAA does', () => {
    expect(mwaaLogGroupNames('finlake-prod-airflow')).toEqual({
      dagProcessingLogs: 'airflow-finlake-prod-airflow-DAGProcessing',
      schedulerLogs: 'airflow-finlake-prod-airflow-Scheduler',
      taskLogs: 'airflow-finlake-prod-airflow-Task',
      webserverLogs: 'airflow-finlake-prod-airflow-WebServer',
      workerLogs: 'airflow-finlake-prod-airflow-Worker',
    });
    expect(Object.keys(mwaaLogGroupNames('e'))).toEqual([...MWAA_LOG_TYPES]);
  });
});
