import type { BridgeSpec, CumulativeColumn, CumulativeCombine, CumulativeDerived, CumulativeSpec, ModelTest, Scd2Spec, SnapshotSpec, StrategySpec } from './types';

/** Column names and other identifiers a strategy puts into SQL. */
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
/** A column type: a name, optionally with precision and scale (decimal(18, 2), double precision). */
const SQL_TYPE = /^[a-z][a-z ]*(\(\s*\d+\s*(,\s*\d+\s*)?\))?$/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const COMBINES: readonly CumulativeCombine[] = ['sum', 'count', 'min', 'max', 'first', 'last', 'active', 'today', 'datelist'];

/** The columns an SCD2 table adds to the snapshot's. */
export const SCD2_COLUMNS = ['valid_from', 'valid_to', 'is_current', 'is_deleted', 'hash_diff'] as const;

type Raw = Record<string, unknown>;

/** Reads one yml block, collecting every problem so the author fixes them in one pass. */
class Reader {
  readonly problems: string[] = [];
  constructor(private readonly raw: Raw) {}

  private problem(message: string): undefined {
    this.problems.push(message);
    return undefined;
  }

  /** A list of column names (a single name is a list of one). */
  columns(field: string, required: boolean): string[] {
    const value = this.raw[field];
    if (value === undefined) {
      if (required) this.problem(`${field} is required (a column name or a list of them)`);
      return [];
    }
    const list = Array.isArray(value) ? value : [value];
    if (list.length === 0 && required) this.problem(`${field} must name at least one column`);
    for (const c of list) if (typeof c !== 'string' || !IDENTIFIER.test(c)) this.problem(`${field}: ${JSON.stringify(c)} is not a column name (lower case letters, digits, _)`);
    return list.filter((c): c is string => typeof c === 'string');
  }

  column(field: string, fallback?: string): string {
    const value = this.raw[field] ?? fallback;
    if (value === undefined) return this.problem(`${field} is required (a column name)`) ?? '';
    if (typeof value !== 'string' || !IDENTIFIER.test(value)) return this.problem(`${field}: ${JSON.stringify(value)} is not a column name (lower case letters, digits, _)`) ?? '';
    return value;
  }

  choice<T extends string>(field: string, values: readonly T[], fallback: T): T {
    const value = this.raw[field] ?? fallback;
    if (typeof value === 'string' && (values as readonly string[]).includes(value)) return value as T;
    this.problem(`${field}: ${JSON.stringify(value)} is not one of ${values.join(', ')}`);
    return fallback;
  }

  date(field: string): string | undefined {
    const value = this.raw[field];
    if (value === undefined) return undefined;
    const text = String(value);
    const day = new Date(`${text}T00:00:00Z`);
    if (typeof value !== 'string' || !ISO_DATE.test(text) || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== text) {
      return this.problem(`${field}: ${JSON.stringify(value)} is not an ISO date (YYYY-MM-DD; quote it in the yml)`);
    }
    return text;
  }

  integer(field: string, fallback: number, min: number, max: number): number {
    const value = this.raw[field] ?? fallback;
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
    this.problem(`${field}: ${JSON.stringify(value)} is not a whole number from ${min} to ${max}`);
    return fallback;
  }

  /** Fields the strategy does not know (most often a typo). */
  unknown(known: readonly string[]): void {
    for (const field of Object.keys(this.raw)) if (!known.includes(field)) this.problem(`unknown field ${field} (known: ${known.join(', ')})`);
  }

  value(field: string): unknown {
    return this.raw[field];
  }
}

function disjoint(r: Reader, names: Record<string, readonly string[]>): void {
  const seen = new Map<string, string>();
  for (const [field, columns] of Object.entries(names)) {
    for (const c of columns) {
      const other = seen.get(c);
      if (other) r.problems.push(`column ${c} is in both ${other} and ${field}`);
      else seen.set(c, field);
    }
  }
}

