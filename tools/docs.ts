/**
 * Generated parts of the docs: each registered product's contract (docs/<product>.md) and the reason codes
 * (README.md), each between `<!-- generated:NAME -->` markers. `npm run docs` rewrites them;
 * tools/docs.test.ts fails when a doc is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { contractMarkdown, productCodesMarkdown, reasonCodesMarkdown } from '@finlake/contracts';
import { allProducts } from '@finlake/products';

export const ROOT = join(__dirname, '..');

export const GENERATED: { file: string; name: string; render: () => string }[] = [
  ...allProducts().map((product) => ({ file: `docs/${product.name}.md`, name: 'contract', render: () => [contractMarkdown(product.contract), productCodesMarkdown(product.contract)].filter(Boolean).join('\n\n') })),
  { file: 'README.md', name: 'reason-codes', render: reasonCodesMarkdown },
];

export function replaceGenerated(text: string, name: string, body: string): string {
  const start = `<!-- generated:${name} -->`;
  const end = `<!-- /generated:${name} -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from === -1 || to === -1) throw new Error(`Markers ${start} … ${end} not found`);
  return `${text.slice(0, from + start.length)}\n${body}\n${text.slice(to)}`;
}

if (require.main === module) {
  for (const { file, name, render } of GENERATED) {
    const path = join(ROOT, file);
    writeFileSync(path, replaceGenerated(readFileSync(path, 'utf8'), name, render()));
    process.stdout.write(`updated ${file} (${name})\n`);
  }
}
