import { randomUUID } from 'node:crypto';
import {
  BatchExecuteStatementCommand,
  CancelStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  RedshiftDataClient,
  type ColumnMetadata,
  type DescribeStatementResponse,
} from '@aws-sdk/client-redshift-data';
import { redshiftDialect, sqlSummary, type Engine, type RawCsvLoad, type Row, type SqlValue } from '@finlake/engine';
import { DatabaseBusyError, EngineError, UsageError } from '@finlake/errors';
import { SecretLookup } from './secrets';
import { resolveTarget, settingsFrom, targetFields, targetLabel, type RedshiftSettings, type RedshiftTarget } from './settings';
import { bindParameters, isTruncate, splitStatements, toRows } from './statements';

export interface RedshiftOptions extends RedshiftSettings {
  /** A statement still running after this long is cancelled and reported (default 30 minutes). */
  statementTimeoutMs?: number;
  /** First wait between DescribeStatement polls; doubles up to maxPollIntervalMs (defaults 100 ms, 5 s). */
  pollIntervalMs?: number;
  maxPollIntervalMs?: number;
  /** How long the Data API keeps the session (and its temp tables) alive between statements (default 900 s). */
  sessionKeepAliveSeconds?: number;
  /** A run lock older than this is taken as left behind by a crashed run (default 6 hours). */
  lockTtlSeconds?: number;
}

/** What tests replace: the AWS clients, the clock and the wait between polls. */
export interface RedshiftDeps {
  client?: RedshiftDataClient;
  secrets?: SecretLookup;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  env?: NodeJS.ProcessEnv;
}

const LOCKS = 'meta.finlake_locks';
const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Amazon Redshift behind the engine interface, over the Redshift Data API.
 *
 * Every statement runs in one Data API session (SessionKeepAliveSeconds on the first statement,
 * SessionId after it), so `begin … commit` spans calls and temp tables live for the whole run.
 * Several statements in one `run` go as one BatchExecuteStatement (one transaction, one round
 * trip) outside a transaction, and one by one inside it: a batch commits on its own and would end
 * the caller's transaction early. TRUNCATE commits implicitly on Redshift, so it is refused
 * inside a transaction.
 */
export class RedshiftEngine implements Engine {
  readonly dialect = redshiftDialect;
  private sessionId: string | undefined;
  private inTransaction = false;
  private readonly lockToken = randomUUID();
  private readonly held: string[] = [];

  private constructor(
    private readonly client: RedshiftDataClient,
    private readonly target: RedshiftTarget,
    private readonly options: Required<Pick<RedshiftOptions, 'statementTimeoutMs' | 'pollIntervalMs' | 'maxPollIntervalMs' | 'sessionKeepAliveSeconds' | 'lockTtlSeconds'>>,
    private readonly sleep: (ms: number) => Promise<void>,
    private readonly now: () => number,
  ) {}

  /** Settings from options, else the FINLAKE_REDSHIFT_* environment; a cluster's secret is checked first. */
  static async create(options: RedshiftOptions = {}, deps: RedshiftDeps = {}): Promise<RedshiftEngine> {
    const settings = settingsFrom(options, deps.env ?? process.env);
    const target = resolveTarget(settings);
    // The Data API's own message for a bad secret is vague; read it first for a clear one.
    if (target.secretArn) await (deps.secrets ?? new SecretLookup()).credentials(target.secretArn);
    const client = deps.client ?? new RedshiftDataClient(settings.region ? { region: settings.region } : {});
    const engine = new RedshiftEngine(
      client,
      target,
      {
        statementTimeoutMs: options.statementTimeoutMs ?? 30 * 60_000,
        pollIntervalMs: options.pollIntervalMs ?? 100,
        maxPollIntervalMs: options.maxPollIntervalMs ?? 5_000,
        sessionKeepAliveSeconds: options.sessionKeepAliveSeconds ?? 900,
        lockTtlSeconds: options.lockTtlSeconds ?? 6 * 3600,
      },
      deps.sleep ?? sleepFor,
      deps.now ?? Date.now,
    );
    // Opens the session; timestamps without an offset mean UTC, as on the other engines.
    await engine.run(`set timezone to 'UTC'`);
    return engine;
  }

