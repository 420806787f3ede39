import { readFileSync } from 'node:fs';
import { policyAllows, type PolicyRequest } from '@finlake/infra-components';
import { AIRFLOW_DAG } from './program';
import { captureStack, CapturedStack } from './testing/capture';
import { ACCOUNT, Rec } from './testing/mocks';

/*
 * Every call a role makes, derived from what calls it: each Task of each rendered state machine,
 * each operator and Airflow Variable of the DAG, each EventBridge target. The tables below say
 * which AWS actions on which resources (and keys) each call needs, after the AWS documentation of
 * the integration; the test checks the role's policy grants every one (IAM evaluation of
 * action, resource and kms:ViaService). A task or operator missing from a table fails the test.
 * Prod, because it is the stack with MWAA.
 */
let c: CapturedStack;
beforeAll(async () => {
  c = await captureStack('prod');
});

const REGION = 'eu-west-1';
const arn = (service: string, resource: string) => `arn:aws:${service}:${REGION}:${ACCOUNT}:${resource}`;
const via = (service: string) => ({ 'kms:ViaService': `${service}.${REGION}.amazonaws.com` });
type Params = Record<string, unknown>;

const of = (type: string) => c.records.filter((r) => r.type === type);
/** The resource with this ARN (not one that merely names it in an `arn` input, which the mocks echo). */
const byArn = (value: unknown) => c.records.find((r) => r.state.arn === value && r.inputs.arn !== value);
/** The inline policy of the role with this ARN (one RolePolicy per role). */
function policyOfRole(roleArn: unknown): string {
  const role = byArn(roleArn);
  if (!role) throw new Error(`No role with ARN ${String(roleArn)}`);
  const policies = of('aws:iam/rolePolicy:RolePolicy').filter((p) => p.inputs.role === role.state.name);
  expect(policies.map((p) => p.name)).toHaveLength(1);
  return policies[0]!.inputs.policy as string;
}
/** The KMS key a resource is encrypted with. */
const keyOf = (r: Rec | undefined, input: string) => {
  const key = r?.inputs[input];
  if (typeof key !== 'string') throw new Error(`${r?.type}::${r?.name} has no ${input}`);
  return key;
};
const topicKey = (topicArn: unknown) => keyOf(byArn(topicArn), 'kmsMasterKeyId');
const secretKey = (secretArn: unknown) =>
  keyOf(
    of('aws:redshift/cluster:Cluster').find((cl) => cl.state.masterPasswordSecretArn === secretArn),
    'masterPasswordSecretKmsKeyId',
  );

/** Step Functions integrations: what the state machine's role needs for one Task. */
const TASK_CALLS: Record<string, (p: Params) => PolicyRequest[]> = {
  'arn:aws:states:::glue:startJobRun.sync': (p) =>
    ['glue:StartJobRun', 'glue:GetJobRun', 'glue:GetJobRuns', 'glue:BatchStopJobRun'].map((action) => ({ action, resource: arn('glue', `job/${p.JobName}`) })),
  'arn:aws:states:::aws-sdk:redshiftdata:executeStatement': (p) => [
    { action: 'redshift-data:ExecuteStatement', resource: arn('redshift', `cluster:${p.ClusterIdentifier}`) },
    // The Data API reads the secret with the caller's credentials.
    { action: 'secretsmanager:GetSecretValue', resource: p.SecretArn as string },
    { action: 'kms:Decrypt', resource: secretKey(p.SecretArn), context: via('secretsmanager') },
  ],
  'arn:aws:states:::aws-sdk:redshiftdata:describeStatement': () => [{ action: 'redshift-data:DescribeStatement', resource: '*' }],
  'arn:aws:states:::aws-sdk:sfn:listExecutions': (p) => [{ action: 'states:ListExecutions', resource: p.StateMachineArn as string }],
  'arn:aws:states:::sns:publish': (p) => [
    { action: 'sns:Publish', resource: p.TopicArn as string },
    { action: 'kms:GenerateDataKey', resource: topicKey(p.TopicArn), context: via('sns') },
    { action: 'kms:Decrypt', resource: topicKey(p.TopicArn), context: via('sns') },
  ],
};

