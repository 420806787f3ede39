/**
 * The engines the benchmark knows. The parent process only needs these names and whether each
 * can run; the code that opens and resets an engine runs in the measuring child (adapters.ts).
 *
 * To plug in an engine: add its adapter to adapters.ts and say when it is available.
 */
import { join } from 'node:path';
import { quoteString } from '@finlake/engine';

export interface EngineInfo {
  name: string;
  available: boolean;
  /** Shown and recorded when the engine is not available. */
  unavailableReason?: string;
}

export const ENGINES: readonly EngineInfo[] = [
  { name: 'duckdb', available: true },
  // A server of the user's: the benchmark never starts one itself.
  {
    name: 'postgres',
    available: Boolean(process.env.FINLAKE_BENCH_PG_URL),
    unavailableReason: 'set FINLAKE_BENCH_PG_URL to a database the benchmark may reset',
  },
];

export function engineNamed(name: string): EngineInfo | undefined {
  return ENGINES.find((e) => e.name === name);
}

/** DuckDB's database file and spill directory in a size's work directory. */
export const duckdbPaths = (workDir: string) => ({ db: join(workDir, 'finlake.duckdb'), spill: join(workDir, 'duckdb-tmp') });

/** The scan floor: DuckDB counts the rows of the largest input file, the cheapest full read of it. */
export const floorSql = (file: string) => `select count(*) as n from read_csv(${quoteString(file)})`;
