import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { PostgresEngine } from '../src';

export { startCluster, findPostgresBin, type Cluster } from './cluster';

/** The URL of the test run's cluster (started by the jest global setup). */
export function testClusterUrl(): string {
  const url = process.env.FINLAKE_TEST_PG_URL;
  if (!url) throw new Error('FINLAKE_TEST_PG_URL is not set: the jest global setup starts a PostgreSQL cluster (see tools/jest/pg-setup.ts).');
  return url;
}

/** A fresh, empty database on the test cluster; returns its URL. */
export async function createTestDatabase(prefix = 't'): Promise<string> {
  const admin = new Client({ connectionString: testClusterUrl() });
  await admin.connect();
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  return testClusterUrl().replace(/\/postgres$/, `/${name}`);
}

/** A PostgresEngine on a fresh database of the test cluster. */
export async function postgresTestEngine(): Promise<PostgresEngine> {
  return PostgresEngine.create({ url: await createTestDatabase() });
}
