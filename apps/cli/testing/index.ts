import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Engine } from '@finlake/engine';
import { DuckDbEngine } from '@finlake/engine-duckdb';
import { PostgresEngine } from '@finlake/engine-postgres';
import { createTestDatabase } from '@finlake/engine-postgres/testing';
import { tempDir } from '@finlake/pipeline/testing';
import { bundleState, DIST } from '../bin/bundle-state';

const ROOT = join(__dirname, '..', '..', '..');
const MAIN = join(ROOT, 'apps', 'cli', 'src', 'main.ts');

/**
 * Node arguments that start the CLI: the compiled bundle, as the `finlake` bin runs it (jest's
 * global setup builds it), or the sources through tsx when a source changed since that build.
 */
export function cliArgs(): string[] {
  return bundleState() === 'fresh' ? [join(DIST, 'main.js')] : ['--import', pathToFileURL(require.resolve('tsx')).href, MAIN];
}

export interface CliResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Run the real CLI in a child process (as users do), with NO_COLOR and optional extra environment. */
export function finlake(args: string[], env: Record<string, string> = {}): CliResult {
  const result = spawnSync(process.execPath, [...cliArgs(), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FINLAKE_FAILPOINT: '', ...env },
    timeout: 300_000,
  });
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

/** Start the CLI without waiting (for concurrency tests). */
export function finlakeAsync(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...cliArgs(), ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
}

/** Where a CLI test keeps its warehouse: a DuckDB file, or a fresh database on the test cluster. */
export interface Target {
  name: 'duckdb' | 'postgres';
  /** Global CLI arguments naming a new, empty warehouse. */
  fresh(): Promise<string[]>;
}

export const TARGETS: Target[] = [
  { name: 'duckdb', fresh: async () => ['--db', join(tempDir('finlake-cli-'), 'w.duckdb')] },
  { name: 'postgres', fresh: async () => ['--engine', 'postgres', '--pg-url', await createTestDatabase()] },
];

/** Open the warehouse that CLI arguments from a Target name, in this process. */
export async function openTarget(args: string[]): Promise<Engine> {
  const value = (flag: string) => args[args.indexOf(flag) + 1];
  return args.includes('--pg-url') ? PostgresEngine.create({ url: value('--pg-url') }) : DuckDbEngine.create({ path: value('--db')! });
}