function scd2(r: Reader): Scd2Spec {
  r.unknown(['kind', 'key', 'tracked', 'current', 'effective_from', 'snapshot', 'missing', 'out_of_order', 'surrogate_key']);
  const key = r.columns('key', true);
  const tracked = r.columns('tracked', true);
  const current = r.columns('current', false);
  const effectiveFrom = r.column('effective_from');
  const snapshot = r.choice('snapshot', ['full', 'delta'] as const, 'delta');
  const missing = r.choice('missing', ['keep', 'close'] as const, 'keep');
  if (missing === 'close' && snapshot !== 'full') r.problems.push('missing: close needs snapshot: full (a delta never closes the keys it leaves out)');
  const spec: Scd2Spec = {
    kind: 'scd2',
    key,
    tracked,
    current,
    effectiveFrom,
    snapshot,
    missing,
    outOfOrder: r.choice('out_of_order', ['error', 'restate'] as const, 'error'),
    surrogateKey: r.column('surrogate_key', 'surrogate_key'),
  };
  for (const c of current) if (!tracked.includes(c)) r.problems.push(`current: ${c} is not a tracked column (current_<name> holds a tracked attribute's latest value)`);
  disjoint(r, { key, tracked, effective_from: [effectiveFrom], surrogate_key: [spec.surrogateKey], 'the SCD2 columns': SCD2_COLUMNS, 'current_ columns': current.map((c) => `current_${c}`) });
  return spec;
}

function cumulativeColumn(r: Reader, raw: unknown, index: number): CumulativeColumn | undefined {
  const where = `state[${index}]`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    r.problems.push(`${where} must be a mapping { column, combine, from, type }`);
    return undefined;
  }
  const c = new Reader(raw as Raw);
  c.unknown(['column', 'combine', 'from', 'type', 'default']);
  const column = c.column('column');
  const combine = c.choice('combine', COMBINES, 'sum');
  const counts = combine === 'count' || combine === 'active' || combine === 'datelist';
  const from = counts ? undefined : c.column('from', column);
  if (counts && c.value('from') !== undefined) c.problems.push(`from is not used by combine: ${combine} (it counts the delta's rows)`);
  const type = columnType(c);
  if (combine === 'datelist' && type.toLowerCase() !== 'bigint') c.problems.push(`type: a datelist is a bigint (32 bits of activity, unsigned)`);
  const fallback = c.value('default');
  if (fallback !== undefined && combine !== 'today') c.problems.push(`default is only for combine: today (the value of a day without a delta row)`);
  if (fallback !== undefined && !(typeof fallback === 'number' || (typeof fallback === 'string' && SQL_LITERAL.test(fallback)))) c.problems.push(`default: ${JSON.stringify(fallback)} is not a number or a quoted SQL literal`);
  r.problems.push(...c.problems.map((p) => `${where}: ${p}`));
  return { column, combine, ...(from ? { from } : {}), type, ...(fallback !== undefined ? { default: String(fallback) } : {}) };
}

/** Literals a `today` column may default to: a number, NULL, true/false or a quoted string. */
const SQL_LITERAL = /^(-?[0-9]+(\.[0-9]+)?|null|true|false|'[^']*')$/i;

function columnType(c: Reader): string {
  const type = c.value('type');
  if (typeof type !== 'string' || !SQL_TYPE.test(type)) c.problems.push(`type: ${JSON.stringify(type)} is not a SQL type (e.g. bigint, decimal(18, 2), date); every partition keeps it`);
  return String(type ?? '');
}

function derivedColumn(r: Reader, raw: unknown, index: number): CumulativeDerived | undefined {
  const where = `derived[${index}]`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    r.problems.push(`${where} must be a mapping { column, expression, type }`);
    return undefined;
  }
  const c = new Reader(raw as Raw);
  c.unknown(['column', 'expression', 'type']);
  const column = c.column('column');
  const expression = c.value('expression');
  if (typeof expression !== 'string' || expression.trim() === '' || expression.includes(';')) c.problems.push(`expression must be an SQL expression over the state columns`);
  const type = columnType(c);
  r.problems.push(...c.problems.map((p) => `${where}: ${p}`));
  return { column, expression: String(expression ?? ''), type };
}

