import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { CHROMIUM_PACKAGES, ensureChromium, findChromium } from './chromium';

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

/** A PATH of fresh folders, each holding the named files (executable unless listed in `plain`). */
function fakePath(dirs: string[][], plain: string[] = []): { PATH: string; dirs: string[] } {
  const root = mkdtempSync(join(tmpdir(), 'finlake-path-'));
  roots.push(root);
  const made = dirs.map((names, i) => {
    const dir = join(root, `d${i}`);
    mkdirSync(dir);
    for (const name of names) {
      writeFileSync(join(dir, name), '#!/bin/sh\n');
      chmodSync(join(dir, name), plain.includes(name) ? 0o644 : 0o755);
    }
    return dir;
  });
  return { PATH: made.join(delimiter), dirs: made };
}

const never = () => {
  throw new Error('must not install');
};

describe('findChromium', () => {
  it('takes CHROMIUM_PATH first', () => {
    const { PATH, dirs } = fakePath([['my-chrome'], ['chromium']]);
    expect(findChromium({ env: { PATH, CHROMIUM_PATH: join(dirs[0]!, 'my-chrome') } })).toBe(join(dirs[0]!, 'my-chrome'));
  });

  it('a CHROMIUM_PATH that is not there is an error naming it, even with chromium on PATH', () => {
    const { PATH } = fakePath([['chromium']]);
    expect(() => findChromium({ env: { PATH, CHROMIUM_PATH: '/no/such/chrome' } })).toThrow(/^CHROMIUM_PATH=\/no\/such\/chrome is not an executable file: install Debian's `chromium fonts-dejavu-core`/);
  });

  it('looks up chromium, chromium-browser, google-chrome on PATH, in that order of names', () => {
    const { PATH, dirs } = fakePath([['google-chrome'], ['chromium-browser'], ['chromium']]);
    expect(findChromium({ env: { PATH } })).toBe(join(dirs[2]!, 'chromium'));
    const two = fakePath([['google-chrome'], ['chromium-browser']]);
    expect(findChromium({ env: { PATH: two.PATH } })).toBe(join(two.dirs[1]!, 'chromium-browser'));
  });

  it('skips files that are not executable, and folders', () => {
    const { PATH, dirs } = fakePath([['chromium'], ['google-chrome']], ['chromium']);
    mkdirSync(join(dirs[1]!, 'chromium-browser'));
    expect(findChromium({ env: { PATH } })).toBe(join(dirs[1]!, 'google-chrome'));
  });

  it('is undefined when there is none', () => {
    expect(findChromium({ env: { PATH: fakePath([['chromedriver']]).PATH } })).toBeUndefined();
    expect(findChromium({ env: {} })).toBeUndefined();
  });
});

describe('ensureChromium', () => {
  it('installs nothing when Chromium is there', () => {
    const { PATH, dirs } = fakePath([['chromium']]);
    expect(ensureChromium({ env: { PATH }, uid: 0, install: never })).toBe(join(dirs[0]!, 'chromium'));
  });

  it('as root, installs the Debian packages once, then finds the browser they bring', () => {
    const { PATH, dirs } = fakePath([[]]);
    const installs: string[][] = [];
    const install = (packages: string[]) => {
      installs.push(packages);
      writeFileSync(join(dirs[0]!, 'chromium'), '#!/bin/sh\n', { mode: 0o755 });
    };
    expect(ensureChromium({ env: { PATH }, uid: 0, install })).toBe(join(dirs[0]!, 'chromium'));
    expect(installs).toEqual([['chromium', 'fonts-dejavu-core']]);
    expect(CHROMIUM_PACKAGES).toEqual(['chromium', 'fonts-dejavu-core']);
  });

  it('as another user, fails at once with one line naming what to install', () => {
    const { PATH } = fakePath([[]]);
    let message = '';
    try {
      ensureChromium({ env: { PATH }, uid: 1000, install: never });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toBe(
      "Chromium not found (CHROMIUM_PATH unset; no chromium, chromium-browser, google-chrome on PATH): install Debian's `chromium fonts-dejavu-core` (apt-get install -y chromium fonts-dejavu-core, as root the tests do it themselves) or set CHROMIUM_PATH to a Chromium binary.",
    );
  });

  it('says so when the install brought no browser', () => {
    const { PATH } = fakePath([[]]);
    expect(() => ensureChromium({ env: { PATH }, uid: 0, install: () => undefined })).toThrow(/after installing chromium fonts-dejavu-core: install Debian's/);
  });
});
