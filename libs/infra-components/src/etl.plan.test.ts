import { athenaWorkgroupConfiguration, defaultGlueJob, fileNameOf, glueJobArguments, glueLogGroupNames, glueRolePolicy, jobFileObjectKey, planGlueJobs, scriptObjectKey, validateGlueJob } from './etl.plan';
import { leastPrivilegeProblems } from './policy-document';

const HASH = '0123456789abcdef'.repeat(4);
const OTHER = 'fedcba9876543210'.repeat(4);

describe('object keys carry the content hash', () => {
  it.each([
    ['the script', () => scriptObjectKey('finlake-dev-commerce', HASH), 'glue/finlake-dev-commerce/0123456789abcdef.py'],
    ['a module keeps its name (the job imports it)', () => jobFileObjectKey('finlake-dev-commerce', 'contract_rules.py', HASH), 'glue/finlake-dev-commerce/0123456789abcdef/contract_rules.py'],
    ['the contract keeps its name (the job opens it)', () => jobFileObjectKey('finlake-dev-commerce', 'commerce.json', HASH), 'glue/finlake-dev-commerce/0123456789abcdef/commerce.json'],
  ])('%s', (_what, key, expected) => {
    expect(key()).toBe(expected);
  });

  it('a changed file is a new key', () => {
    expect(jobFileObjectKey('j', 'contract_rules.py', HASH)).not.toBe(jobFileObjectKey('j', 'contract_rules.py', OTHER));
  });

  it.each([
    ['a short digest', () => jobFileObjectKey('j', 'a.py', 'abc'), '"abc" is not a hex SHA-256 digest of the a.py'],
    ['an upper-case digest', () => scriptObjectKey('j', HASH.toUpperCase()), 'is not a hex SHA-256 digest of the script'],
    ['a path instead of a name', () => jobFileObjectKey('j', 'lib/a.py', HASH), '"lib/a.py" is not a plain file name'],
    ['a hidden file', () => jobFileObjectKey('j', '.env', HASH), 'is not a plain file name'],
  ])('refuses %s', (_what, f, message) => {
    expect(f).toThrow(message);
  });

  it.each([
    ['/repo/apps/glue/contract_rules.py', 'contract_rules.py'],
    ['C:\\repo\\apps\\glue\\contracts\\commerce.json', 'commerce.json'],
    ['finlake_job.py', 'finlake_job.py'],
  ])('fileNameOf(%s) = %s', (path, name) => {
    expect(fileNameOf(path)).toBe(name);
  });
});

describe('planGlueJobs', () => {
  it.each([
    ['one product', [{ key: 'commerce', jobBaseName: 'commerce' }], { commerce: 'finlake-dev-commerce' }],
    [
      'two products side by side',
      [
        { key: 'commerce', jobBaseName: 'commerce' },
        { key: 'toy_ledger', jobBaseName: 'toy_ledger' },
      ],
      { commerce: 'finlake-dev-commerce', toy_ledger: 'finlake-dev-toy_ledger' },
    ],
  ])('%s', (_what, jobs, expected) => {
    expect(planGlueJobs('finlake-dev', jobs)).toEqual(expected);
  });

  it.each([
    ['no jobs', [], 'no jobs'],
    ['a key twice', [{ key: 'a', jobBaseName: 'a' }, { key: 'a', jobBaseName: 'b' }], 'two jobs with the key a'],
    ['a job name twice', [{ key: 'a', jobBaseName: 'x' }, { key: 'b', jobBaseName: 'x' }], 'two jobs with the name finlake-dev-x'],
    ['a key that cannot name children', [{ key: 'Bad Key', jobBaseName: 'x' }], 'job key "Bad Key"'],
    ['a job name Glue refuses', [{ key: 'a', jobBaseName: 'a/b' }], 'job name "finlake-dev-a/b"'],
  ])('refuses %s', (_what, jobs, message) => {
    expect(() => planGlueJobs('finlake-dev', jobs)).toThrow(message);
  });
});

