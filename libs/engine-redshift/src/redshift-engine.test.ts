import {
  BatchExecuteStatementCommand,
  CancelStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  RedshiftDataClient,
} from '@aws-sdk/client-redshift-data';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { DatabaseBusyError, EngineError, UsageError } from '@finlake/errors';
import { RedshiftEngine, type RedshiftOptions } from './redshift-engine';
import { SecretLookup } from './secrets';

const SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:finlake-admin';
const CLUSTER: RedshiftOptions = { cluster: 'finlake-dev', database: 'finance', secretArn: SECRET, region: 'eu-west-1' };

const redshift = mockClient(RedshiftDataClient);
const secrets = mockClient(SecretsManagerClient);

/** A fake clock: sleeping advances it, so polling and timeouts take no real time. */
function clock() {
  const c = { t: 0, sleeps: [] as number[] };
  return { ...c, state: c, now: () => c.t, sleep: async (ms: number) => void (c.sleeps.push(ms), (c.t += ms)) };
}

/** Statement ids in call order (s1, s2, ...); each finishes on its first DescribeStatement. */
function finishEveryStatement() {
  let n = 0;
  redshift.on(ExecuteStatementCommand).callsFake(() => ({ Id: `s${++n}`, SessionId: 'session-1' }));
  redshift.on(BatchExecuteStatementCommand).callsFake(() => ({ Id: `s${++n}`, SessionId: 'session-1' }));
  redshift.on(DescribeStatementCommand).callsFake((input: { Id: string }) => ({ Id: input.Id, Status: 'FINISHED', HasResultSet: false }));
}

async function engineWith(options: RedshiftOptions = CLUSTER, c = clock()) {
  const engine = await RedshiftEngine.create(options, { client: new RedshiftDataClient({ region: 'eu-west-1' }), secrets: new SecretLookup(new SecretsManagerClient({ region: 'eu-west-1' })), sleep: c.sleep, now: c.now, env: {} });
  redshift.resetHistory();
  return engine;
}

const executed = () => redshift.commandCalls(ExecuteStatementCommand).map((call) => call.args[0].input);

beforeEach(() => {
  redshift.reset();
  secrets.reset();
  secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ username: 'finlake', password: 'pw', dbname: 'finance' }) });
});

describe('RedshiftEngine: statements', () => {
  it('opens one session with the target, then runs every statement in it', async () => {
    finishEveryStatement();
    await RedshiftEngine.create(CLUSTER, { client: new RedshiftDataClient({}), secrets: new SecretLookup(new SecretsManagerClient({})), env: {} }).then((e) => e.run('select 1'));
    expect(executed()).toEqual([
      { Sql: `set timezone to 'UTC'`, ClusterIdentifier: 'finlake-dev', Database: 'finance', SecretArn: SECRET, SessionKeepAliveSeconds: 900 },
      { Sql: 'select 1', SessionId: 'session-1' },
    ]);
  });

  it('names a Serverless workgroup instead of a cluster (IAM auth, no secret)', async () => {
    finishEveryStatement();
    await RedshiftEngine.create({ workgroup: 'finlake-wg', database: 'finance' }, { client: new RedshiftDataClient({}), env: {} });
    expect(executed()[0]).toEqual({ Sql: `set timezone to 'UTC'`, WorkgroupName: 'finlake-wg', Database: 'finance', SessionKeepAliveSeconds: 900 });
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(0);
  });

  it('binds ? as named parameters and writes NULL inline (the Data API has no NULL parameter)', async () => {
    finishEveryStatement();
    const engine = await engineWith();
    await engine.run(`insert into meta.runs values (?, ?, cast(? as timestamp), ?, '?')`, ['r1', 42, '2024-01-01 00:00:00', null]);
    expect(executed()).toEqual([
      {
        Sql: `insert into meta.runs values (:p1, :p2, cast(:p3 as timestamp), null, '?')`,
        Parameters: [
          { name: 'p1', value: 'r1' },
          { name: 'p2', value: '42' },
          { name: 'p3', value: '2024-01-01 00:00:00' },
        ],
        SessionId: 'session-1',
      },
    ]);
  });

  it('sends several statements as one BatchExecuteStatement outside a transaction', async () => {
    finishEveryStatement();
    const engine = await engineWith();
    await engine.run('create schema if not exists meta; create schema if not exists staging;');
    expect(redshift.commandCalls(BatchExecuteStatementCommand).map((c) => c.args[0].input)).toEqual([
      { Sqls: ['create schema if not exists meta', 'create schema if not exists staging'], SessionId: 'session-1' },
    ]);
    expect(executed()).toEqual([]);
  });

  it('runs begin … commit in the session, statement by statement (a batch would commit on its own)', async () => {
    finishEveryStatement();
    const engine = await engineWith();
    await engine.begin();
    await engine.run('drop table if exists warehouse.a; alter table warehouse.a__new rename to a');
    await engine.commit();
    expect(executed().map((i) => [i.Sql, i.SessionId])).toEqual([
      ['begin', 'session-1'],
      ['drop table if exists warehouse.a', 'session-1'],
      ['alter table warehouse.a__new rename to a', 'session-1'],
      ['commit', 'session-1'],
    ]);
    expect(redshift.commandCalls(BatchExecuteStatementCommand)).toHaveLength(0);
  });

  it('refuses TRUNCATE inside a transaction (it would commit the publish half-way)', async () => {
    finishEveryStatement();
    const engine = await engineWith();
    await engine.begin();
    await expect(engine.run('truncate staging.stg_products')).rejects.toThrow(new EngineError(`run SQL on Redshift cluster finlake-dev/finance (truncate staging.stg_products)`, 'TRUNCATE commits the open transaction on Redshift; use DELETE inside a transaction.'));
    await engine.rollback();
    await engine.run('truncate staging.stg_products');
    expect(executed().map((i) => i.Sql)).toEqual(['begin', 'rollback', 'truncate staging.stg_products']);
  });
});

