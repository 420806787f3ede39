/**
 * The program deploys every registered data product: a throwaway second product (a folder with
 * product.yml and two models, as a real one would be added) is registered, and the dev stack built
 * under mocks gets its Glue job, trigger, state machine, alarms and outputs beside commerce's, while
 * the network, lake, warehouse, Glue catalog and alert topic stay single.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getProduct, loadProductFolder, productLayout, productNames, registerProduct, renderGlueContract, unregisterProduct } from '@finlake/products';
import { TOY_LEDGER, writeToyLedger } from '@finlake/products/testing';
import { policies } from './policy/policies';
import { GLUE_SCRIPT, REPOSITORY_FILES } from './program';
import { captureStack, CapturedStack } from './testing/capture';
import { runPolicies, toPolicyResources } from './testing/policy-graph';

const TOY = TOY_LEDGER;
/** The products the repository registers, deployed before the throwaway one. */
const BUILT_IN = productNames();

const dir = mkdtempSync(join(tmpdir(), 'finlake-infra-product-'));
const contractFile = join(dir, 'contracts', `${TOY}.json`);
let c: CapturedStack;

beforeAll(async () => {
  registerProduct(loadProductFolder(writeToyLedger(TOY, join(dir, 'product'))));
  // The contract the Glue job of the new product opens, rendered as tools/glue-contract.ts would commit it.
  mkdirSync(join(dir, 'contracts'));
  writeFileSync(contractFile, renderGlueContract(getProduct(TOY).contract));
  c = await captureStack('dev', { files: { glueContract: (product) => (product === TOY ? contractFile : REPOSITORY_FILES.glueContract(product)) } });
});

afterAll(() => {
  unregisterProduct(TOY);
  rmSync(dir, { recursive: true, force: true });
});

const of = (type: string) => c.records.filter((r) => r.type === type);
const named = (type: string, name: string) => of(type).find((r) => r.inputs.name === name);
const stateMachineArn = (name: string) => `arn:aws:states:eu-west-1:123456789012:stateMachine:${name}`;