  get label(): string {
    return targetLabel(this.target);
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<void> {
    await this.execute(sql, params, false);
  }

  async query<T extends Row = Row>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return (await this.execute(sql, params, true)) as T[];
  }

  private async execute(sql: string, params: readonly SqlValue[], wantRows: boolean): Promise<Row[]> {
    const statements = splitStatements(sql);
    if (statements.length === 0) return [];
    if (this.inTransaction) {
      const truncate = statements.find(isTruncate);
      if (truncate) throw new EngineError(`run SQL on ${this.label} (${sqlSummary(truncate)})`, 'TRUNCATE commits the open transaction on Redshift; use DELETE inside a transaction.');
    }
    if (statements.length > 1 && params.length > 0) throw new Error(`Parameters need a single statement on Redshift, got ${statements.length}: ${sqlSummary(sql)}`);
    if (statements.length > 1 && this.inTransaction) {
      let rows: Row[] = [];
      for (const statement of statements) rows = await this.executeOne(statement, [], wantRows);
      return rows;
    }
    if (statements.length > 1) return this.executeBatch(statements, wantRows);
    return this.executeOne(statements[0]!, params, wantRows);
  }

  /** The session's id once open; the target (cluster or workgroup, database, secret) before that. */
  private sessionFields() {
    return this.sessionId ? { SessionId: this.sessionId } : { ...targetFields(this.target), SessionKeepAliveSeconds: this.options.sessionKeepAliveSeconds };
  }

  private async executeOne(statement: string, params: readonly SqlValue[], wantRows: boolean): Promise<Row[]> {
    const bound = bindParameters(statement, params);
    const started = await this.send(statement, () =>
      this.client.send(new ExecuteStatementCommand({ Sql: bound.sql, ...(bound.parameters.length ? { Parameters: bound.parameters } : {}), ...this.sessionFields() })),
    );
    this.keepSession(started.SessionId, statement);
    const done = await this.waitFor(started.Id!, statement);
    return wantRows && done.HasResultSet ? this.fetchRows(done.Id!, statement) : [];
  }

  private async executeBatch(statements: string[], wantRows: boolean): Promise<Row[]> {
    const started = await this.send(statements[0]!, () => this.client.send(new BatchExecuteStatementCommand({ Sqls: statements, ...this.sessionFields() })));
    this.keepSession(started.SessionId, statements[0]!);
    const done = await this.waitFor(started.Id!, statements.join('; '));
    // Sub-statements have their own ids; the rows of a batch are those of its last statement.
    const last = done.SubStatements?.[done.SubStatements.length - 1];
    return wantRows && last?.HasResultSet ? this.fetchRows(last.Id!, statements[statements.length - 1]!) : [];
  }

  /** Without a session every statement would run on its own connection: no transaction, no temp tables. */
  private keepSession(sessionId: string | undefined, statement: string): void {
    if (this.sessionId) return;
    if (!sessionId) throw new EngineError(`run SQL on ${this.label} (${sqlSummary(statement)})`, 'the Data API returned no SessionId, so statements cannot share a transaction');
    this.sessionId = sessionId;
  }

