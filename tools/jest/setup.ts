/**
 * Jest global setup: compile the CLI (the tests run it as the `finlake` bin does), then start the
 * private PostgreSQL cluster (pg-setup.ts).
 */
import { buildCli } from '../build-cli';
import pgSetup from './pg-setup';

export default async function setup(): Promise<void> {
  await buildCli();
  await pgSetup();
}
