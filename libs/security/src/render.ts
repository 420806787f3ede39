import { UsageError } from '@finlake/errors';
import type { SecurityManifest } from './manifest';
import { renderPostgres } from './postgres';
import { renderRedshift } from './redshift';

export type SecurityEngine = 'duckdb' | 'postgres' | 'redshift';

export const DUCKDB_SINGLE_USER =
  'DuckDB is single-user: it has no roles, grants or row-level security, and whoever can open the file reads every row. Use --engine postgres or --engine redshift (docs/security.md).';

/** The manifest's statements for an engine; DuckDB is refused. */
export function renderSecurity(manifest: SecurityManifest, engine: SecurityEngine): string[] {
  if (engine === 'duckdb') throw new UsageError(DUCKDB_SINGLE_USER);
  return engine === 'postgres' ? renderPostgres(manifest) : renderRedshift(manifest);
}

/** Statements as one script to read or run by hand. */
export const securityScript = (statements: readonly string[]): string => statements.map((s) => `${s};\n`).join('');
