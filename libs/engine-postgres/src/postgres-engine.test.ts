import { PostgresEngine } from './postgres-engine';
import { POSTGRES_FUNCTION_SIGNATURES } from './functions';
import { createTestDatabase } from '../testing';

describe('PostgreSQL helper functions', () => {
  it('lists the signature of every function it installs', () => {
    expect(POSTGRES_FUNCTION_SIGNATURES).toEqual([
      'finlake_fn.try_decimal(text, integer, integer)',
      'finlake_fn.try_integer(text)',
      'finlake_fn.try_bigint(text)',
      'finlake_fn.try_date(text)',
      'finlake_fn.try_timestamptz(text)',
    ]);
  });

  it('adds the functions a database set up by an older version lacks', async () => {
    const url = await createTestDatabase();
    const first = await PostgresEngine.create({ url });
    try {
      // As a database installed before try_integer existed.
      await first.run('drop function finlake_fn.try_integer(text)');
    } finally {
      await first.close();
    }
    const engine = await PostgresEngine.create({ url });
    try {
      expect(await engine.query(`select finlake_fn.try_integer('2147483648') as past, finlake_fn.try_integer('42') as fits`)).toEqual([{ past: null, fits: 42 }]);
    } finally {
      await engine.close();
    }
  });
});
