export default async function teardown(): Promise<void> {
  globalThis.finlakePgCluster?.stop();
}
