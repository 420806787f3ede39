// Renders Vega-Lite specs to SVG strings. Vega and Vega-Lite are ESM-only and Vega has top-level
// await: CommonJS cannot require() them, and jest cannot import() them without
// --experimental-vm-modules, so they run here, in a worker thread that is plain Node ESM.
import { parentPort, workerData } from 'node:worker_threads';

const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);

const warnings = [];
const collect = (prefix) => (...args) => {
  warnings.push(`${prefix}${args.map(String).join(' ')}`);
  return logger;
};
// Both libraries print warnings straight to the console otherwise; the caller decides what to do.
const logger = { level: () => logger, error: collect('error: '), warn: collect(''), info: () => logger, debug: () => logger };

const svgs = [];
for (const spec of workerData.specs) {
  const compiled = vegaLite.compile(spec, { logger }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logger, logLevel: vega.Warn });
  try {
    svgs.push(await view.toSVG());
  } finally {
    view.finalize();
  }
}
parentPort.postMessage({ svgs, warnings });
