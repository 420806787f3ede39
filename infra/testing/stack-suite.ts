import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { glueLogGroupNames, mwaaLogGroupNames, policyAllows } from '@finlake/infra-components';
import { allProducts, businessTimeZone, productLayout } from '@finlake/products';
import { PLAN_COMMAND, planFile } from '../plan';
import { policies } from '../policy/policies';
import { captureStack, CapturedStack } from './capture';
import { Rec } from './mocks';
import { renderPlan } from './plan-render';
import { runPolicies, toPolicyResources } from './policy-graph';
import { ROOT, StackName } from './stack-config';

export interface StackExpectations {
  azs: number;
  natGateways: number;
  nodeType: string;
  clusterType: 'single-node' | 'multi-node';
  keepFinalSnapshot: boolean;
  protectData: boolean;
  logRetentionDays: number;
  mwaa: boolean;
}

const T = {
  bucket: 'aws:s3/bucket:Bucket',
  cluster: 'aws:redshift/cluster:Cluster',
  subnet: 'aws:ec2/subnet:Subnet',
  rta: 'aws:ec2/routeTableAssociation:RouteTableAssociation',
  route: 'aws:ec2/route:Route',
  endpoint: 'aws:ec2/vpcEndpoint:VpcEndpoint',
  nat: 'aws:ec2/natGateway:NatGateway',
  sg: 'aws:ec2/securityGroup:SecurityGroup',
};

/**
 * The tests every stack gets. One capture per test file (Pulumi's runtime is global per process,
 * and jest gives each file its own module registry and worker).
 */