describe('glueJobArguments', () => {
  const base = { scriptsBucket: 'scripts-bkt', pyFileKeys: [] as string[], extraFileKeys: [] as string[], jobArguments: {} as Record<string, string> };

  it.each([
    [
      'no extra files: the Glue settings only',
      base,
      { '--job-bookmark-option': 'job-bookmark-enable', '--enable-metrics': 'true', '--enable-continuous-cloudwatch-log': 'true', '--TempDir': 's3://scripts-bkt/tmp/' },
    ],
    [
      'a module, the contract and the contract path',
      { ...base, pyFileKeys: ['glue/j/0123/contract_rules.py'], extraFileKeys: ['glue/j/4567/commerce.json'], jobArguments: { '--contract_path': 'commerce.json', '--raw_bucket': 'raw-bkt' } },
      {
        '--extra-py-files': 's3://scripts-bkt/glue/j/0123/contract_rules.py',
        '--extra-files': 's3://scripts-bkt/glue/j/4567/commerce.json',
        '--contract_path': 'commerce.json',
        '--raw_bucket': 'raw-bkt',
      },
    ],
    ['several modules, comma-separated', { ...base, pyFileKeys: ['k/a.py', 'k/b.zip'] }, { '--extra-py-files': 's3://scripts-bkt/k/a.py,s3://scripts-bkt/k/b.zip' }],
  ])('%s', (_what, input, expected) => {
    expect(glueJobArguments(input)).toEqual(expect.objectContaining(expected));
  });

  it('sets no --extra-* argument without files', () => {
    expect(Object.keys(glueJobArguments(base)).filter((k) => k.startsWith('--extra'))).toEqual([]);
  });

  it('lists every problem at once', () => {
    const bad = { ...base, pyFileKeys: ['a/x.py', 'b/x.py', 'c/notes.txt'], jobArguments: { '--TempDir': 's3://elsewhere/', '--Raw-Bucket': 'r' } };
    expect(() => glueJobArguments(bad)).toThrow(
      /--TempDir" is set by the Etl component[\s\S]*"--Raw-Bucket" must look like --snake_case[\s\S]*two extra files named x\.py[\s\S]*"c\/notes\.txt" in --extra-py-files must be a \.py, \.zip or \.whl/,
    );
  });
});

describe('Glue job settings and role', () => {
  it('accepts our defaults', () => {
    expect(() => validateGlueJob(defaultGlueJob({ numberOfWorkers: 2, timeoutMinutes: 60 }))).not.toThrow();
  });

  it('the role reads the scripts bucket, where the script, module and contract are uploaded', () => {
    const policy = glueRolePolicy({
      partition: 'aws',
      region: 'eu-west-1',
      accountId: '123456789012',
      rawBucketArn: 'arn:aws:s3:::raw',
      processedBucketArn: 'arn:aws:s3:::processed',
      quarantineBucketArn: 'arn:aws:s3:::quarantine',
      scriptsBucketArn: 'arn:aws:s3:::scripts',
      kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/k',
      databaseName: 'finlake_dev_lake',
    });
    expect(policy.Statement.find((s) => s.Sid === 'ReadInputs')?.Resource).toContain('arn:aws:s3:::scripts/*');
    expect(leastPrivilegeProblems(policy)).toEqual([]);
  });
});

describe('glueLogGroupNames', () => {
  it('names the groups after the security configuration and the role, as Glue does', () => {
    expect(glueLogGroupNames('finlake-dev-glue', 'finlake-dev-glue')).toEqual({
      jobs: ['/aws-glue/jobs/finlake-dev-glue-role/finlake-dev-glue/output', '/aws-glue/jobs/finlake-dev-glue-role/finlake-dev-glue/error'],
      crawler: '/aws-glue/crawlers-role/finlake-dev-glue-finlake-dev-glue',
    });
  });
});

describe('athenaWorkgroupConfiguration', () => {
  it('keeps results in the processed bucket, encrypted with the lake key, enforced on every client, with a scan limit', () => {
    expect(athenaWorkgroupConfiguration('finlake-dev-processed-1', 'arn:aws:kms:eu-west-1:1:key/k')).toEqual({
      enforceWorkgroupConfiguration: true,
      publishCloudwatchMetricsEnabled: true,
      bytesScannedCutoffPerQuery: 10 * 1024 ** 3,
      resultConfiguration: { outputLocation: 's3://finlake-dev-processed-1/athena-results/', encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKeyArn: 'arn:aws:kms:eu-west-1:1:key/k' } },
    });
  });
  it.each([[0], [1024], [1.5e9 + 0.5]])('refuses a scan limit of %s bytes', (bytes) => {
    expect(() => athenaWorkgroupConfiguration('b', 'k', bytes)).toThrow("Athena's scan limit");
  });
});
