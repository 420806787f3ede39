import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { TopLevelSpec } from 'vega-lite/build/index';
import { EngineError } from '@finlake/errors';
import { escapeHtml } from './escape';

export interface RenderedCharts {
  svgs: string[];
  /** Vega-Lite and Vega warnings (for example a bad encoding); tests expect none. */
  warnings: string[];
}

const WORKER = join(__dirname, 'svg-worker.mjs');

/** Render Vega-Lite specs to SVG strings in a worker thread (see svg-worker.mjs for why). */
export function renderSvgs(specs: readonly TopLevelSpec[]): Promise<RenderedCharts> {
  if (specs.length === 0) return Promise.resolve({ svgs: [], warnings: [] });
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: { specs } });
    let settled = false;
    const fail = (cause: string) => {
      if (settled) return;
      settled = true;
      reject(new EngineError('render the report charts', cause));
    };
    worker.once('message', (result: RenderedCharts) => {
      settled = true;
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', (err) => fail(err.message));
    worker.once('exit', (code) => fail(`the chart worker stopped (exit code ${code}) without a result`));
  });
}

/**
 * Make a Vega SVG an accessible image: role="img" with a <title> (its name) and a <desc> (what
 * it shows) as the first children. Vega's SVG has no ids or <style>, so several sit in one page.
 */
export function accessibleSvg(svg: string, title: string, description: string): string {
  const open = /^<svg\b[^>]*>/.exec(svg);
  if (!open) throw new EngineError('render the report charts', 'the chart renderer returned no <svg> element');
  const tag = open[0].replace(/^<svg\b/, '<svg role="img"');
  return `${tag}<title>${escapeHtml(title)}</title><desc>${escapeHtml(description)}</desc>${svg.slice(open[0].length)}`;
}
