import { redshiftDialect, type Engine, type RawCsvLoad, type Row, type SqlValue } from '@finlake/engine';
import { StrategyCodes, type StrategyCode } from '@finlake/pipeline';

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
  protected refuse(what: string): never {
    throw new Error(`RecordingEngine records run() only; the step called ${what}()`);
  }
  async query<T extends Row = Row>(_sql?: string, _params?: readonly SqlValue[]): Promise<T[]> {
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

/** What a build finds in the warehouse when sp_build_models runs: the tables the deployed DDL creates. */
export interface DeployedWarehouse {
  /** Whether `schema.table` exists once the product's DDL is applied (every published model does, empty until its first publish). */
  exists(schema: string, table: string): boolean;
  /** Its columns, in order. */
  columns(schema: string, table: string): readonly string[];
}

/** A recorded PL/pgSQL check: count the rule's violations, raise its code when there are any. */
export function raiseOnViolations(model: string, code: StrategyCode, rows: string, literal: (text: string) => string): string[] {
  // RAISE takes variables only, so the text goes into the format (a literal % doubled).
  const text = (t: string) => t.replace(/%/g, '%%');
  const message = `${text(model)}: nothing was built: % row(s) break ${code} (${text(StrategyCodes[code])})`;
  return [`select into v_violations count(*) from (${rows}) as v`, `if v_violations > 0 then\n    raise exception ${literal(message)}, v_violations;\nend if`];
}

/**
 * Records a strategy model's build (libs/pipeline/src/strategies) as the body of a stored
 * procedure. A strategy asks the warehouse two things before it writes: whether its published
 * table exists and which columns it has — answered from the deployed DDL, where every published
 * model exists — and how many rows break each of its rules, which becomes a check that raises the
 * rule's code at run time. Anything else it asks depends on the data (a cumulative model's days)
 * and cannot be recorded: that is refused, naming the model.
 */
export class BuildRecorder extends RecordingEngine {
  constructor(
    private readonly model: string,
    private readonly warehouse: DeployedWarehouse,
    private readonly literal: (text: string) => string,
  ) {
    super();
  }

  override async query<T extends Row = Row>(sql = '', params: readonly SqlValue[] = []): Promise<T[]> {
    const [schema, table] = params.map(String);
    if (sql.startsWith('select 1 as found from information_schema.tables where table_schema = ? and table_name = ?')) return (this.warehouse.exists(schema!, table!) ? [{ found: 1 }] : []) as unknown as T[];
    if (sql.startsWith('select column_name from information_schema.columns where table_schema = ? and table_name = ?')) return this.warehouse.columns(schema!, table!).map((column_name) => ({ column_name })) as unknown as T[];
    const count = /^select count\(\*\) as n, '(\w+)' as code from \(([\s\S]*)\) as v$/.exec(sql);
    if (count && count[1]! in StrategyCodes) {
      this.statements.push(...raiseOnViolations(this.model, count[1] as StrategyCode, count[2]!, this.literal));
      return [{ n: 0 }] as unknown as T[];
    }
    throw new Error(`${this.model}: its build asks the data (${sql.split('\n')[0]!.slice(0, 80)}…), which a stored procedure recorded ahead of the run cannot answer; this strategy is not rendered for Redshift`);
  }
}
