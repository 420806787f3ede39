import { UsageError } from '@finlake/errors';
import { resolveTarget, settingsFrom } from './settings';
import { bindParameters, fieldValue, isTruncate, splitStatements } from './statements';

describe('splitStatements', () => {
  it.each([
    ['select 1', ['select 1']],
    ['drop table a; create temp table a (x int);', ['drop table a', 'create temp table a (x int)']],
    [`select ';' as s; select "a;b" from t`, [`select ';' as s`, `select "a;b" from t`]],
    ['-- a comment; not a split\nselect 1', ['-- a comment; not a split\nselect 1']],
    ['  ;  ; ', []],
    ["create procedure p() as $$ begin select 1; end; $$ language plpgsql; call p()", ['create procedure p() as $$ begin select 1; end; $$ language plpgsql', 'call p()']],
  ])('%j', (sql, expected) => {
    expect(splitStatements(sql)).toEqual(expected);
  });
});

describe('bindParameters', () => {
  it('numbers placeholders outside quotes and inlines NULL', () => {
    expect(bindParameters(`select ?, '?', ?, ?`, [true, null, 1.5])).toEqual({
      sql: `select :p1, '?', null, :p2`,
      parameters: [
        { name: 'p1', value: 'true' },
        { name: 'p2', value: '1.5' },
      ],
    });
  });

  it('refuses a count mismatch', () => {
    expect(() => bindParameters('select ?', [])).toThrow('SQL has more ? placeholders than the 0 value(s) given');
    expect(() => bindParameters('select 1', [1])).toThrow('SQL has 0 ? placeholder(s) but 1 value(s) were given');
  });
});

describe('fieldValue', () => {
  it.each([
    [{ isNull: true }, null],
    [{ longValue: 42 }, 42],
    [{ longValue: 2 ** 60 }, String(2 ** 60)],
    [{ doubleValue: 0.5 }, 0.5],
    [{ stringValue: '12.30' }, '12.30'],
    [{ booleanValue: false }, false],
  ])('%j → %j', (field, value) => {
    expect(fieldValue(field)).toEqual(value);
  });
});

describe('isTruncate', () => {
  it.each([
    ['truncate staging.x', true],
    ['  TRUNCATE TABLE x', true],
    ['-- clear\ntruncate x', true],
    ['delete from x', false],
    ['select truncate_me from x', false],
  ])('%j', (sql, expected) => expect(isTruncate(sql)).toBe(expected));
});

describe('settings', () => {
  it('prefers flags over the environment, field by field', () => {
    expect(settingsFrom({ database: 'flag-db' }, { FINLAKE_REDSHIFT_DATABASE: 'env-db', FINLAKE_REDSHIFT_CLUSTER: 'c', AWS_REGION: 'eu-west-1' })).toEqual({
      cluster: 'c',
      workgroup: undefined,
      database: 'flag-db',
      secretArn: undefined,
      region: 'eu-west-1',
    });
  });

  it.each([
    [{}, 'No Redshift target: set --redshift-cluster (FINLAKE_REDSHIFT_CLUSTER) with a secret, or --redshift-workgroup (FINLAKE_REDSHIFT_WORKGROUP).'],
    [{ cluster: 'c', workgroup: 'w', database: 'd' }, 'Give a Redshift cluster or a Serverless workgroup, not both (cluster c, workgroup w).'],
    [{ workgroup: 'w' }, 'No Redshift database: set --redshift-database (FINLAKE_REDSHIFT_DATABASE).'],
    [{ cluster: 'c', database: 'd' }, 'Redshift cluster c needs a Secrets Manager secret: set --redshift-secret-arn (FINLAKE_REDSHIFT_SECRET_ARN).'],
  ])('%j is a usage error', (settings, message) => {
    expect(() => resolveTarget(settings)).toThrow(new UsageError(message));
  });

  it('accepts a cluster with a secret, or a workgroup alone', () => {
    expect(resolveTarget({ cluster: 'c', database: 'd', secretArn: 'arn' })).toEqual({ kind: 'cluster', clusterIdentifier: 'c', database: 'd', secretArn: 'arn' });
    expect(resolveTarget({ workgroup: 'w', database: 'd' })).toEqual({ kind: 'workgroup', workgroupName: 'w', database: 'd' });
  });
});
