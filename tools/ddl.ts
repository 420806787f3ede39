/**
 * Writes sql/ddl/*.sql, the Redshift DDL and stored procedures of every registered data product,
 * rendered by @finlake/procedures (`npx tsx tools/ddl.ts`; tools/ddl.test.ts fails when the
 * committed files are stale).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { allProducts } from '@finlake/products';
import { DDL_COMMAND, renderAllDdl } from '@finlake/procedures';

export const ROOT = join(__dirname, '..');
export const DDL_DIR = join(ROOT, 'sql', 'ddl');
export { DDL_COMMAND };

/** Every file under sql/ddl for the registered products: relative path → content. */
export const renderDdlFiles = () => renderAllDdl(allProducts());

if (require.main === module) {
  renderDdlFiles().then(
    (files) => {
      for (const [name, text] of Object.entries(files)) {
        mkdirSync(dirname(join(DDL_DIR, name)), { recursive: true });
        writeFileSync(join(DDL_DIR, name), text);
        process.stdout.write(`wrote sql/ddl/${name}\n`);
      }
    },
    (err: Error) => {
      process.stderr.write(`${err.stack ?? err.message}\n`);
      process.exitCode = 1;
    },
  );
}
