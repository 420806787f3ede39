import { redshiftDialect, type Engine, type RawCsvLoad, type Row, type SqlValue } from '@finlake/engine';

/**
 * An engine that runs nothing: it records the statements a pipeline step sends, rendered with the
 * Redshift dialect. The key-map, build, staging and swap steps only call `run`, so the procedures
 * contain exactly the SQL the pipeline runs on the local engines.
 */
export class RecordingEngine implements Engine {
  readonly dialect = redshiftDialect;
  readonly statements: string[] = [];
  async run(sql: string, params?: readonly SqlValue[]): Promise<void> {
    if (params?.length) throw new Error(`A recorded statement has bound parameters, which a procedure cannot carry: ${sql}`);
    this.statements.push(sql);
  }
  private refuse(what: string): never {
    throw new Error(`RecordingEngine records run() only; the step called ${what}()`);
  }
  async query<T extends Row = Row>(): Promise<T[]> {
    return this.refuse('query');
  }
  async loadRawCsv(): Promise<RawCsvLoad> {
    return this.refuse('loadRawCsv');
  }
  async lock(): Promise<void> {
    this.refuse('lock');
  }
  async begin(): Promise<void> {
    this.refuse('begin');
  }
  async commit(): Promise<void> {
    this.refuse('commit');
  }
  async rollback(): Promise<void> {
    this.refuse('rollback');
  }
  async checkpoint(): Promise<void> {
    this.refuse('checkpoint');
  }
  async close(): Promise<void> {}
}

/** The statements a step sends, recorded with the Redshift dialect. */
export async function recorded(step: (engine: Engine) => Promise<void>): Promise<string[]> {
  const engine = new RecordingEngine();
  await step(engine);
  return engine.statements;
}