describe('a second registered product', () => {
  it('answers every invoke from the mocks and registers unique resources', () => {
    expect(c.unmocked).toEqual([]);
    const keys = c.records.map((r) => `${r.type}::${r.name}`);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });

  it('gets its own Glue job: the generic script with its own contract', () => {
    expect(of('aws:glue/job:Job').map((j) => j.inputs.name)).toEqual([...BUILT_IN, TOY].sort().map((p) => `finlake-dev-${p}`));
    const job = named('aws:glue/job:Job', `finlake-dev-${TOY}`)!;
    const sha16 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 16);
    const args = job.inputs.defaultArguments as Record<string, string>;
    expect(args['--contract_path']).toBe(`${TOY}.json`);
    expect(args['--extra-files']).toBe(`s3://finlake-dev-scripts-123456789012/glue/finlake-dev-${TOY}/${sha16(contractFile)}/${TOY}.json`);
    expect((job.inputs.command as Record<string, string>).scriptLocation).toBe(`s3://finlake-dev-scripts-123456789012/glue/finlake-dev-${TOY}/${sha16(GLUE_SCRIPT)}.py`);
    expect(JSON.parse(readFileSync(contractFile, 'utf8'))).toMatchObject({ product: TOY, layout: { rawPrefix: `${TOY}/incoming/` } });
    // Only the first product's job answers to the name the single job had.
    expect(of('aws:glue/job:Job').map((j) => [j.name, j.aliases ?? []])).toEqual(
      [...BUILT_IN, TOY].sort().map((p) => [`etl-${p}-job`, p === BUILT_IN[0] ? ['etl-job'] : []]),
    );
  });

  it('gets a trigger on its raw prefix that starts its own state machine, and a schedule', () => {
    const rule = named('aws:cloudwatch/eventRule:EventRule', `finlake-dev-${TOY}-raw-object-created`)!;
    expect(JSON.parse(rule.inputs.eventPattern as string).detail).toEqual({ bucket: { name: ['finlake-dev-raw-123456789012'] }, object: { key: [{ prefix: productLayout(TOY).rawPrefix }] } });
    const targets = of('aws:cloudwatch/eventTarget:EventTarget').filter((t) => t.inputs.rule === rule.inputs.name);
    expect(targets.map((t) => t.inputs.arn)).toEqual([stateMachineArn(`finlake-dev-${TOY}-pipeline`)]);
    // The daily run: EventBridge Scheduler in the product's business time zone (UTC without one), dead-lettering like the rule.
    const schedule = named('aws:scheduler/schedule:Schedule', `finlake-dev-${TOY}-pipeline-schedule`)!;
    const target = schedule.inputs.target as Record<string, unknown>;
    expect([schedule.inputs.scheduleExpressionTimezone, target.arn, JSON.parse(target.input as string)]).toEqual(['UTC', stateMachineArn(`finlake-dev-${TOY}-pipeline`), { trigger: 'schedule' }]);
    expect(target.deadLetterConfig).toEqual(targets[0]!.inputs.deadLetterConfig);
  });

  it('schedules each product in its business time zone', () => {
    const zones = Object.fromEntries(of('aws:scheduler/schedule:Schedule').map((s) => [s.inputs.name, s.inputs.scheduleExpressionTimezone]));
    expect(zones['finlake-dev-balances-pipeline-schedule']).toBe('UTC');
    expect(Object.keys(zones).sort()).toEqual([...BUILT_IN, TOY].sort().map((p) => `finlake-dev-${p}-pipeline-schedule`));
  });

  it(`gets a state machine that runs its Glue job and calls ${TOY}_pipeline.sp_*`, () => {
    expect(of('aws:sfn/stateMachine:StateMachine').map((s) => s.inputs.name)).toEqual([...BUILT_IN, TOY].sort().map((p) => `finlake-dev-${p}-pipeline`));
    const definition = named('aws:sfn/stateMachine:StateMachine', `finlake-dev-${TOY}-pipeline`)!.inputs.definition as string;
    expect(definition).toContain(`CALL ${TOY}_pipeline.sp_copy_processed('finlake-dev-processed-123456789012/${TOY}/')`);
    for (const step of ['sp_build_models()', 'sp_quality_gate()', 'sp_publish()']) expect(definition).toContain(`CALL ${TOY}_pipeline.${step}`);
    expect(definition).not.toContain('commerce');
    expect(JSON.parse(definition).States.RunGlueJob.Parameters.JobName).toBe(`finlake-dev-${TOY}`);
    // Its role may run its own job only.
    const policy = of('aws:iam/rolePolicy:RolePolicy').find((p) => p.name === `orchestration-${TOY}-policy`)!.inputs.policy as string;
    expect(JSON.parse(policy).Statement.find((s: { Sid: string }) => s.Sid === 'RunGlueJob').Resource).toBe(`arn:aws:glue:eu-west-1:123456789012:job/finlake-dev-${TOY}`);
  });

  it('gets execution and Glue failure alarms', () => {
    const alarms = of('aws:cloudwatch/metricAlarm:MetricAlarm');
    expect(alarms.filter((a) => (a.inputs.dimensions as Record<string, string>).StateMachineArn === stateMachineArn(`finlake-dev-${TOY}-pipeline`)).map((a) => a.inputs.metricName)).toEqual([
      'ExecutionsAborted',
      'ExecutionsFailed',
      'ExecutionsTimedOut',
    ]);
    expect(alarms.filter((a) => (a.inputs.dimensions as Record<string, string>).JobName === `finlake-dev-${TOY}`)).toHaveLength(1);
  });

  it('gets its stack outputs beside commerce', () => {
    expect(c.outputs.products).toEqual(
      Object.fromEntries([...BUILT_IN, TOY].map((p) => [p, { glueJobName: `finlake-dev-${p}`, stateMachineArn: stateMachineArn(`finlake-dev-${p}-pipeline`), rawPrefix: `${p}/incoming/` }])),
    );
  });

  it('duplicates no singleton', () => {
    const count = (type: string) => [type, of(type).length];
    for (const type of [
      'aws:ec2/vpc:Vpc',
      'aws:kms/key:Key',
      'aws:redshift/cluster:Cluster',
      'aws:sns/topic:Topic',
      'aws:glue/catalogDatabase:CatalogDatabase',
      'aws:glue/securityConfiguration:SecurityConfiguration',
      'aws:glue/connection:Connection',
      'aws:glue/crawler:Crawler',
      'aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings',
    ]) {
      expect(count(type)).toEqual([type, 1]);
    }
    expect(of('aws:s3/bucket:Bucket').map((b) => b.name).sort()).toEqual(['lake-logs', 'lake-processed', 'lake-quarantine', 'lake-raw', 'lake-scripts']);
    const components = c.records.filter((r) => !r.custom).map((r) => `${r.type}::${r.name}`);
    expect(components.filter((k) => k.startsWith('finlake:infra:Orchestration::')).sort()).toEqual([...BUILT_IN, TOY].map((p) => `finlake:infra:Orchestration::orchestration-${p}`).sort());
    expect(components.filter((k) => !k.startsWith('finlake:infra:Orchestration::')).sort()).toEqual(
      ['DataLake::lake', 'Etl::etl', 'Monitoring::monitoring', 'Network::net', 'Warehouse::warehouse', ...BUILT_IN.filter((p) => getProduct(p).security).map((p) => `WarehouseSql::warehouse-security-${p}`)]
        .map((k) => `finlake:infra:${k}`)
        .sort(),
    );
  });

  it('passes every rule of the policy pack', async () => {
    expect(await runPolicies(policies, toPolicyResources(c.records, 'dev'))).toEqual([]);
  });
});