/** A state machine encrypted with a customer key: starting an execution encrypts its input, reading one decrypts it. */
const startExecution = (sm: Rec): PolicyRequest[] => {
  const key = keyOf({ ...sm, inputs: sm.inputs.encryptionConfiguration as Record<string, unknown> }, 'kmsKeyId');
  const context = { ...via('states'), 'kms:EncryptionContext:aws:states:stateMachineArn': sm.state.arn as string };
  return [
    { action: 'states:StartExecution', resource: sm.state.arn as string },
    { action: 'kms:GenerateDataKey', resource: key, context },
  ];
};
const watchExecution = (sm: Rec): PolicyRequest[] => {
  const key = keyOf({ ...sm, inputs: sm.inputs.encryptionConfiguration as Record<string, unknown> }, 'kmsKeyId');
  const context = { ...via('states'), 'kms:EncryptionContext:aws:states:stateMachineArn': sm.state.arn as string };
  return [
    { action: 'states:DescribeExecution', resource: arn('states', `execution:${sm.state.name}:manual-2026-01-01`) },
    { action: 'kms:Decrypt', resource: key, context },
  ];
};

/** The Amazon provider's Step Functions operators and sensor, per state machine the DAG may run. */
const DAG_OPERATOR_CALLS: Record<string, (sm: Rec) => PolicyRequest[]> = {
  StepFunctionStartExecutionOperator: startExecution,
  StepFunctionExecutionSensor: watchExecution,
};

const missing = (policy: string, requests: PolicyRequest[]) =>
  requests.filter((r) => !policyAllows(policy, r)).map((r) => `${r.action} on ${r.resource}${r.context ? ` (${Object.values(r.context)[0]})` : ''}`);

it('each state machine role grants every call its definition makes, and the use of its own key', () => {
  const machines = of('aws:sfn/stateMachine:StateMachine');
  expect(machines.length).toBeGreaterThan(0);
  for (const sm of machines) {
    const policy = policyOfRole(sm.inputs.roleArn);
    const definition = JSON.parse(sm.inputs.definition as string) as { States: Record<string, { Type: string; Resource?: string; Parameters?: Params }> };
    const tasks = Object.entries(definition.States).filter(([, s]) => s.Type === 'Task');
    const unknown = tasks.filter(([, s]) => !TASK_CALLS[s.Resource!]).map(([n, s]) => `${n}: ${s.Resource}`);
    expect({ machine: sm.name, unknown }).toEqual({ machine: sm.name, unknown: [] });
    const key = keyOf({ ...sm, inputs: sm.inputs.encryptionConfiguration as Record<string, unknown> }, 'kmsKeyId');
    const requests = [
      ...tasks.flatMap(([, s]) => TASK_CALLS[s.Resource!]!(s.Parameters ?? {})),
      { action: 'kms:GenerateDataKey', resource: key, context: via('states') },
      { action: 'kms:Decrypt', resource: key, context: via('states') },
    ];
    expect({ machine: sm.name, missing: missing(policy, requests) }).toEqual({ machine: sm.name, missing: [] });
  }
});

it('each EventBridge target role may start (and encrypt the input of) its state machine', () => {
  const targets = of('aws:cloudwatch/eventTarget:EventTarget').filter((t) => byArn(t.inputs.arn)?.type === 'aws:sfn/stateMachine:StateMachine');
  expect(targets.length).toBeGreaterThan(0);
  for (const t of targets) expect({ target: t.name, missing: missing(policyOfRole(t.inputs.roleArn), startExecution(byArn(t.inputs.arn)!)) }).toEqual({ target: t.name, missing: [] });
});

it('the MWAA execution role grants every call of the DAG operators on every state machine, and reads the Variables the DAG reads', () => {
  const dag = readFileSync(AIRFLOW_DAG, 'utf8');
  const operators = [...new Set([...dag.matchAll(/\b(\w+(?:Operator|Sensor))\(/g)].map((m) => m[1]!))].sort();
  expect(operators.length).toBeGreaterThan(0);
  expect(operators.filter((o) => !DAG_OPERATOR_CALLS[o])).toEqual([]);
  const [env] = of('aws:mwaa/environment:Environment');
  const policy = policyOfRole(env!.inputs.executionRoleArn);
  const machines = of('aws:sfn/stateMachine:StateMachine');
  const variables = [...new Set([...dag.matchAll(/\bvar\.(?:json|value)\.(\w+)/g)].map((m) => m[1]!))];
  expect(variables.length).toBeGreaterThan(0);
  const secrets = variables.map((v) => of('aws:secretsmanager/secret:Secret').find((s) => (s.inputs.name as string).endsWith(`/variables/${v}`))!);
  const requests = [
    ...operators.flatMap((o) => machines.flatMap((sm) => DAG_OPERATOR_CALLS[o]!(sm))),
    ...secrets.flatMap((s) => [
      { action: 'secretsmanager:GetSecretValue', resource: s.state.arn as string },
      { action: 'kms:Decrypt', resource: keyOf(s, 'kmsKeyId'), context: via('secretsmanager') },
    ]),
  ];
  expect(missing(policy, requests)).toEqual([]);
});
