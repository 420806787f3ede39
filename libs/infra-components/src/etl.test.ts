import * as pulumi from '@pulumi/pulumi';
import { awsMocks } from './testing';

/*
 * The Etl component under mocks: the script, its module and its contract are uploaded under keys
 * carrying their hashes, and the job's default arguments point at exactly those objects. The
 * mocks go in before the component is imported.
 */
interface Created {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}
const created: Created[] = [];

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    awsMocks((a) => void created.push({ type: a.type, name: a.name, inputs: a.inputs })),
    'components',
    'test',
    false,
  );
});

const MODULE_HASH = '1'.repeat(64);
const CONTRACT_HASH = '2'.repeat(64);

it('uploads each job\'s script, module and contract under hashed keys and passes them to that job; the shared resources exist once', async () => {
  const { Etl, defaultGlueJob } = await import('./index');
  await pulumi.runtime.runInPulumiStack(async () => {
    const bucket = (p: string) => ({ id: `${p}-bkt`, name: `${p}-bkt`, arn: `arn:aws:s3:::${p}-bkt` });
    new Etl('etl', {
      prefix: 'finlake-dev',
      kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/k',
      vpcId: 'vpc-1',
      subnet: { id: 'subnet-1', az: 'eu-west-1a' },
      buckets: { raw: bucket('raw'), processed: bucket('processed'), quarantine: bucket('quarantine'), scripts: bucket('scripts') },
      jobs: ['commerce', 'toy'].map((product) => ({
        key: product,
        jobBaseName: product,
        script: { path: '/repo/apps/glue/finlake_job.py', sha256: '0'.repeat(64) },
        pyFiles: [{ path: '/repo/apps/glue/contract_rules.py', sha256: MODULE_HASH }],
        extraFiles: [{ path: `/repo/apps/glue/contracts/${product}.json`, sha256: CONTRACT_HASH }],
        jobArguments: { '--contract_path': `${product}.json` },
      })),
      job: defaultGlueJob({ numberOfWorkers: 2, timeoutMinutes: 60 }),
      manageCatalogEncryption: false,
      logRetentionDays: 30,
    });
    return {};
  });
  await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();

  const objects = created.filter((r) => r.type === 'aws:s3/bucketObjectv2:BucketObjectv2');
  expect(objects.map((o) => [o.name, o.inputs.bucket, o.inputs.key, o.inputs.contentType])).toEqual(
    ['commerce', 'toy'].flatMap((p) => [
      [`etl-${p}-script`, 'scripts-bkt', `glue/finlake-dev-${p}/0000000000000000.py`, 'text/x-python'],
      [`etl-${p}-file-contract-rules-py`, 'scripts-bkt', `glue/finlake-dev-${p}/1111111111111111/contract_rules.py`, 'text/x-python'],
      [`etl-${p}-file-${p}-json`, 'scripts-bkt', `glue/finlake-dev-${p}/2222222222222222/${p}.json`, 'application/json'],
    ]),
  );

  const jobs = created.filter((r) => r.type === 'aws:glue/job:Job');
  expect(jobs.map((j) => [j.name, j.inputs.name])).toEqual([
    ['etl-commerce-job', 'finlake-dev-commerce'],
    ['etl-toy-job', 'finlake-dev-toy'],
  ]);
  for (const type of ['aws:glue/catalogDatabase:CatalogDatabase', 'aws:glue/securityConfiguration:SecurityConfiguration', 'aws:glue/connection:Connection', 'aws:glue/crawler:Crawler', 'aws:iam/role:Role']) {
    expect([type, created.filter((r) => r.type === type).length]).toEqual([type, 1]);
  }
  expect((jobs[1].inputs.defaultArguments as Record<string, string>)['--contract_path']).toBe('toy.json');
  const job = jobs[0];
  expect(job.inputs.defaultArguments).toEqual({
    '--job-bookmark-option': 'job-bookmark-enable',
    '--enable-metrics': 'true',
    '--enable-continuous-cloudwatch-log': 'true',
    '--TempDir': 's3://scripts-bkt/tmp/',
    '--extra-py-files': 's3://scripts-bkt/glue/finlake-dev-commerce/1111111111111111/contract_rules.py',
    '--extra-files': 's3://scripts-bkt/glue/finlake-dev-commerce/2222222222222222/commerce.json',
    '--contract_path': 'commerce.json',
    '--raw_bucket': 'raw-bkt',
    '--processed_bucket': 'processed-bkt',
    '--quarantine_bucket': 'quarantine-bkt',
  });
  expect((job.inputs.command as Record<string, string>).scriptLocation).toBe('s3://scripts-bkt/glue/finlake-dev-commerce/0000000000000000.py');
});
