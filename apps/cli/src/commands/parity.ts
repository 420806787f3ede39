import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { Engine } from '@finlake/engine';
import { DEFAULT_MEMORY_LIMIT, DuckDbEngine } from '@finlake/engine-duckdb';
import { PostgresEngine, connectionConfig } from '@finlake/engine-postgres';
import { FinlakeError, ExitCode, UsageError } from '@finlake/errors';
import { compareProfiles, productFor, profileWarehouse, runPipeline, type TableProfile } from '@finlake/pipeline';
import type { GlobalOptions } from '../main';
import { bold, green, log, printJson, red, renderTable } from '../output';

export interface ParityCommandOptions extends GlobalOptions {
  product: string;
  input: string;
  engines: string;
  maxQuarantineRate: number;
}

const SUPPORTED = ['duckdb', 'postgres'] as const;
type EngineName = (typeof SUPPORTED)[number];

/** A fresh, throw-away warehouse on an engine: a temporary DuckDB file, or a new PostgreSQL database. */
interface Scratch {
  engine: Engine;
  dispose(): Promise<void>;
}

async function scratchWarehouse(name: EngineName, pgUrl: string | undefined): Promise<Scratch> {
  if (name === 'duckdb') {
    const dir = mkdtempSync(join(tmpdir(), 'finlake-parity-'));
    const engine = await DuckDbEngine.create({ path: join(dir, 'parity.duckdb'), memoryLimit: DEFAULT_MEMORY_LIMIT, tempDirectory: dir });
    return { engine, dispose: async () => (await engine.close(), rmSync(dir, { recursive: true, force: true })) };
  }
  const database = `finlake_parity_${randomBytes(5).toString('hex')}`;
  const admin = new Client(connectionConfig({ url: pgUrl }));
  try {
    await admin.connect();
    await admin.query(`create database ${database}`);
  } catch (err) {
    throw new UsageError(`Cannot create a scratch database on PostgreSQL for the parity check: ${(err as Error).message}. Set --pg-url (or PG*) to a server where you may create databases.`);
  } finally {
    await admin.end().catch(() => undefined);
  }
  const engine = await PostgresEngine.create({ url: pgUrl, database });
  return {
    engine,
    dispose: async () => {
      await engine.close();
      const cleanup = new Client(connectionConfig({ url: pgUrl }));
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${database}`).finally(() => cleanup.end());
    },
  };
}

export async function parityCommand(options: ParityCommandOptions): Promise<void> {
  const names = options.engines.split(',').map((e) => e.trim());
  const unknown = names.filter((n) => !SUPPORTED.includes(n as EngineName));
  if (names.length !== 2 || unknown.length > 0) throw new UsageError(`--engines takes two of ${SUPPORTED.join(', ')} separated by a comma, got "${options.engines}".`);
  const { models } = productFor(options.product);
  const now = new Date();
  const results: { engine: string; seconds: number; status: string; profiles: TableProfile[] }[] = [];
  for (const name of names as EngineName[]) {
    const scratch = await scratchWarehouse(name, options.pgUrl);
    try {
      if (!options.json) log(`${name}: running ${options.product} on ${options.input} ...`);
      const started = performance.now();
      const run = await runPipeline(scratch.engine, { product: options.product, inputDir: options.input, maxQuarantineRate: options.maxQuarantineRate, now });
      const seconds = (performance.now() - started) / 1000;
      results.push({ engine: name, seconds, status: run.status, profiles: await profileWarehouse(scratch.engine, models) });
    } finally {
      await scratch.dispose();
    }
  }
  const [left, right] = results as [(typeof results)[0], (typeof results)[0]];
  const differences = compareProfiles(left.profiles, right.profiles);
  if (left.status !== right.status) differences.unshift({ table: '(run)', measure: 'status', left: left.status, right: right.status });
  if (options.json) {
    printJson({ engines: results.map(({ engine, seconds, status }) => ({ engine, seconds, status })), identical: differences.length === 0, differences, tables: left.profiles });
  } else {
    log(renderTable(results.map((r) => ({ engine: r.engine, status: r.status, seconds: r.seconds.toFixed(2) }))));
    log(
      renderTable(
        left.profiles.map((p) => ({
          table: p.table,
          rows: p.rows,
          sums: Object.keys(p.sums).length,
          parity: differences.some((d) => d.table === p.table) ? red('DIFFERENT') : green('identical'),
        })),
      ),
    );
    if (differences.length) log(renderTable(differences.map((d) => ({ ...d }))));
    log(bold(differences.length === 0 ? `Identical on ${names.join(' and ')}: row counts, sums, key and row checksums of every table.` : `${differences.length} difference(s) between ${names.join(' and ')}.`));
  }
  if (differences.length > 0) throw new FinlakeError(`the engines disagree (${differences.length} difference(s))`, ExitCode.unexpected);
}
