/**
 * Writes the contract the Glue job applies (rendered by `renderGlueContract` in @finlake/products)
 * to apps/glue/contracts/<product>.json for every registered product, and removes the files of
 * products no longer registered: `npx tsx tools/glue-contract.ts`. tools/glue-contract.test.ts
 * fails when a committed file is stale or missing, or belongs to no product.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { allProducts, productLayout, renderGlueContract } from '@finlake/products';

export const GLUE_DIR = join(__dirname, '..', 'apps', 'glue');
/** Where the Glue contract of a product is written. */
export const glueContractPath = (product: string) => join(GLUE_DIR, productLayout(product).glueContractFile);
/** The folder of the generated contracts (one file per registered product, nothing else). */
export const GLUE_CONTRACT_DIR = dirname(glueContractPath('product'));

/** The committed contract files that belong to no registered product. */
export const strayGlueContracts = (files: readonly string[]) => {
  const expected = new Set(allProducts().map((p) => glueContractPath(p.name)));
  return files.map((f) => join(GLUE_CONTRACT_DIR, f)).filter((f) => !expected.has(f));
};

if (require.main === module) {
  mkdirSync(GLUE_CONTRACT_DIR, { recursive: true });
  for (const { contract } of allProducts()) {
    writeFileSync(glueContractPath(contract.name), renderGlueContract(contract));
    process.stdout.write(`wrote apps/glue/${productLayout(contract.name).glueContractFile}\n`);
  }
  for (const stray of strayGlueContracts(readdirSync(GLUE_CONTRACT_DIR))) {
    rmSync(stray);
    process.stdout.write(`removed ${stray} (no such product)\n`);
  }
}
