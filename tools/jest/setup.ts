/**
 * Jest global setup: compile the CLI (the tests run it as the `finlake` bin does), make sure
 * Chromium is there for the report's browser tests (as root, Debian's is installed when missing),
 * then start the private PostgreSQL cluster (pg-setup.ts).
 */
import { buildCli } from '../build-cli';
import { ensureChromium } from '../../libs/report/testing/chromium';
import pgSetup from './pg-setup';

export default async function setup(): Promise<void> {
  await buildCli();
  try {
    ensureChromium();
  } catch (err) {
    // Only the browser tests need it: they fail at once with this line; the others run.
    process.stderr.write(`\n${(err as Error).message}\n`);
  }
  await pgSetup();
}
