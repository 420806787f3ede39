import { productSchemas } from '@finlake/contracts';
import { quoteString, type Engine } from '@finlake/engine';
import { DataRejectedError, EngineError, UsageError } from '@finlake/errors';

/** Failures the procedures raise on purpose: the data was refused, not the system broken. */
const REFUSED = /sp_quality_gate: blocking check|KEY_ALREADY_LOADED/;

/** `<bucket>/<prefix>/` without `s3://`, or a usage error: the location is written into SQL. */
export function processedLocation(location: string): string {
  const bare = location.replace(/^s3:\/\//, '');
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/[A-Za-z0-9_/.-]+\/$/.test(bare)) {
    throw new UsageError(`--processed "${location}" is not a processed location: give the processed bucket and the product prefix, e.g. s3://finlake-dev-processed-123456789012/commerce/`);
  }
  return bare;
}

/**
 * Publish the batches the Glue job wrote under `location` (`<processed bucket>/<product>/`, with or
 * without `s3://`): COPY into staging, build, gate and publish in one CALL of the product's
 * sp_run_pipeline, one transaction on the cluster — the path the state machine takes, minus Glue.
 */
export async function publishProcessed(engine: Engine, product: string, location: string): Promise<void> {
  const bare = processedLocation(location);
  try {
    await engine.run(`call ${productSchemas(product).procedures}.sp_run_pipeline(${quoteString(bare)})`);
  } catch (err) {
    if (err instanceof EngineError && REFUSED.test(err.message)) throw new DataRejectedError(`nothing was published: ${err.message}`);
    throw err;
  }
}
