/**
 * Compiles the CLI into one CommonJS file, apps/cli/dist/main.js, that `bin/finlake.js` runs
 * without a TypeScript loader. `npm ci` builds it (the root `prepare` script); `npm run build`
 * rebuilds it.
 *
 * - The workspace's own code (@finlake/* and apps/cli) is bundled, with the few small packages
 *   every start needs (BUNDLED). Every other npm package stays external and is required from
 *   node_modules when the code that uses it runs, so the native DuckDB binding, pg and the AWS SDK
 *   load as they are, and only for the commands that need them.
 * - The commands are `import()`ed by their actions (apps/cli/src/main.ts): esbuild keeps each in a
 *   lazily initialised wrapper, so `finlake --help` evaluates only the program definition.
 * - `__dirname` in a bundled file is rewritten to that file's own folder (relative to the bundle),
 *   so models, samples and the report's worker are still found beside their sources.
 * - dist/inputs.json lists every bundled source of ours: the bin runs the sources through tsx instead when
 *   one of them is newer than the bundle.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { build, type Plugin } from 'esbuild';

export const ROOT = join(__dirname, '..');
export const CLI_DIST = join(ROOT, 'apps', 'cli', 'dist');
export const ENTRY = join(ROOT, 'apps', 'cli', 'src', 'main.ts');

const posix = (path: string) => path.split(sep).join('/');

/**
 * Pure-JavaScript packages that every start loads (the program's parser, the table renderer, the
 * product folder reader): bundled with their own dependencies, which saves Node resolving and
 * reading their many files.
 */
export const BUNDLED = ['commander', 'cli-table3', 'yaml'];

const packageName = (path: string) => path.split('/').slice(0, path.startsWith('@') ? 2 : 1).join('/');

/** Bare imports of anything else from our code are left to Node's resolution at run time. */
const npmExternal: Plugin = {
  name: 'npm-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      const bundled = args.path.startsWith('@finlake/') || BUNDLED.includes(packageName(args.path)) || args.importer.includes(`${sep}node_modules${sep}`);
      return bundled ? undefined : { path: args.path, external: true };
    });
  },
};

/** `__dirname` of each source file, as a path from the bundle's folder to the file's folder. */
export function rewriteDirname(source: string, file: string, outdir: string): string {
  const rel = posix(relative(outdir, dirname(file))) || '.';
  return source.replace(/\b__dirname\b/g, `require('node:path').join(__dirname, ${JSON.stringify(rel)})`);
}

const ownDirname = (outdir: string): Plugin => ({
  name: 'own-dirname',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
      return { contents: rewriteDirname(readFileSync(args.path, 'utf8'), args.path, outdir), loader: 'ts' };
    });
  },
});

export interface BuiltCli {
  file: string;
  /** Bundled sources, relative to the repository root. */
  inputs: string[];
}

export async function buildCli(outdir = CLI_DIST): Promise<BuiltCli> {
  mkdirSync(outdir, { recursive: true });
  const file = join(outdir, 'main.js');
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [ENTRY],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    plugins: [npmExternal, ownDirname(outdir)],
  });
  // Our sources only: npm's files keep their package's dates, and `npm ci` / `npm install` rebuild anyway (prepare).
  const inputs = Object.keys(result.metafile.inputs).map(posix).filter((input) => !input.includes('node_modules/')).sort();
  writeFileSync(join(outdir, 'inputs.json'), `${JSON.stringify(inputs, null, 1)}\n`);
  return { file, inputs };
}

if (require.main === module) {
  const started = Date.now();
  buildCli().then(
    ({ file, inputs }) => process.stdout.write(`built ${posix(relative(ROOT, file))} from ${inputs.length} sources in ${Date.now() - started} ms\n`),
    (err: Error) => {
      process.stderr.write(`build-cli: ${err.message}\n`);
      process.exitCode = 1;
    },
  );
}
