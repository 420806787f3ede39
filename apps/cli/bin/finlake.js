#!/usr/bin/env node
/**
 * The `finlake` command. Runs the compiled CLI (dist/main.js, which `npm ci` builds through the
 * root `prepare` script and `npm run build` rebuilds). When that build is missing, or a source it
 * was built from has changed since, it runs the TypeScript sources through tsx instead (the same
 * CLI, slower to start) and says so on stderr.
 */
const { join } = require('node:path');
const { DIST, bundleState } = require('./bundle-state');

const state = bundleState();
if (state === 'fresh') {
  require(join(DIST, 'main.js')).runCli();
} else {
  const why = state === 'missing' ? 'is not built' : 'is older than its sources';
  process.stderr.write(`finlake: the compiled CLI (apps/cli/dist) ${why}; running the TypeScript sources through tsx (slower start). \`npm run build\` compiles it.\n`);
  // `--import tsx` hooks both require() and import(): main.ts loads each command with import().
  const { pathToFileURL } = require('node:url');
  const main = join(__dirname, '..', 'src', 'main.ts');
  const child = require('node:child_process').spawnSync(process.execPath, ['--import', pathToFileURL(require.resolve('tsx')).href, main, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exitCode = child.status ?? 1;
}
