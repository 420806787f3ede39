/**
 * Where the browser tests find Chromium: CHROMIUM_PATH, else `chromium`, `chromium-browser` or
 * `google-chrome` on PATH. When there is none and the run is root (as CI is), jest's global setup
 * installs Debian's packages with apt-get once; otherwise the tests fail at once with one line
 * that says what to install. puppeteer-core never downloads a browser.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { execFileSync } from 'node:child_process';

/** Executable names looked up on PATH, in this order. */
export const CHROMIUM_NAMES = ['chromium', 'chromium-browser', 'google-chrome'];
/** Debian packages that give a headless Chromium able to render the report's text. */
export const CHROMIUM_PACKAGES = ['chromium', 'fonts-dejavu-core'];

export interface ChromiumOptions {
  env?: NodeJS.ProcessEnv;
  /** The user id; a parameter so tests can pose as root or not. */
  uid?: number;
  /** Installs the Debian packages; a parameter so tests never install anything. */
  install?: (packages: string[]) => void;
}

const isExecutable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
};

/** Why there is no browser, when neither CHROMIUM_PATH nor PATH gives one. */
export const CHROMIUM_NOT_FOUND = `Chromium not found (CHROMIUM_PATH unset; no ${CHROMIUM_NAMES.join(', ')} on PATH)`;

/** One line: what is missing and how to get it. */
export const missingChromium = (why: string): string =>
  `${why}: install Debian's \`${CHROMIUM_PACKAGES.join(' ')}\` (apt-get install -y ${CHROMIUM_PACKAGES.join(' ')}, as root the tests do it themselves) or set CHROMIUM_PATH to a Chromium binary.`;

/** The Chromium binary to use, or undefined when there is none. A CHROMIUM_PATH that does not exist is an error. */
export function findChromium({ env = process.env }: Pick<ChromiumOptions, 'env'> = {}): string | undefined {
  if (env.CHROMIUM_PATH) {
    if (!isExecutable(env.CHROMIUM_PATH)) throw new Error(missingChromium(`CHROMIUM_PATH=${env.CHROMIUM_PATH} is not an executable file`));
    return env.CHROMIUM_PATH;
  }
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of CHROMIUM_NAMES) {
    for (const dir of dirs) {
      if (isExecutable(join(dir, name))) return join(dir, name);
    }
  }
  return undefined;
}

/** apt-get update, then install the packages (non-interactive, no recommended extras). */
export function aptInstall(packages: string[]): void {
  process.stderr.write(`Installing ${packages.join(' ')} with apt-get: the report's browser tests use Chromium.\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const stdio: ['ignore', 'ignore', 'inherit'] = ['ignore', 'ignore', 'inherit'];
  try {
    execFileSync('apt-get', ['update', '-qq'], { env, stdio });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], { env, stdio });
  } catch (err) {
    throw new Error(missingChromium(`apt-get could not install ${packages.join(' ')} (${(err as Error).message.split('\n')[0]})`));
  }
}

/** Find Chromium; as root, install it first when there is none. Throws one line when it cannot. */
export function ensureChromium({ env = process.env, uid = process.getuid?.(), install = aptInstall }: ChromiumOptions = {}): string {
  const found = findChromium({ env });
  if (found) return found;
  if (uid !== 0) throw new Error(missingChromium(CHROMIUM_NOT_FOUND));
  install(CHROMIUM_PACKAGES);
  const installed = findChromium({ env });
  if (!installed) throw new Error(missingChromium(`${CHROMIUM_NOT_FOUND} after installing ${CHROMIUM_PACKAGES.join(' ')}`));
  return installed;
}
