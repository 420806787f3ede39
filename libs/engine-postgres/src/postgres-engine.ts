import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Client, types, type ClientConfig } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { postgresDialect, quoteIdent, quoteString, sqlSummary, type Engine, type RawCsvLoad, type Row, type SqlValue } from '@finlake/engine';
import { splitCsvFile } from '@finlake/engine-csv';
import { DatabaseBusyError, EngineError, UsageError } from '@finlake/errors';
import { POSTGRES_FUNCTION_SIGNATURES, POSTGRES_FUNCTIONS } from './functions';

export interface PostgresOptions {
  /** postgres://user:pass@host:port/db; when absent, the standard PG* environment variables apply. */
  url?: string;
  /** Use this database instead of the one the URL or PGDATABASE names. */
  database?: string;
  /** Shown in messages instead of the URL (which may hold a password). */
  label?: string;
}

/** Connection settings for options, with `database` replacing the URL's or PGDATABASE. */
export function connectionConfig(options: PostgresOptions): ClientConfig {
  if (!options.url) return { database: options.database };
  if (!options.database) return { connectionString: options.url };
  const url = new URL(options.url);
  url.pathname = `/${options.database}`;
  return { connectionString: url.toString() };
}

// Exact values for JavaScript: big integers as numbers when safe, NUMERIC/DATE/TIMESTAMP as text.
const TYPE_OIDS = { int8: 20, numeric: 1700, date: 1082, timestamp: 1114, timestamptz: 1184, int4Array: 1007, int8Array: 1016 };
const asText = (value: string) => value;
// Integer arrays as the text DuckDB gives its lists ('{3,0,2}' → '[3, 0, 2]'): one value on both engines.
const asListText = (value: string) => `[${value.slice(1, -1).split(',').filter((v) => v !== '').join(', ')}]`;
const parsers: Record<number, (value: string) => unknown> = {
  [TYPE_OIDS.int8]: (v) => (Number.isSafeInteger(Number(v)) ? Number(v) : v),
  [TYPE_OIDS.numeric]: asText,
  [TYPE_OIDS.date]: asText,
  [TYPE_OIDS.timestamp]: asText,
  [TYPE_OIDS.timestamptz]: asText,
  [TYPE_OIDS.int4Array]: asListText,
  [TYPE_OIDS.int8Array]: asListText,
};
const typeParser = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') => parsers[oid] ?? types.getTypeParser(oid, format),
} as ClientConfig['types'];

/** `?` placeholders (outside quotes) become `$1, $2, ...` so the pipeline's SQL runs unchanged. */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  let out = '';
  let quote: string | null = null;
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '?') {
      out += `$${++n}`;
      continue;
    }
    out += ch;
  }
  return out;
}

/** PostgreSQL behind the engine interface: COPY FROM STDIN for loads, real transactions, advisory locks. */
export class PostgresEngine implements Engine {
  readonly dialect = postgresDialect;

  private constructor(
    private readonly client: Client,
    private readonly label: string,
  ) {}

  static async create(options: PostgresOptions = {}): Promise<PostgresEngine> {
    const label = options.label ?? (options.url ? redact(options.url) : `PG* environment (${process.env.PGHOST ?? 'localhost'})`);
    const client = new Client({ ...connectionConfig(options), types: typeParser, application_name: 'finlake' });
    try {
      await client.connect();
    } catch (err) {
      throw new UsageError(`Cannot connect to PostgreSQL at ${label}: ${(err as Error).message}. Set --pg-url or the PG* environment variables.`);
    }
    // A dropped connection must not crash the process with an unhandled 'error' event.
    client.on('error', () => undefined);
    const engine = new PostgresEngine(client, label);
    await engine.run(`set time zone 'UTC'; set datestyle = 'ISO, YMD'; set client_min_messages = warning`);
    await engine.installFunctions();
    return engine;
  }

  /**
   * Install the try-cast functions where any is missing (a new database, or one set up by an
   * older finlake); concurrent sessions queue on a lock instead of racing.
   */
  private async installFunctions(): Promise<void> {
    const wanted = POSTGRES_FUNCTION_SIGNATURES.map((sig) => `to_regprocedure(${quoteString(sig)}) is not null`).join(' and ');
    const [present] = await this.query<{ ok: boolean }>(`select ${wanted} as ok`);
    if (present?.ok) return;
    await this.run(`begin; select pg_advisory_xact_lock(hashtext('finlake:install-functions')); ${POSTGRES_FUNCTIONS} commit;`);
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<void> {
    await this.exec(sql, params);
  }

  async query<T extends Row = Row>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    const result = await this.exec(sql, params);
    const last = Array.isArray(result) ? result[result.length - 1] : result;
    return (last?.rows ?? []) as T[];
  }

  private async exec(sql: string, params: readonly SqlValue[]) {
    try {
      return params.length === 0 ? await this.client.query(sql) : await this.client.query(numberPlaceholders(sql), params as unknown[]);
    } catch (err) {
      throw new EngineError(`run SQL on PostgreSQL (${sqlSummary(sql)})`, (err as Error).message);
    }
  }

  /**
   * The CSV is split by the same strict reader as on DuckDB (libs/engine-csv), so both engines
   * see identical records, record numbers and rejects; the fields then stream in with COPY.
   */
  async loadRawCsv(path: string, table: string, columnCount: number): Promise<RawCsvLoad> {
    const scratch = mkdtempSync(join(tmpdir(), 'finlake-pg-'));
    try {
      const file = join(scratch, 'fields.csv');
      const loaded = await splitCsvFile(path, columnCount, file);
      const columns = Array.from({ length: columnCount }, (_, i) => `c${i}`);
      const t = quoteIdent(table);
      await this.run(`drop table if exists ${t}; create temp table ${t} (rec bigint, ${columns.map((c) => `${c} text`).join(', ')})`);
      try {
        await pipeline(createReadStream(file), this.client.query(copyFrom(`copy ${t} from stdin with (format csv)`)));
      } catch (err) {
        throw new EngineError(`COPY ${path} into PostgreSQL`, (err as Error).message);
      }
      await this.run(`analyze ${t}`);
      return loaded;
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }

  /**
   * Serialise runs of one product across processes: a second run fails at once with a clear
   * message instead of interleaving (the lock ends with the session).
   */
  async lock(name: string): Promise<void> {
    const [row] = await this.query<{ locked: boolean }>(`select pg_try_advisory_lock(hashtext(?)) as locked`, [`finlake:${name}`]);
    if (!row?.locked) {
      throw new DatabaseBusyError(`Another finlake run of ${name} is in progress on ${this.label}; nothing was changed. Wait for it to finish and run again.`);
    }
  }

  /** Another session holds the run lock of `name`: try it, and give it back at once when it was free. */
  async isLocked(name: string): Promise<boolean> {
    const [row] = await this.query<{ locked: boolean }>(`select pg_try_advisory_lock(hashtext(?)) as locked`, [`finlake:${name}`]);
    if (row?.locked) await this.query(`select pg_advisory_unlock(hashtext(?)) as unlocked`, [`finlake:${name}`]);
    return !row?.locked;
  }

  begin(): Promise<void> {
    return this.run('begin');
  }
  commit(): Promise<void> {
    return this.run('commit');
  }
  rollback(): Promise<void> {
    return this.run('rollback');
  }
  /** PostgreSQL makes a commit durable itself (WAL); nothing to do. */
  async checkpoint(): Promise<void> {}

  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

