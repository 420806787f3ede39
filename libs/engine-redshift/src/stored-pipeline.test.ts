import { DescribeStatementCommand, ExecuteStatementCommand, RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { DataRejectedError, EngineError, UsageError } from '@finlake/errors';
import { RedshiftEngine } from './redshift-engine';
import { SecretLookup } from './secrets';
import { publishProcessed } from './stored-pipeline';

const redshift = mockClient(RedshiftDataClient);
const secrets = mockClient(SecretsManagerClient);
const SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:finlake-admin';

/** Every statement finishes at once, except the CALL, which ends as `call` says. */
async function engineWhereCall(call: { Status: 'FINISHED' | 'FAILED'; Error?: string }) {
  let n = 0;
  redshift.on(ExecuteStatementCommand).callsFake((input: { Sql: string }) => ({ Id: input.Sql.startsWith('call ') ? 'the-call' : `s${++n}`, SessionId: 'session-1' }));
  redshift.on(DescribeStatementCommand).callsFake((input: { Id: string }) => (input.Id === 'the-call' ? { Id: input.Id, ...call } : { Id: input.Id, Status: 'FINISHED' }));
  return RedshiftEngine.create(
    { cluster: 'finlake-dev', database: 'finance', secretArn: SECRET },
    { client: new RedshiftDataClient({ region: 'eu-west-1' }), secrets: new SecretLookup(new SecretsManagerClient({ region: 'eu-west-1' })), sleep: async () => undefined, env: {} },
  );
}

beforeEach(() => {
  redshift.reset();
  secrets.reset();
  secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ username: 'finlake', password: 'pw' }) });
});

describe('publishProcessed: the stored pipeline in one CALL', () => {
  it.each([
    ['s3://finlake-dev-processed-123456789012/commerce/', `call commerce_pipeline.sp_run_pipeline('finlake-dev-processed-123456789012/commerce/')`],
    ['finlake-dev-processed-123456789012/commerce/', `call commerce_pipeline.sp_run_pipeline('finlake-dev-processed-123456789012/commerce/')`],
  ])('sends %s as one CALL in the run session', async (location, sql) => {
    const engine = await engineWhereCall({ Status: 'FINISHED' });
    await publishProcessed(engine, 'commerce', location);
    const calls = redshift.commandCalls(ExecuteStatementCommand).map((c) => c.args[0].input);
    expect(calls.at(-1)).toEqual({ Sql: sql, SessionId: 'session-1' });
  });

  it.each([["bucket/commerce/'; drop table x; --"], ['bucket'], ['s3://bucket/commerce'], ['']])('refuses %j before any SQL (usage error)', async (location) => {
    const engine = await engineWhereCall({ Status: 'FINISHED' });
    const before = redshift.commandCalls(ExecuteStatementCommand).length;
    await expect(publishProcessed(engine, 'commerce', location)).rejects.toThrow(UsageError);
    expect(redshift.commandCalls(ExecuteStatementCommand)).toHaveLength(before);
  });

  it('turns a blocked quality gate into a data rejection (exit 3) with the failed checks', async () => {
    const engine = await engineWhereCall({ Status: 'FAILED', Error: 'ERROR: sp_quality_gate: blocking check(s) failed, nothing is published: fact_transactions: unique(transaction_id) (2)' });
    const failure = publishProcessed(engine, 'commerce', 'bucket-1/commerce/');
    await expect(failure).rejects.toThrow(DataRejectedError);
    await expect(failure).rejects.toThrow(/nothing was published: .*fact_transactions: unique\(transaction_id\) \(2\)/);
  });

  it('keeps any other failure an engine error', async () => {
    const engine = await engineWhereCall({ Status: 'FAILED', Error: 'ERROR: permission denied for schema finlake' });
    await expect(publishProcessed(engine, 'commerce', 'bucket-1/commerce/')).rejects.toThrow(EngineError);
  });
});
