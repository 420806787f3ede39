import { finlake } from './cli';

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
});