describe('RedshiftEngine: polling', () => {
  it('polls DescribeStatement with doubling waits until FINISHED (SUBMITTED → PICKED → STARTED → FINISHED)', async () => {
    const c = clock();
    finishEveryStatement();
    const engine = await engineWith({ ...CLUSTER, pollIntervalMs: 100, maxPollIntervalMs: 300 }, c);
    c.state.sleeps.length = 0;
    redshift.on(ExecuteStatementCommand).resolves({ Id: 'q1', SessionId: 'session-1' });
    redshift
      .on(DescribeStatementCommand, { Id: 'q1' })
      .resolvesOnce({ Id: 'q1', Status: 'SUBMITTED' })
      .resolvesOnce({ Id: 'q1', Status: 'PICKED' })
      .resolvesOnce({ Id: 'q1', Status: 'STARTED' })
      .resolvesOnce({ Id: 'q1', Status: 'STARTED' })
      .resolves({ Id: 'q1', Status: 'FINISHED', HasResultSet: false });
    await engine.run('analyze staging.stg_transactions');
    expect(redshift.commandCalls(DescribeStatementCommand).map((call) => call.args[0].input)).toEqual(Array(5).fill({ Id: 'q1' }));
    expect(c.state.sleeps).toEqual([100, 200, 300, 300]);
  });

  it('reports a FAILED statement with its message and its statement Id', async () => {
    finishEveryStatement();
    const engine = await engineWith();
    redshift.on(ExecuteStatementCommand).resolves({ Id: 'f00d-1', SessionId: 'session-1' });
    redshift.on(DescribeStatementCommand, { Id: 'f00d-1' }).resolves({ Id: 'f00d-1', Status: 'FAILED', Error: 'ERROR: relation "staging.nope" does not exist' });
    await expect(engine.query('select * from staging.nope')).rejects.toThrow(
      'Failed to run SQL on Redshift cluster finlake-dev/finance (select * from staging.nope): ERROR: relation "staging.nope" does not exist [statement f00d-1]',
    );
  });

  it('names the failing sub-statement of a batch', async () => {
    finishEveryStatement();
    const engine = await engineWith();
    redshift.on(BatchExecuteStatementCommand).resolves({ Id: 'b1', SessionId: 'session-1' });
    redshift.on(DescribeStatementCommand, { Id: 'b1' }).resolves({
      Id: 'b1',
      Status: 'FAILED',
      Error: 'ERROR: syntax error at or near "tabel"',
      SubStatements: [
        { Id: 'b1:1', Status: 'FINISHED' },
        { Id: 'b1:2', Status: 'FAILED', QueryString: 'create tabel x (a int)' },
      ],
    });
    await expect(engine.run('create schema s; create tabel x (a int)')).rejects.toThrow('ERROR: syntax error at or near "tabel" in "create tabel x (a int)" [statement b1]');
  });

  it('reports an ABORTED statement', async () => {
    finishEveryStatement();
    const engine = await engineWith();
    redshift.on(ExecuteStatementCommand).resolves({ Id: 'a1', SessionId: 'session-1' });
    redshift.on(DescribeStatementCommand, { Id: 'a1' }).resolves({ Id: 'a1', Status: 'ABORTED' });
    await expect(engine.run('vacuum')).rejects.toThrow('Failed to run SQL on Redshift cluster finlake-dev/finance (vacuum): ABORTED [statement a1]');
  });

  it('cancels a statement that runs past the timeout and reports it', async () => {
    const c = clock();
    finishEveryStatement();
    const engine = await engineWith({ ...CLUSTER, statementTimeoutMs: 10_000, pollIntervalMs: 1_000, maxPollIntervalMs: 4_000 }, c);
    redshift.on(ExecuteStatementCommand).resolves({ Id: 'slow-1', SessionId: 'session-1' });
    redshift.on(DescribeStatementCommand, { Id: 'slow-1' }).resolves({ Id: 'slow-1', Status: 'STARTED' });
    redshift.on(CancelStatementCommand).resolves({ Status: true });
    const error = await engine.run('create table warehouse.big as select * from staging.huge').catch((e: Error) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as Error).message).toBe(
      'Failed to run SQL on Redshift cluster finlake-dev/finance (create table warehouse.big as select * from staging.huge): still STARTED after 11 s, over the 10 s statement timeout; cancelled [statement slow-1]',
    );
    expect(redshift.commandCalls(CancelStatementCommand).map((call) => call.args[0].input)).toEqual([{ Id: 'slow-1' }]);
  });

  it('refuses to go on without a session (transactions would silently not span statements)', async () => {
    redshift.on(ExecuteStatementCommand).resolves({ Id: 's1' });
    redshift.on(DescribeStatementCommand).resolves({ Id: 's1', Status: 'FINISHED' });
    await expect(engineWith()).rejects.toThrow(`Failed to run SQL on Redshift cluster finlake-dev/finance (set timezone to 'UTC'): the Data API returned no SessionId, so statements cannot share a transaction`);
  });

  it('reports an SDK error (throttling, validation) with the statement', async () => {
    finishEveryStatement();
    const engine = await engineWith();
    redshift.on(ExecuteStatementCommand).rejects(new Error('Active statements exceeded the allowed quota.'));
    await expect(engine.run('select 1')).rejects.toThrow('Failed to run SQL on Redshift cluster finlake-dev/finance (select 1): Active statements exceeded the allowed quota.');
  });
});

