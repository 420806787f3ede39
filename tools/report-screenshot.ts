/**
 * Regenerates the README screenshot (docs/report.png): runs a product's pipeline on its bundled
 * samples into a throwaway in-memory warehouse, writes its report and photographs it in Chromium.
 * Usage: npx tsx tools/report-screenshot.ts [out.png] [width] [product]  (defaults: docs/report.png,
 * 1280 px, the first registered product with a report and samples). The ledger's page:
 * npx tsx tools/report-screenshot.ts docs/report-ledger.png 1280 ledger
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDbEngine } from '@finlake/engine-duckdb';
import { runPipeline } from '@finlake/pipeline';
import { allProducts } from '@finlake/products';
import { buildReport, loadReportData } from '@finlake/report';
import { checkReportPage, launchBrowser } from '@finlake/report/testing';

const ROOT = resolve(__dirname, '..');

async function main(): Promise<void> {
  const out = resolve(process.argv[2] ?? join(ROOT, 'docs', 'report.png'));
  const width = Number(process.argv[3] ?? 1280);
  const product = allProducts().find((p) => (process.argv[4] ? p.name === process.argv[4] : p.report && p.samples));
  if (!product?.report || !product.samples) throw new Error(`no product with a report and samples${process.argv[4] ? ` named ${process.argv[4]}` : ''}`);
  const page = product.report;
  const engine = await DuckDbEngine.create({ path: ':memory:' });
  const dir = mkdtempSync(join(tmpdir(), 'finlake-screenshot-'));
  try {
    const run = await runPipeline(engine, { product: product.name, inputDir: product.samples });
    if (run.status !== 'published') throw new Error(`the pipeline did not publish: ${run.message}`);
    const report = await buildReport(await loadReportData(engine, { ...product, report: page }), page);
    const file = join(dir, `${product.name}.html`);
    writeFileSync(file, report.html);
    const browser = await launchBrowser();
    try {
      const check = await checkReportPage(browser.browser, file, width, out);
      if (check.problems.length) throw new Error(`the page has problems:\n${check.problems.join('\n')}`);
    } finally {
      await browser.close();
    }
    process.stderr.write(`Wrote ${out} (${width} px wide)\n`);
  } finally {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: Error) => {
  process.stderr.write(`screenshot: ${err.message}\n`);
  process.exitCode = 1;
});