  /** An SDK call, its failure reported as an EngineError naming the statement. */
  private async send<T>(statement: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      throw new EngineError(`run SQL on ${this.label} (${sqlSummary(statement)})`, (err as Error).message);
    }
  }

  /** Poll DescribeStatement with backoff until the statement ends; cancel it past the timeout. */
  private async waitFor(id: string, statement: string): Promise<DescribeStatementResponse> {
    const started = this.now();
    let delay = this.options.pollIntervalMs;
    for (;;) {
      const status = await this.send(statement, () => this.client.send(new DescribeStatementCommand({ Id: id })));
      if (status.Status === 'FINISHED') return status;
      if (status.Status === 'FAILED' || status.Status === 'ABORTED') {
        const failed = status.SubStatements?.find((s) => s.Status === 'FAILED');
        const which = failed?.QueryString ? ` in "${sqlSummary(failed.QueryString)}"` : '';
        throw new EngineError(`run SQL on ${this.label} (${sqlSummary(statement)})`, `${status.Error ?? failed?.Error ?? status.Status}${which} [statement ${id}]`);
      }
      const elapsed = this.now() - started;
      if (elapsed >= this.options.statementTimeoutMs) {
        const cancelled = await this.client.send(new CancelStatementCommand({ Id: id })).then(
          (r) => (r.Status ? 'cancelled' : 'cancel not confirmed'),
          (err: Error) => `cancel failed: ${err.message}`,
        );
        throw new EngineError(`run SQL on ${this.label} (${sqlSummary(statement)})`, `still ${status.Status} after ${Math.round(elapsed / 1000)} s, over the ${Math.round(this.options.statementTimeoutMs / 1000)} s statement timeout; ${cancelled} [statement ${id}]`);
      }
      await this.sleep(delay);
      delay = Math.min(delay * 2, this.options.maxPollIntervalMs);
    }
  }

  /** Every page of a result (GetStatementResult with NextToken). */
  private async fetchRows(id: string, statement: string): Promise<Row[]> {
    const rows: Row[] = [];
    let nextToken: string | undefined;
    let columns: ColumnMetadata[] = [];
    do {
      const page = await this.fetchPage(id, statement, nextToken);
      // Column metadata comes with the first page only.
      if (page.ColumnMetadata?.length) columns = page.ColumnMetadata;
      rows.push(...toRows(columns, page.Records ?? []));
      nextToken = page.NextToken;
    } while (nextToken);
    return rows;
  }

  private fetchPage(id: string, statement: string, nextToken: string | undefined) {
    return this.send(statement, () => this.client.send(new GetStatementResultCommand({ Id: id, ...(nextToken ? { NextToken: nextToken } : {}) })));
  }

  /**
   * Raw files reach Redshift through the Glue job (raw CSV → contract checks → Parquet in the
   * processed bucket, loaded with COPY): the strict local CSV reader has no Redshift equivalent.
   */
  async loadRawCsv(path: string): Promise<RawCsvLoad> {
    throw new UsageError(
      `Cannot read raw CSV ${path} on ${this.label}: on Redshift, raw files are validated by the Glue job (apps/glue) and arrive as Parquet loaded with COPY. Run the local pipeline with --engine duckdb or postgres.`,
    );
  }

  /**
   * Redshift has no advisory locks: a row in meta.finlake_locks, inserted if absent while the
   * table is locked (LOCK serialises acquirers), names the holder until close. A row older than
   * lockTtlSeconds is taken as left by a crashed run.
   */
  async lock(name: string): Promise<void> {
    await this.run(`create schema if not exists meta; create table if not exists ${LOCKS} (name varchar(256) not null, holder varchar(64) not null, acquired_at timestamp not null)`);
    await this.begin();
    let holder: string | undefined;
    try {
      await this.run(`lock ${LOCKS}`);
      await this.run(`delete from ${LOCKS} where name = ? and acquired_at < dateadd(second, -${Math.floor(this.options.lockTtlSeconds)}, getdate())`, [name]);
      await this.run(`insert into ${LOCKS} (name, holder, acquired_at) select ?, ?, getdate() where not exists (select 1 from ${LOCKS} where name = ?)`, [name, this.lockToken, name]);
      [{ holder } = { holder: undefined }] = await this.query<{ holder: string }>(`select holder from ${LOCKS} where name = ?`, [name]);
      await this.commit();
    } catch (err) {
      await this.rollback().catch(() => undefined);
      throw err;
    }
    if (holder !== this.lockToken) {
      throw new DatabaseBusyError(
        `Another finlake run of ${name} is in progress on ${this.label}; nothing was changed. Wait for it to finish and run again (a crashed run's lock expires after ${this.options.lockTtlSeconds} s, or delete its row from ${LOCKS}).`,
      );
    }
    this.held.push(name);
  }

  async begin(): Promise<void> {
    await this.run('begin');
    this.inTransaction = true;
  }
  async commit(): Promise<void> {
    this.inTransaction = false;
    await this.run('commit');
  }
  async rollback(): Promise<void> {
    this.inTransaction = false;
    await this.run('rollback');
  }
  /** Redshift makes a commit durable itself; nothing to do. */
  async checkpoint(): Promise<void> {}

  /** Release the run locks. The Data API has no call that ends a session: it lapses after its keep-alive. */
  async close(): Promise<void> {
    if (this.held.length > 0 && this.sessionId) {
      await this.run(`delete from ${LOCKS} where holder = ?`, [this.lockToken]).catch(() => undefined);
      this.held.length = 0;
    }
  }
}
