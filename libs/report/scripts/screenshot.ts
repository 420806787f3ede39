/**
 * Regenerates the README screenshot (docs/report.png): runs the commerce pipeline on
 * data/raw/commerce into a throwaway in-memory warehouse, writes the report and photographs it in
 * Chromium at 1280 px. Usage: npx tsx libs/report/scripts/screenshot.ts [out.png] [width]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDbEngine } from '@finlake/engine-duckdb';
import { runPipeline } from '@finlake/pipeline';
import { buildReport, loadReportData } from '../src';
import { checkReportPage, launchBrowser } from '../testing';

const ROOT = resolve(__dirname, '..', '..', '..');

async function main(): Promise<void> {
  const out = resolve(process.argv[2] ?? join(ROOT, 'docs', 'report.png'));
  const width = Number(process.argv[3] ?? 1280);
  const engine = await DuckDbEngine.create({ path: ':memory:' });
  const dir = mkdtempSync(join(tmpdir(), 'finlake-screenshot-'));
  try {
    const run = await runPipeline(engine, { product: 'commerce', inputDir: join(ROOT, 'data', 'raw', 'commerce') });
    if (run.status !== 'published') throw new Error(`the pipeline did not publish: ${run.message}`);
    const report = await buildReport(await loadReportData(engine, 'commerce'));
    const file = join(dir, 'commerce.html');
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
