/**
 * Whether the compiled CLI can run: 'fresh' when dist/main.js is newer than every source listed
 * in dist/inputs.json (tools/build-cli.ts writes both), 'stale' when a source is newer or gone,
 * 'missing' when there is no build. Plain CommonJS: the bin reads it before any TypeScript loader.
 */
const { readFileSync, statSync } = require('node:fs');
const { join } = require('node:path');

const DIST = join(__dirname, '..', 'dist');
const ROOT = join(__dirname, '..', '..', '..');

function bundleState(dist = DIST, root = ROOT) {
  let built;
  let inputs;
  try {
    built = statSync(join(dist, 'main.js')).mtimeMs;
    inputs = JSON.parse(readFileSync(join(dist, 'inputs.json'), 'utf8'));
  } catch {
    return 'missing';
  }
  for (const input of inputs) {
    try {
      if (statSync(join(root, input)).mtimeMs > built) return 'stale';
    } catch {
      return 'stale';
    }
  }
  return 'fresh';
}

module.exports = { DIST, bundleState };
