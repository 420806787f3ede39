import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkRequirements } from '@finlake/infra-components';
import { allProducts, productLayout } from '@finlake/products';
import { captureStack, CapturedStack } from './testing/capture';
import { ROOT } from './testing/stack-config';

/*
 * The files the program uploads (prod: Glue and MWAA) are the repository's files, and what the
 * Glue jobs and the DAG need is there: the job's module and each product's contract, the DAG's
 * Airflow Variables and its provider package.
 */
let c: CapturedStack;
beforeAll(async () => {
  c = await captureStack('prod');
});

const read = (rel: string) => readFileSync(path.join(ROOT, rel));
const sha16 = (rel: string) => createHash('sha256').update(read(rel)).digest('hex').slice(0, 16);
const of = (type: string) => c.records.filter((r) => r.type === type);
const objectKeys = () => of('aws:s3/bucketObjectv2:BucketObjectv2').map((o) => o.inputs.key as string);

describe.each(allProducts().map((p) => p.name))('the Glue job of %s', (product) => {
  const job = `finlake-prod-${productLayout(product).jobBaseName}`;
  const contract = `apps/glue/${productLayout(product).glueContractFile}`;
  const contractName = path.basename(contract);

  it('gets the current script, module and its own contract, by content hash', () => {
    expect(objectKeys()).toEqual(
      expect.arrayContaining([
        `glue/${job}/${sha16('apps/glue/finlake_job.py')}.py`,
        `glue/${job}/${sha16('apps/glue/contract_rules.py')}/contract_rules.py`,
        `glue/${job}/${sha16(contract)}/${contractName}`,
      ]),
    );
  });

  it('is passed the module, the contract and where to find the contract', () => {
    const args = of('aws:glue/job:Job').find((j) => j.inputs.name === job)!.inputs.defaultArguments as Record<string, string>;
    const scripts = (c.outputs.bucketNames as Record<string, string>).scripts;
    expect(args['--extra-py-files']).toBe(`s3://${scripts}/glue/${job}/${sha16('apps/glue/contract_rules.py')}/contract_rules.py`);
    expect(args['--extra-files']).toBe(`s3://${scripts}/glue/${job}/${sha16(contract)}/${contractName}`);
    expect(args['--contract_path']).toBe(contractName);
    // The contract names the product: the generic script reads it from there.
    expect(JSON.parse(read(contract).toString()).product).toBe(product);
  });
});

describe('the Glue job script', () => {
  it('imports exactly the modules it is given (besides the standard library and Spark/Glue)', () => {
    const imports = [...read('apps/glue/finlake_job.py').toString().matchAll(/^import (\w+)(?: as \w+)?$/gm)].map((m) => m[1]);
    expect(imports.filter((m) => !['csv', 'datetime', 'hashlib', 'io', 'json', 'os', 'sys'].includes(m))).toEqual(['contract_rules']);
  });
});

describe('the MWAA environment', () => {
  const dag = read('apps/airflow/dags/finlake_pipeline.py').toString();
  const requirements = read('apps/airflow/requirements.txt').toString();

  it('has a secret for every Airflow Variable the DAG reads, and no other', () => {
    const read_ = [...dag.matchAll(/var\.(?:value|json)\.(\w+)|Variable\.get\(\s*["'](\w+)["']/g)].map((m) => m[1] ?? m[2]);
    expect(read_.length).toBeGreaterThan(0);
    const secrets = of('aws:secretsmanager/secret:Secret').filter((s) => String(s.inputs.name).startsWith('finlake-prod-airflow/variables/'));
    expect(secrets.map((s) => String(s.inputs.name).split('/').pop()).sort()).toEqual([...new Set(read_)].sort());
  });

  it('writes every product\'s state machine ARN into that variable, keyed by product', () => {
    const version = of('aws:secretsmanager/secretVersion:SecretVersion').find((v) => v.name === 'airflow-variable-finlake-state-machine-arns-value')!;
    expect(version.inputs.secretString).toBe('[secret]');
    // The value, as the provider receives it (a secret's wire form), from the mocks' state.
    const wire = version.state.secretString as string | { value: string };
    const products = c.outputs.products as Record<string, { stateMachineArn: string }>;
    expect(JSON.parse(typeof wire === 'string' ? wire : wire.value)).toEqual(Object.fromEntries(Object.entries(products).map(([name, p]) => [name, p.stateMachineArn])));
  });

  it('starts the state machine of the product the run names, from a variable keyed by product', () => {
    expect(dag).toContain('{{ var.json.finlake_state_machine_arns[params.product] }}');
    expect(dag).toMatch(/params=\{"product": Param\(type="string"/);
  });

  it('installs the pinned provider package the DAG imports, for the pinned Airflow version', () => {
    const providers = new Set([...dag.matchAll(/^from airflow\.providers\.(\w+)\./gm)].map((m) => `apache-airflow-providers-${m[1]}`));
    expect([...providers]).toEqual(['apache-airflow-providers-amazon']);
    for (const p of providers) expect(requirements).toMatch(new RegExp(`^${p}(\\[[\\w,]+\\])?==\\d`, 'm'));
    expect(() => checkRequirements(requirements, c.config.mwaaAirflowVersion)).not.toThrow();
  });

  it('uploads the current DAG and requirements, and pins the requirements object version', () => {
    const objects = of('aws:s3/bucketObjectv2:BucketObjectv2');
    const sha = (rel: string) => createHash('sha256').update(read(rel)).digest('hex');
    expect(objects.find((o) => o.inputs.key === 'dags/finlake_pipeline.py')?.inputs.metadata).toEqual({ sha256: sha('apps/airflow/dags/finlake_pipeline.py') });
    const req = objects.find((o) => o.inputs.key === 'requirements.txt')!;
    expect(req.inputs.metadata).toEqual({ sha256: sha('apps/airflow/requirements.txt') });
    expect(of('aws:mwaa/environment:Environment')[0].inputs).toMatchObject({ requirementsS3Path: 'requirements.txt', requirementsS3ObjectVersion: req.state.versionId });
  });

  it('uploads the requirements into a versioned bucket (S3 reports no object version otherwise, and the environment pins none)', () => {
    const req = of('aws:s3/bucketObjectv2:BucketObjectv2').find((o) => o.inputs.key === 'requirements.txt')!;
    const versioning = of('aws:s3/bucketVersioning:BucketVersioning').filter((v) => v.inputs.bucket === req.inputs.bucket);
    expect(versioning.map((v) => (v.inputs.versioningConfiguration as { status: string }).status)).toEqual(['Enabled']);
  });
});