describe('RedshiftEngine: results', () => {
  it('reads every page (NextToken) and converts typed fields to exact JavaScript values', async () => {
    finishEveryStatement();
    const engine = await engineWith();
    redshift.on(ExecuteStatementCommand).resolves({ Id: 'r1', SessionId: 'session-1' });
    redshift.on(DescribeStatementCommand, { Id: 'r1' }).resolves({ Id: 'r1', Status: 'FINISHED', HasResultSet: true });
    const columns = [
      { name: 'n', label: 'n', typeName: 'int8' },
      { name: 'amount', label: 'amount', typeName: 'numeric' },
      { name: 'day', label: 'day', typeName: 'date' },
      { name: 'ok', label: 'ok', typeName: 'bool' },
      { name: 'note', label: 'note', typeName: 'varchar' },
    ];
    redshift
      .on(GetStatementResultCommand, { Id: 'r1' })
      .resolvesOnce({ ColumnMetadata: columns, Records: [[{ longValue: 1 }, { stringValue: '12.30' }, { stringValue: '2024-02-29' }, { booleanValue: true }, { isNull: true }]], NextToken: 'page-2' })
      .resolvesOnce({ Records: [[{ longValue: 2 }, { stringValue: '99999999999999999.99' }, { stringValue: '2024-03-01' }, { booleanValue: false }, { stringValue: 'x' }]] });
    const rows = await engine.query('select n, amount, day, ok, note from t order by n');
    expect(rows).toEqual([
      { n: 1, amount: '12.30', day: '2024-02-29', ok: true, note: null },
      { n: 2, amount: '99999999999999999.99', day: '2024-03-01', ok: false, note: 'x' },
    ]);
    expect(redshift.commandCalls(GetStatementResultCommand).map((call) => call.args[0].input)).toEqual([{ Id: 'r1' }, { Id: 'r1', NextToken: 'page-2' }]);
  });

  it('does not ask for results of a statement without a result set', async () => {
    finishEveryStatement();
    const engine = await engineWith();
    expect(await engine.query('delete from t')).toEqual([]);
    expect(redshift.commandCalls(GetStatementResultCommand)).toHaveLength(0);
  });
});

