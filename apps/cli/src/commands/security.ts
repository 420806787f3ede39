import { UsageError } from '@finlake/errors';
import { getProduct } from '@finlake/products';
import { renderSecurity, securityScript, type SecurityManifest } from '@finlake/security';
import type { GlobalOptions } from '../main';
import { green, log, printJson } from '../output';
import { withWarehouse } from '../warehouse';

export interface SecurityCommandOptions extends GlobalOptions {
  product: string;
}

/** The product's manifest, or a usage error saying how to give it one. */
function manifestOf(name: string): SecurityManifest {
  const product = getProduct(name);
  if (!product.security) throw new UsageError(`Product ${name} declares no security manifest (the \`security\` field of its DataProduct; see docs/security.md).`);
  return product.security;
}

/** `finlake security show`: the statements `apply` would run, as a script. */
export async function securityShowCommand(options: SecurityCommandOptions): Promise<void> {
  const statements = renderSecurity(manifestOf(options.product), options.engine);
  if (options.json) return printJson({ product: options.product, engine: options.engine, statements });
  process.stdout.write(securityScript(statements));
}

/** `finlake security apply`: run the product's statements on the warehouse, one by one; safe to repeat. */
export async function securityApplyCommand(options: SecurityCommandOptions): Promise<void> {
  const manifest = manifestOf(options.product);
  // Rendered before connecting, so DuckDB is refused without opening (or creating) its file.
  const statements = renderSecurity(manifest, options.engine);
  await withWarehouse(options, async (engine) => {
    for (const statement of statements) await engine.run(statement);
  });
  const roles = manifest.roles.map((r) => r.name);
  if (options.json) return printJson({ product: options.product, engine: options.engine, statements: statements.length, roles });
  log(green(`Applied the security manifest of ${options.product} on ${options.engine}: ${statements.length} statements; roles ${roles.join(', ')}.`));
}