export function describeStack(stack: StackName, expected: StackExpectations) {
  describe(`stack ${stack}`, () => {
    let c: CapturedStack;
    const of = (type: string) => c.records.filter((r) => r.type === type);
    const byId = (id: unknown) => c.records.find((r) => r.id === id);
    const one = (type: string) => {
      const all = of(type);
      expect(all.map((r) => r.name)).toHaveLength(1);
      return all[0];
    };

    beforeAll(async () => {
      c = await captureStack(stack);
    });

    it('answers every invoke from the mocks and registers unique resources', () => {
      expect(c.unmocked).toEqual([]);
      const keys = c.records.map((r) => `${r.type}::${r.name}`);
      expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
      expect(c.records.length).toBeGreaterThan(80);
    });

    it('parents every AWS resource under a component', () => {
      const components = new Set(c.records.filter((r) => !r.custom).map((r) => `${r.type}::${r.name}`));
      expect([...components].sort()).toEqual(
        [
          'finlake:infra:DataLake::lake',
          'finlake:infra:Etl::etl',
          'finlake:infra:Monitoring::monitoring',
          'finlake:infra:Network::net',
          ...allProducts().map((p) => `finlake:infra:Orchestration::orchestration-${p.name}`),
          'finlake:infra:Warehouse::warehouse',
          ...allProducts().filter((p) => p.security).map((p) => `finlake:infra:WarehouseSql::warehouse-security-${p.name}`),
          ...(expected.mwaa ? ['finlake:infra:Mwaa::airflow'] : []),
        ].sort(),
      );
      const keyed = new Map(c.records.map((r) => [`${r.type}::${r.name}`, r]));
      const root = (r: Rec): Rec => (r.parent ? root(keyed.get(r.parent)!) : r);
      const orphans = c.records.filter((r) => r.custom && !components.has(`${root(r).type}::${root(r).name}`)).map((r) => `${r.type}::${r.name}`);
      expect(orphans).toEqual([]);
    });

    it(`spans ${expected.azs} AZs with one public and one private subnet each`, () => {
      const subnets = of(T.subnet);
      expect(new Set(subnets.map((s) => s.inputs.availabilityZone)).size).toBe(expected.azs);
      expect(subnets.filter((s) => (s.inputs.tags as Record<string, string>).tier === 'private')).toHaveLength(expected.azs);
      expect(subnets.every((s) => s.inputs.mapPublicIpOnLaunch === false)).toBe(true);
    });

    it(`has ${expected.natGateways} NAT gateway(s), and every private route table has the S3 endpoint and a NAT route`, () => {
      expect(of(T.nat)).toHaveLength(expected.natGateways);
      const privateSubnetIds = new Set(of(T.subnet).filter((s) => (s.inputs.tags as Record<string, string>).tier === 'private').map((s) => s.id));
      const privateTables = of(T.rta).filter((a) => privateSubnetIds.has(a.inputs.subnetId as string)).map((a) => a.inputs.routeTableId as string);
      expect(privateTables).toHaveLength(expected.azs);
      const endpoint = one(T.endpoint);
      expect(endpoint.inputs.serviceName).toBe(`com.amazonaws.${c.config.region}.s3`);
      expect(endpoint.inputs.vpcEndpointType).toBe('Gateway');
      expect([...(endpoint.inputs.routeTableIds as string[])].sort()).toEqual([...privateTables].sort());
      const natIds = new Set(of(T.nat).map((n) => n.id));
      for (const table of privateTables) {
        const routes = of(T.route).filter((r) => r.inputs.routeTableId === table);
        expect(routes.map((r) => [r.inputs.destinationCidrBlock, natIds.has(r.inputs.natGatewayId as string)])).toEqual([['0.0.0.0/0', true]]);
      }
    });

    it('keeps the Redshift cluster private, encrypted and sized from config', () => {
      const cluster = one(T.cluster).inputs;
      const key = one('aws:kms/key:Key');
      expect(cluster).toMatchObject({
        publiclyAccessible: false,
        encrypted: 'true',
        kmsKeyId: key.state.arn,
        enhancedVpcRouting: true,
        manageMasterPassword: true,
        nodeType: expected.nodeType,
        clusterType: expected.clusterType,
        skipFinalSnapshot: !expected.keepFinalSnapshot,
      });
      expect(one(T.cluster).protect ?? false).toBe(expected.keepFinalSnapshot);
      // The subnet group holds exactly the private subnets, in >= 2 AZs.
      const group = one('aws:redshift/subnetGroup:SubnetGroup').inputs;
      const groupSubnets = (group.subnetIds as string[]).map((id) => byId(id)!);
      expect(groupSubnets.map((s) => (s.inputs.tags as Record<string, string>).tier)).toEqual(Array(expected.azs).fill('private'));
      // 5439 only from inside the VPC.
      const sg = of(T.sg).find((s) => s.name === 'warehouse-sg')!.inputs;
      expect(sg.ingress).toEqual([expect.objectContaining({ fromPort: 5439, toPort: 5439, cidrBlocks: [one('aws:ec2/vpc:Vpc').inputs.cidrBlock] })]);
    });

    it('creates each state machine after its role policy (AWS checks the log permissions when it is created)', () => {
      const machines = of('aws:sfn/stateMachine:StateMachine');
      expect(machines.length).toBe(allProducts().length);
      for (const sm of machines) {
        const role = c.records.find((r) => r.type === 'aws:iam/role:Role' && r.state.arn === sm.inputs.roleArn)!;
        const policies = of('aws:iam/rolePolicy:RolePolicy').filter((p) => p.inputs.role === role.state.name).map((p) => `${p.type}::${p.name}`);
        expect(policies).toHaveLength(1);
        expect([sm.name, sm.dependsOn ?? []]).toEqual([sm.name, expect.arrayContaining(policies)]);
      }
    });

    it('creates every log group Glue and MWAA write to, before they would (with retention and the lake key)', () => {
      const groups = new Map(of('aws:cloudwatch/logGroup:LogGroup').map((g) => [g.inputs.name as string, g]));
      const roleName = (roleArn: unknown) => c.records.find((r) => r.type === 'aws:iam/role:Role' && r.state.arn === roleArn)!.inputs.name as string;
      const expectedNames = [
        ...of('aws:glue/job:Job').flatMap((j) => glueLogGroupNames(j.inputs.securityConfiguration as string, roleName(j.inputs.roleArn)).jobs),
        ...of('aws:glue/crawler:Crawler').map((cr) => glueLogGroupNames(cr.inputs.securityConfiguration as string, roleName(cr.inputs.role)).crawler),
        ...of('aws:mwaa/environment:Environment').flatMap((e) => Object.values(mwaaLogGroupNames(e.inputs.name as string))),
      ];
      expect(expectedNames.length).toBeGreaterThan(2);
      const key = one('aws:kms/key:Key').state.arn;
      expect(expectedNames.filter((n) => groups.get(n)?.inputs.kmsKeyId !== key || groups.get(n)?.inputs.retentionInDays !== expected.logRetentionDays)).toEqual([]);
      for (const e of of('aws:mwaa/environment:Environment')) {
        const mine = Object.values(mwaaLogGroupNames(e.inputs.name as string)).map((n) => `aws:cloudwatch/logGroup:LogGroup::${groups.get(n)!.name}`);
        expect(e.dependsOn).toEqual(expect.arrayContaining(mine));
      }
    });

    it('gives every EventBridge target a retry policy, a dead-letter queue it may write to, and alarms on failed invocations and dead letters', () => {
      const targets = of('aws:cloudwatch/eventTarget:EventTarget');
      expect(targets.length).toBe(allProducts().length);
      const alarms = of('aws:cloudwatch/metricAlarm:MetricAlarm');
      const topic = one('aws:sns/topic:Topic').state.arn;
      const problems: string[] = [];
      for (const t of targets) {
        const rule = of('aws:cloudwatch/eventRule:EventRule').find((r) => r.state.name === t.inputs.rule)!;
        const retry = t.inputs.retryPolicy as { maximumRetryAttempts?: number; maximumEventAgeInSeconds?: number } | undefined;
        if (!(retry && retry.maximumRetryAttempts! > 0 && retry.maximumEventAgeInSeconds! >= 60)) problems.push(`${t.name}: no retry policy`);
        const dlqArn = (t.inputs.deadLetterConfig as { arn?: string } | undefined)?.arn;
        const queue = of('aws:sqs/queue:Queue').find((q) => q.state.arn === dlqArn);
        if (!queue) problems.push(`${t.name}: no dead-letter queue`);
        else {
          const policy = of('aws:sqs/queuePolicy:QueuePolicy').find((p) => p.inputs.queueUrl === queue.state.url || p.inputs.queueUrl === queue.id);
          // The queue policy is a resource policy: the events principal, from this rule only.
          const forEvents = policy && JSON.parse(policy.inputs.policy as string);
          const allowsRule =
            forEvents &&
            (forEvents.Statement as { Principal?: { Service?: string } }[]).every((st) => st.Principal?.Service === 'events.amazonaws.com') &&
            policyAllows(forEvents, { action: 'sqs:SendMessage', resource: queue.state.arn as string, context: { 'aws:SourceArn': rule.state.arn as string } });
          if (!allowsRule) problems.push(`${t.name}: EventBridge may not send to ${queue.name} from ${rule.name}`);
          if (queue.inputs.kmsMasterKeyId !== one('aws:kms/key:Key').state.arn) problems.push(`${queue.name}: not encrypted with the lake key`);
          const depth = alarms.find((a) => a.inputs.namespace === 'AWS/SQS' && (a.inputs.dimensions as Record<string, string>).QueueName === queue.inputs.name);
          if (!depth || !(depth.inputs.alarmActions as string[]).includes(topic as string)) problems.push(`${queue.name}: no dead-letter alarm`);
        }
        const failed = alarms.find((a) => a.inputs.namespace === 'AWS/Events' && a.inputs.metricName === 'FailedInvocations' && (a.inputs.dimensions as Record<string, string>).RuleName === t.inputs.rule);
        if (!failed || !(failed.inputs.alarmActions as string[]).includes(topic as string)) problems.push(`${t.name}: no failed-invocation alarm`);
      }
      expect(problems).toEqual([]);
    });

    it('gives Athena one workgroup over the catalog: its settings enforced, results SSE-KMS with the lake key in the processed bucket, a scan limit', () => {
      const wg = one('aws:athena/workgroup:Workgroup');
      const config = wg.inputs.configuration as { enforceWorkgroupConfiguration: boolean; bytesScannedCutoffPerQuery: number; resultConfiguration: { outputLocation: string; encryptionConfiguration: { encryptionOption: string; kmsKeyArn: string } } };
      const processed = of('aws:s3/bucket:Bucket').find((b) => (b.inputs.tags as Record<string, string>)?.purpose === 'processed')!;
      expect([config.enforceWorkgroupConfiguration, config.bytesScannedCutoffPerQuery > 0, config.resultConfiguration.outputLocation, config.resultConfiguration.encryptionConfiguration]).toEqual([
        true,
        true,
        `s3://${processed.state.bucket as string}/athena-results/`,
        { encryptionOption: 'SSE_KMS', kmsKeyArn: one('aws:kms/key:Key').state.arn },
      ]);
    });

    it('runs every product daily from an EventBridge Scheduler schedule in its business time zone, retried, dead-lettered with the role it starts the state machine with', () => {
      const schedules = of('aws:scheduler/schedule:Schedule');
      expect(schedules.map((s) => s.inputs.name).sort()).toEqual(allProducts().map((p) => `finlake-${stack}-${p.name}-pipeline-schedule`).sort());
      const problems: string[] = [];
      for (const s of schedules) {
        const product = allProducts().find((p) => s.inputs.name === `finlake-${stack}-${p.name}-pipeline-schedule`)!;
        if (s.inputs.scheduleExpressionTimezone !== businessTimeZone(product)) problems.push(`${s.name}: not in ${businessTimeZone(product)}`);
        const target = s.inputs.target as { arn: string; roleArn: string; retryPolicy?: { maximumRetryAttempts?: number }; deadLetterConfig?: { arn?: string } };
        if (!((target.retryPolicy?.maximumRetryAttempts ?? 0) > 0)) problems.push(`${s.name}: no retry policy`);
        const queue = of('aws:sqs/queue:Queue').find((q) => q.state.arn === target.deadLetterConfig?.arn);
        if (!queue) problems.push(`${s.name}: no dead-letter queue`);
        const role = of('aws:iam/role:Role').find((r) => r.state.arn === target.roleArn)!;
        const policy = JSON.parse(of('aws:iam/rolePolicy:RolePolicy').find((p) => p.inputs.role === role.state.name || p.inputs.role === role.state.id)!.inputs.policy as string);
        if (!policyAllows(policy, { action: 'states:StartExecution', resource: target.arn })) problems.push(`${s.name}: its role may not start ${target.arn}`);
        if (queue && !policyAllows(policy, { action: 'sqs:SendMessage', resource: queue.state.arn as string })) problems.push(`${s.name}: its role may not dead-letter to ${queue.name}`);
      }
      expect(problems).toEqual([]);
    });

    it('deletes before replacing every resource with a fixed physical name (a second one of that name cannot exist beside it)', () => {
      // Buckets and the cluster are named by other inputs and hold data: a replacement must fail there, not delete.
      const named = c.records.filter((r) => r.custom && typeof r.inputs.name === 'string');
      expect(named.length).toBeGreaterThan(20);
      expect(named.filter((r) => !r.deleteBeforeReplace).map((r) => `${r.type}::${r.name}`)).toEqual([]);
    });

    it('subscribes the configured alert address (required in prod)', () => {
      const subscriptions = of('aws:sns/topicSubscription:TopicSubscription').map((s) => [s.inputs.protocol, s.inputs.endpoint]);
      expect(subscriptions).toEqual(c.config.alertEmail ? [['email', c.config.alertEmail]] : []);
      if (stack === 'prod') expect(subscriptions).toHaveLength(1);
    });

    it('has no plaintext password in any resource input', () => {
      const offenders: string[] = [];
      const walk = (where: string, v: unknown) => {
        if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) {
          // A plaintext password is a string under a password-ish key (a KMS key id for the secret is fine).
          if (/password/i.test(k) && typeof x === 'string' && k !== 'masterPasswordSecretKmsKeyId') offenders.push(`${where}.${k}`);
          walk(`${where}.${k}`, x);
        }
      };
      for (const r of c.records) walk(`${r.type}::${r.name}`, r.inputs);
      expect(offenders).toEqual([]);
      // The exported secret is the one Redshift manages for the cluster (not a value built by hand).
      expect(one(T.cluster).inputs.manageMasterPassword).toBe(true);
      expect(c.outputs.clusterSecretArn).toBe(one(T.cluster).state.masterPasswordSecretArn);
    });

    it(`protects data per stack (protect=${expected.protectData}) and keeps logs ${expected.logRetentionDays} days`, () => {
      for (const b of of(T.bucket)) {
        expect([b.name, b.protect ?? false, b.retainOnDelete ?? false]).toEqual([b.name, expected.protectData, expected.protectData]);
        expect([b.name, b.inputs.forceDestroy]).toEqual([b.name, stack === 'dev']);
      }
      for (const g of of('aws:cloudwatch/logGroup:LogGroup')) expect([g.name, g.inputs.retentionInDays]).toEqual([g.name, expected.logRetentionDays]);
    });

    it(expected.mwaa ? 'runs a private MWAA environment in two private subnets with all logs' : 'has no MWAA environment', () => {
      const envs = of('aws:mwaa/environment:Environment');
      expect(envs).toHaveLength(expected.mwaa ? 1 : 0);
      if (!expected.mwaa) return;
      const env = envs[0].inputs as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
      expect(env).toMatchObject({ webserverAccessMode: 'PRIVATE_ONLY', airflowVersion: '2.10.3', dagS3Path: 'dags/' });
      const subnets = (env.networkConfiguration.subnetIds as string[]).map((id) => byId(id)!);
      expect(subnets.map((s) => (s.inputs.tags as Record<string, string>).tier)).toEqual(['private', 'private']);
      expect(new Set(subnets.map((s) => s.inputs.availabilityZone)).size).toBe(2);
      const source = byId(env.sourceBucketArn) ?? c.records.find((r) => r.state.arn === env.sourceBucketArn)!;
      expect((source.inputs.tags as Record<string, string>).purpose).toBe('scripts');
    });

    it('exports bucket names, cluster endpoint, secret ARN, and per product its Glue job, state machine ARN and raw prefix', () => {
      expect(Object.keys(c.outputs.bucketNames as object).sort()).toEqual(['logs', 'processed', 'quarantine', 'raw', 'scripts']);
      // The cluster's own endpoint attribute (the mocks only stand in for its value).
      expect(c.outputs.clusterEndpoint).toBe(one(T.cluster).state.endpoint);
      const products = c.outputs.products as Record<string, { glueJobName: string; stateMachineArn: string; rawPrefix: string }>;
      expect(Object.keys(products).sort()).toEqual(allProducts().map((p) => p.name).sort());
      for (const [name, out] of Object.entries(products)) {
        expect(out).toEqual({
          glueJobName: `finlake-${stack}-${productLayout(name).jobBaseName}`,
          stateMachineArn: expect.stringMatching(new RegExp(`:stateMachine:finlake-${stack}-${name}-pipeline$`)),
          rawPrefix: productLayout(name).rawPrefix,
        });
      }
    });

    it('passes every rule of the policy pack', async () => {
      const violations = await runPolicies(policies, toPolicyResources(c.records, stack));
      expect(violations).toEqual([]);
    });

    it('matches the committed offline plan', () => {
      const file = planFile(stack);
      const actual = renderPlan(stack, c.records);
      const committed = existsSync(file) ? readFileSync(file, 'utf8') : '';
      if (committed !== actual) {
        throw new Error(`${path.relative(ROOT, file)} is stale: the infrastructure changed. Run \`${PLAN_COMMAND}\`, review the diff and commit it.`);
      }
    });
  });
}
