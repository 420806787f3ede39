/**
 * Jest global setup: one private PostgreSQL cluster for the whole test run. Its URL reaches the
 * test workers through FINLAKE_TEST_PG_URL; global teardown stops and removes it, also when
 * tests fail (and an exit handler covers an interrupted run).
 */
import { startCluster, type Cluster } from '../../libs/engine-postgres/testing/cluster';

declare global {
  var finlakePgCluster: Cluster | undefined;
}

export default async function setup(): Promise<void> {
  if (process.env.FINLAKE_TEST_PG_URL) return; // an externally provided server
  const cluster = await startCluster();
  globalThis.finlakePgCluster = cluster;
  process.env.FINLAKE_TEST_PG_URL = cluster.url;
  process.once('exit', () => cluster.stop());
}