function cumulative(r: Reader): CumulativeSpec {
  r.unknown(['kind', 'key', 'date', 'as_of', 'start', 'build', 'rerun', 'state', 'derived', 'through']);
  const rawState = r.value('state');
  if (!Array.isArray(rawState) || rawState.length === 0) r.problems.push('state must list at least one column { column, combine, from, type }');
  const state = (Array.isArray(rawState) ? rawState : []).map((raw, i) => cumulativeColumn(r, raw, i)).filter((c): c is CumulativeColumn => c !== undefined);
  const rawDerived = r.value('derived') ?? [];
  if (!Array.isArray(rawDerived)) r.problems.push('derived must list columns { column, expression, type }');
  const derived = (Array.isArray(rawDerived) ? rawDerived : []).map((raw, i) => derivedColumn(r, raw, i)).filter((c): c is CumulativeDerived => c !== undefined);
  const through = r.value('through');
  if (through !== undefined && (typeof through !== 'string' || through.includes(';'))) r.problems.push('through must be an SQL expression giving an ISO date (or \'\' for the delta\'s last day)');
  const start = r.date('start');
  const spec: CumulativeSpec = {
    kind: 'cumulative',
    key: r.columns('key', true),
    date: r.column('date'),
    asOf: r.column('as_of', 'as_of'),
    ...(start ? { start } : {}),
    build: r.choice('build', ['extend', 'full'] as const, 'extend'),
    rerun: r.choice('rerun', ['refuse', 'cascade'] as const, 'refuse'),
    state,
    derived,
    ...(typeof through === 'string' ? { through } : {}),
  };
  disjoint(r, { key: spec.key, as_of: [spec.asOf], state: state.map((c) => c.column), derived: derived.map((c) => c.column) });
  return spec;
}

function snapshot(r: Reader): SnapshotSpec {
  r.unknown(['kind', 'key', 'snapshot_date']);
  const spec: SnapshotSpec = { kind: 'snapshot', key: r.columns('key', true), snapshotDate: r.column('snapshot_date') };
  disjoint(r, { key: spec.key, snapshot_date: [spec.snapshotDate] });
  return spec;
}

function bridge(r: Reader): BridgeSpec {
  r.unknown(['kind', 'group', 'member', 'weight', 'weight_column', 'weight_scale', 'primary', 'primary_column', 'order']);
  const member = r.columns('member', true);
  const spec: BridgeSpec = {
    kind: 'bridge',
    group: r.columns('group', true),
    member,
    weight: r.choice('weight', ['equal', 'given'] as const, 'equal'),
    weightColumn: r.column('weight_column', 'weight'),
    weightScale: r.integer('weight_scale', 6, 1, 12),
    primary: r.choice('primary', ['first', 'given'] as const, 'first'),
    primaryColumn: r.column('primary_column', 'is_primary'),
    order: r.value('order') === undefined ? member : r.columns('order', true),
  };
  disjoint(r, { group: spec.group, member, weight_column: [spec.weightColumn], primary_column: [spec.primaryColumn] });
  return spec;
}

const PARSERS: Record<StrategySpec['kind'], (r: Reader) => StrategySpec> = { scd2, cumulative, snapshot, bridge };

/**
 * The `strategy:` block of a model's yml, validated: every problem is listed in one error.
 * Field names are snake_case in the yml and camelCase in the spec.
 */
export function strategySpec(model: string, raw: unknown): StrategySpec {
  const fail = (problems: string[]) => new Error(`Model ${model}: ${model}.yml strategy is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw fail([`expected a mapping with kind: ${Object.keys(PARSERS).join(' | ')}`]);
  const kind = (raw as Raw).kind;
  const parse = typeof kind === 'string' ? PARSERS[kind as StrategySpec['kind']] : undefined;
  if (!parse) throw fail([`kind: ${JSON.stringify(kind)} is not one of ${Object.keys(PARSERS).join(', ')}`]);
  const reader = new Reader(raw as Raw);
  const spec = parse(reader);
  if (reader.problems.length > 0) throw fail(reader.problems);
  return spec;
}

/** The grain tests every table of a strategy passes, added to the model's own tests by the loader. */
export function strategyTests(spec: StrategySpec): ModelTest[] {
  switch (spec.kind) {
    case 'scd2':
      return [
        { unique: [spec.surrogateKey] },
        { unique: [...spec.key, 'valid_from'] },
        { not_null: [spec.surrogateKey, ...spec.key, 'valid_from', 'valid_to', 'is_current', 'is_deleted', 'hash_diff'] },
      ];
    case 'cumulative':
      return [{ unique: [...spec.key, spec.asOf] }, { not_null: [...spec.key, spec.asOf] }];
    case 'snapshot':
      return [{ unique: [...spec.key, spec.snapshotDate] }, { not_null: [...spec.key, spec.snapshotDate] }];
    case 'bridge':
      return [{ unique: [...spec.group, ...spec.member] }, { not_null: [...spec.group, ...spec.member, spec.weightColumn, spec.primaryColumn] }];
  }
}