describe('RedshiftEngine: lock, loads, settings', () => {
  /** Statements finish at once; `select holder` returns holder(token sent with the insert). */
  function lockHeldBy(holder: (ours: string) => string) {
    let n = 0;
    let ours = '';
    redshift.on(ExecuteStatementCommand).callsFake((input: { Sql: string; Parameters?: { value: string }[] }) => {
      if (input.Sql.startsWith('insert into meta.finlake_locks')) ours = input.Parameters![1]!.value;
      return { Id: input.Sql.startsWith('select holder') ? 'holder' : `s${++n}`, SessionId: 'session-1' };
    });
    redshift.on(BatchExecuteStatementCommand).resolves({ Id: 'ddl', SessionId: 'session-1' });
    redshift.on(DescribeStatementCommand).callsFake((input: { Id: string }) => ({ Id: input.Id, Status: 'FINISHED', HasResultSet: input.Id === 'holder' }));
    redshift.on(GetStatementResultCommand, { Id: 'holder' }).callsFake(() => ({ ColumnMetadata: [{ name: 'holder', label: 'holder' }], Records: [[{ stringValue: holder(ours) }]] }));
  }

  it('takes the lock row in a transaction under LOCK and releases it on close', async () => {
    finishEveryStatement();
    const engine = await engineWith();
    redshift.reset();
    lockHeldBy((ours) => ours);
    await engine.lock('commerce');
    await engine.close();
    expect(executed().map((i) => i.Sql)).toEqual([
      'begin',
      'lock meta.finlake_locks',
      'delete from meta.finlake_locks where name = :p1 and acquired_at < dateadd(second, -21600, getdate())',
      'insert into meta.finlake_locks (name, holder, acquired_at) select :p1, :p2, getdate() where not exists (select 1 from meta.finlake_locks where name = :p3)',
      'select holder from meta.finlake_locks where name = :p1',
      'commit',
      'delete from meta.finlake_locks where holder = :p1',
    ]);
    expect(redshift.commandCalls(BatchExecuteStatementCommand)[0]!.args[0].input.Sqls).toEqual([
      'create schema if not exists meta',
      'create table if not exists meta.finlake_locks (name varchar(256) not null, holder varchar(64) not null, acquired_at timestamp not null)',
    ]);
  });

  it('fails at once with DatabaseBusyError when another run holds the lock', async () => {
    finishEveryStatement();
    const engine = await engineWith();
    redshift.reset();
    lockHeldBy(() => 'someone-else');
    const error = await engine.lock('commerce').catch((e: Error) => e);
    expect(error).toBeInstanceOf(DatabaseBusyError);
    expect((error as Error).message).toMatch(/^Another finlake run of commerce is in progress on Redshift cluster finlake-dev\/finance; nothing was changed\./);
  });

  it('explains that raw CSV reaches Redshift through the Glue job', async () => {
    finishEveryStatement();
    const engine = await engineWith();
    await expect(engine.loadRawCsv('data/raw/commerce/products.csv')).rejects.toThrow(UsageError);
    await expect(engine.loadRawCsv('data/raw/commerce/products.csv')).rejects.toThrow(/validated by the Glue job \(apps\/glue\)/);
  });

  it('reads settings from the environment when options leave them out', async () => {
    finishEveryStatement();
    await RedshiftEngine.create({}, { client: new RedshiftDataClient({}), env: { FINLAKE_REDSHIFT_WORKGROUP: 'wg', FINLAKE_REDSHIFT_DATABASE: 'db' } });
    expect(executed()[0]).toMatchObject({ WorkgroupName: 'wg', Database: 'db' });
  });

  it('fails before any statement when the secret is unusable', async () => {
    finishEveryStatement();
    secrets.on(GetSecretValueCommand).resolves({ SecretString: '{"username":"finlake"}' });
    await expect(engineWith()).rejects.toThrow(new UsageError(`Secret ${SECRET} lacks password (a non-empty string each).`));
    expect(redshift.calls()).toHaveLength(0);
  });
});
