import { finlake } from '../testing';

// No AWS here: these check the wiring of --engine redshift up to the first AWS call.
const noRedshiftEnv = { FINLAKE_REDSHIFT_CLUSTER: '', FINLAKE_REDSHIFT_WORKGROUP: '', FINLAKE_REDSHIFT_DATABASE: '', FINLAKE_REDSHIFT_SECRET_ARN: '' };

describe('finlake --engine redshift', () => {
  it('is a usage error (exit 2) without a cluster or workgroup, naming the flags and variables', () => {
    const r = finlake(['--engine', 'redshift', 'status'], noRedshiftEnv);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('No Redshift target: set --redshift-cluster (FINLAKE_REDSHIFT_CLUSTER) with a secret, or --redshift-workgroup (FINLAKE_REDSHIFT_WORKGROUP).');
  });

  it('reads the target from the environment and asks for the secret a cluster needs', () => {
    const r = finlake(['--engine', 'redshift', 'status'], { ...noRedshiftEnv, FINLAKE_REDSHIFT_CLUSTER: 'finlake-dev', FINLAKE_REDSHIFT_DATABASE: 'finance' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Redshift cluster finlake-dev needs a Secrets Manager secret: set --redshift-secret-arn (FINLAKE_REDSHIFT_SECRET_ARN).');
  });

  it('takes flags before the environment', () => {
    const r = finlake(['--engine', 'redshift', '--redshift-workgroup', 'wg', '--redshift-cluster', 'c', '--redshift-database', 'd', 'status'], noRedshiftEnv);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Give a Redshift cluster or a Serverless workgroup, not both (cluster c, workgroup wg).');
  });

  it('runs from the processed zone, not raw files: --input alone is a usage error naming --processed', () => {
    const r = finlake(['--engine', 'redshift', 'run', 'commerce', '--input', 'data/raw/commerce'], noRedshiftEnv);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('On Redshift the raw files go through the Glue job: give --processed <processed bucket>/<product>/');
  });

  it('refuses a processed location that is not <bucket>/<product>/ before connecting', () => {
    const r = finlake(['--engine', 'redshift', '--redshift-workgroup', 'wg', '--redshift-database', 'd', 'run', 'commerce', '--processed', "b/commerce/'; drop table x; --"], noRedshiftEnv);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('is not a processed location');
  });
});

describe('finlake run: where the input comes from', () => {
  it('needs --input on the local engines', () => {
    const r = finlake(['run', 'commerce'], noRedshiftEnv);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("required option '--input <path>' not specified");
  });

  it('keeps --processed for Redshift', () => {
    const r = finlake(['run', 'commerce', '--processed', 'b/commerce/'], noRedshiftEnv);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--processed is for --engine redshift');
  });
});
