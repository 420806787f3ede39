/**
 * The engines the benchmark knows. The parent process only needs these names and whether each
 * can run; the code that opens and resets an engine runs in the measuring child (adapters.ts).
 *
 * To plug in an engine (PostgreSQL next): add its adapter to adapters.ts and set `available`.
 */
import { join } from 'node:path';

export interface EngineInfo {
  name: string;
  available: boolean;
  /** Shown and recorded when the engine is not available. */
  unavailableReason?: string;
}

export const ENGINES: readonly EngineInfo[] = [
  { name: 'duckdb', available: true },
  // libs/engine-postgres is under construction: see the note in adapters.ts.
  { name: 'postgres', available: false, unavailableReason: 'not available yet' },
];

export function engineNamed(name: string): EngineInfo | undefined {
  return ENGINES.find((e) => e.name === name);
}

/** DuckDB's database file and spill directory in a size's work directory. */
export const duckdbPaths = (workDir: string) => ({ db: join(workDir, 'finlake.duckdb'), spill: join(workDir, 'duckdb-tmp') });

/** The scan floor: DuckDB counts the rows of the transactions file, the cheapest full read of it. */
export const floorSql = (file: string) => `select count(*) as n from read_csv('${file.replace(/'/g, "''")}')`;
