import { randomUUID } from 'node:crypto';
import { productSchemas } from '@finlake/contracts';
import { awsError } from './aws-error';
import type { LocalLake } from './lake';
import { LocalProcedures, PROCEDURE_ARITY, type ProcedureName } from './procedures';

export interface ExecuteStatementInput {
  Sql?: string;
  ClusterIdentifier?: string;
  Database?: string;
  SecretArn?: string;
  StatementName?: string;
  WithEvent?: boolean;
}

export type StatementStatus = 'SUBMITTED' | 'STARTED' | 'FINISHED' | 'FAILED';

export interface StatementRecord {
  Id: string;
  QueryString: string;
  StatementName?: string;
  Status: StatementStatus;
  /** Why the statement failed, as describeStatement reports it. */
  Error?: string;
  CreatedAt: string;
  UpdatedAt: string;
  /** The procedure's return value (copied batches, gate results), for inspection. */
  result?: unknown;
}

export interface LocalRedshiftDataOptions {
  /** true: executeStatement returns when the statement has ended; false (default): it runs in the background, as on Redshift. */
  synchronous?: boolean;
  /** Called on every executeStatement before anything else; throw an awsError to simulate an API error (throttling). */
  beforeExecute?: (input: ExecuteStatementInput, call: number) => void;
  /** Called before a procedure runs; throwing fails the statement with that message (an injected failure). */
  beforeProcedure?: (name: ProcedureName, args: string[]) => void | Promise<void>;
}

export interface ParsedCall {
  schema: string;
  procedure: string;
  args: string[];
}

/**
 * `CALL schema.procedure('text', ...)` → its parts. Only text literals are accepted as arguments
 * (all the pipeline's procedures take); `''` inside a literal is a quote.
 */
export function parseCall(sql: string): ParsedCall {
  const m = /^\s*call\s+([A-Za-z_][A-Za-z0-9_]*)\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)\s*\(([\s\S]*)\)\s*;?\s*$/i.exec(sql);
  if (!m) throw new Error(`syntax error: the local Data API runs only CALL <schema>.<procedure>('text', ...); got: ${sql}`);
  const args: string[] = [];
  const text = m[3]!;
  let i = 0;
  const skipSpace = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  skipSpace();
  while (i < text.length) {
    if (text[i] !== "'") throw new Error(`syntax error at argument ${args.length + 1} of ${sql}: only 'text' literals are accepted.`);
    let value = '';
    i++;
    for (;;) {
      if (i >= text.length) throw new Error(`syntax error: unterminated text literal in ${sql}`);
      if (text[i] === "'") {
        if (text[i + 1] === "'") {
          value += "'";
          i += 2;
          continue;
        }
        i++;
        break;
      }
      value += text[i++];
    }
    args.push(value);
    skipSpace();
    if (i < text.length) {
      if (text[i] !== ',') throw new Error(`syntax error: expected "," after argument ${args.length} of ${sql}`);
      i++;
      skipSpace();
      if (i >= text.length) throw new Error(`syntax error: missing argument after "," in ${sql}`);
    }
  }
  return { schema: m[1]!.toLowerCase(), procedure: m[2]!.toLowerCase(), args };
}

/**
 * The Redshift Data API, locally: executeStatement returns an Id at once and runs the statement
 * (a stored-procedure CALL) on the lake's engine; describeStatement reports SUBMITTED, STARTED,
 * FINISHED or FAILED with the error. Statements run one at a time, in order of submission.
 */
export class LocalRedshiftData {
  readonly procedures: LocalProcedures;
  /** Every executeStatement call, including the ones that threw. */
  readonly executeCalls: ExecuteStatementInput[] = [];
  private readonly records = new Map<string, StatementRecord>();
  private readonly running = new Set<Promise<void>>();
  /** The schema the lake's product keeps its procedures in (`CALL <schema>.sp_...`). */
  private readonly schema: string;

  constructor(
    private readonly lake: LocalLake,
    private readonly options: LocalRedshiftDataOptions = {},
  ) {
    this.procedures = new LocalProcedures(lake);
    this.schema = productSchemas(lake.contract.name).procedures;
  }

  async executeStatement(input: ExecuteStatementInput): Promise<{ Id: string; ClusterIdentifier?: string; Database?: string; SecretArn?: string; CreatedAt: string }> {
    this.executeCalls.push(input);
    this.options.beforeExecute?.(input, this.executeCalls.length);
    if (typeof input?.Sql !== 'string' || input.Sql.trim() === '') throw awsError('RedshiftData.ValidationException', 'Sql is required.');
    const now = new Date().toISOString();
    const record: StatementRecord = { Id: randomUUID(), QueryString: input.Sql, StatementName: input.StatementName, Status: 'SUBMITTED', CreatedAt: now, UpdatedAt: now };
    this.records.set(record.Id, record);
    const done = this.lake.exclusive(() => this.run(record));
    this.running.add(done);
    void done.finally(() => this.running.delete(done));
    if (this.options.synchronous) await done;
    return { Id: record.Id, ClusterIdentifier: input.ClusterIdentifier, Database: input.Database, SecretArn: input.SecretArn, CreatedAt: record.CreatedAt };
  }

  describeStatement(input: { Id?: string }): { Id: string; Status: StatementStatus; Error?: string; QueryString: string; StatementName?: string; CreatedAt: string; UpdatedAt: string } {
    const record = input?.Id === undefined ? undefined : this.records.get(input.Id);
    if (!record) throw awsError('RedshiftData.ResourceNotFoundException', `Statement ${input?.Id} not found.`);
    return { Id: record.Id, Status: record.Status, Error: record.Error, QueryString: record.QueryString, StatementName: record.StatementName, CreatedAt: record.CreatedAt, UpdatedAt: record.UpdatedAt };
  }

  /** Every statement, in order of submission. */
  statements(): StatementRecord[] {
    return [...this.records.values()];
  }

  /** Resolves when no statement is waiting or running. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private async run(record: StatementRecord): Promise<void> {
    this.update(record, 'STARTED');
    try {
      const call = parseCall(record.QueryString);
      if (call.schema !== this.schema) throw new Error(`schema "${call.schema}" does not exist.`);
      const name = call.procedure as ProcedureName;
      if (!Object.hasOwn(PROCEDURE_ARITY, name) || PROCEDURE_ARITY[name] !== call.args.length) throw new Error(`procedure ${call.schema}.${call.procedure}(${call.args.length} arguments) does not exist.`);
      try {
        await this.options.beforeProcedure?.(name, call.args);
        record.result = await this.procedures.call(name, call.args);
      } catch (err) {
        // Procedures name themselves in their errors, so the failure says where it happened.
        const message = (err as Error).message;
        throw new Error(message.startsWith(`${name}:`) ? message : `${name}: ${message}`);
      }
      this.update(record, 'FINISHED');
    } catch (err) {
      record.Error = (err as Error).message;
      this.update(record, 'FAILED');
    }
  }

  private update(record: StatementRecord, status: StatementStatus): void {
    record.Status = status;
    record.UpdatedAt = new Date().toISOString();
  }
}
