import type { ColumnContract, EntityContract } from '@finlake/contracts';
import { quoteIdent, quoteString, sameColumns, type Engine, type RawCsvLoad, type RawReject, type ValidationFunctions } from '@finlake/engine';
import { columnSql, rawRecordSql, type ColumnSql, type DateBounds } from './validate-sql';
import { sameKey as sameKeyOf, sameValues } from './keys';
import { checkScratch, checkScratchName, RUN_QUARANTINE } from './temp-names';

export interface FileBatch {
  runId: string;
  batchId: string;
  fileName: string;
  entity: EntityContract;
  /** Raw fields c0..c{n-1} + rec, where the engine needs them (temporary). */
  rawTable: string;
  /** Every record, typed and flagged (temporary): see checkQuery. */
  checkedTable: string;
  fileColumns: number;
  /** SQL for a checked row's record number, set when the file is read. */
  rec?: (alias?: string) => string;
}

export async function createRunQuarantine(engine: Engine): Promise<void> {
  await engine.run(`drop table if exists ${RUN_QUARANTINE}; create temp table ${RUN_QUARANTINE} (
    run_id varchar, batch_id varchar, entity varchar, file_name varchar, line_number bigint,
    column_name varchar, reason_code varchar, raw_value varchar, raw_record varchar)`);
}

const REJECT_REASON: Record<RawReject['kind'], string> = {
  too_few_fields: 'ROW_TOO_FEW_FIELDS',
  too_many_fields: 'ROW_TOO_MANY_FIELDS',
  invalid_encoding: 'INVALID_ENCODING',
  unterminated_quote: 'ROW_TOO_FEW_FIELDS',
  malformed: 'ROW_TOO_FEW_FIELDS',
};

/** Quarantine the records the CSV reader could not split (bound parameters, in chunks). */
export async function quarantineRejects(engine: Engine, batch: FileBatch, rejects: readonly RawReject[]): Promise<void> {
  for (let i = 0; i < rejects.length; i += 200) {
    const chunk = rejects.slice(i, i + 200);
    const values = chunk.map(() => '(?, ?, ?, ?, ?, null, ?, null, ?)').join(', ');
    const params = chunk.flatMap((r) => [batch.runId, batch.batchId, batch.entity.name, batch.fileName, r.line, REJECT_REASON[r.kind], r.rawText]);
    await engine.run(`insert into ${RUN_QUARANTINE} values ${values}`, params);
  }
}

/** Where an entity's loaded keys live: its staging table plus the valid rows of files checked earlier in this run (the file's references look there, and an append entity's own keys are refused there). */
export type KnownKeys = (entity: string) => string[];

const OK = quoteIdent('__ok');

/** The batch's checked rows that are still valid (a subquery usable wherever a table is). */
export const validRows = (batch: FileBatch) => `(select * from ${quoteIdent(batch.checkedTable)} where ${OK})`;

/** True for a checked row (table alias `alias`) that is to be loaded. */
export const isValid = (alias: string) => `${alias}.${OK}`;
const TYPED = quoteIdent('__typed');
const KEPT = quoteIdent('__kept');
const FIELDS = quoteIdent('__fields');

/**
 * Where a failing row keeps its raw text: one list of fields where the dialect has lists (a NULL
 * list costs little on the many valid rows), else the c0.. columns, NULL on valid rows.
 */
interface FieldLayout {
  keep(fields: readonly string[]): string;
  /** The raw text of field i of checked row `c`. */
  field(i: number): string;
  /** Every field of checked row `c`, as columns c0.. . */
  all(fileColumns: number): string;
  /** Appended to each level of the check query so that it is computed once (Dialect.subqueryFence). */
  fence: string;
}

function fieldLayout(engine: Engine): FieldLayout {
  const cols = (n: number) => Array.from({ length: n }, (_, i) => `c${i}`);
  const { fieldList, subqueryFence: fence } = engine.dialect;
  if (fieldList) {
    return {
      keep: (fields) => `case when ${OK} then null else ${fieldList.of(fields)} end as ${FIELDS}`,
      field: (i) => fieldList.at(`c.${FIELDS}`, i),
      all: (n) => cols(n).map((c, i) => `${fieldList.at(`c.${FIELDS}`, i)} as ${c}`).join(', '),
      fence,
    };
  }
  return {
    keep: (fields) => fields.map((c) => `case when ${OK} then null else ${c} end as ${c}`).join(', '),
    field: (i) => `c.c${i}`,
    all: (n) => cols(n).map((c) => `c.${c}`).join(', '),
    fence,
  };
}

/** The text of a column the file leaves out: its default (a header without it is refused unless it has one). */
const defaultField = (column: ColumnContract) => `cast(${quoteString(column.default!)} as varchar)`;

/** The rules whose breach quarantines a row (warnings only count: see ruleWarnings in gate.ts). */
export const errorRules = (entity: EntityContract) => entity.rules.filter((r) => (r.severity ?? 'error') === 'error');
export const warningRules = (entity: EntityContract) => entity.rules.filter((r) => r.severity === 'warning');

/** A column's fast typed value (from the raw field) and the flag that its fast path holds. */
const fastTyped = (c: ColumnSql) => quoteIdent(`t__${c.column.name}`);
const fastOk = (c: ColumnSql) => quoteIdent(`ok__${c.column.name}`);
/** A column's trimmed text, computed once, for the values off the fast path (the others need none). */
const trimmed = (c: ColumnSql) => quoteIdent(`v__${c.column.name}`);
const FAST = quoteIdent('__fast');

/**
 * One pass over the file's fields (c0..): every contract column typed once, a flag for rows whose
 * every value is valid (__typed) and that also pass the business rules (__ok), and the raw text
 * kept only for the rows that fail (__kept), which the quarantine needs. Reasons are computed
 * later, for failing rows only. `carry` columns pass through (the record number, when stored).
 *
 * Most values are fine as they stand: a column's fast path (FastPath) types the raw field and
 * tests it cheaply. Only values failing it are trimmed, typed again and checked in full, inside
 * CASEs that the engine evaluates for those values alone; a row whose every value passes (__fast)
 * skips the reason CASEs altogether. The result is that of checking every trimmed value in full.
 */
export function checkQuery(entity: EntityContract, positions: readonly number[], fileColumns: number, bounds: DateBounds, fn: ValidationFunctions, layout: FieldLayout, carry: readonly string[] = []) {
  const cols = columnSql(entity, bounds, fn);
  const fields = new Map(cols.map((c, i) => [c, positions[i]! < 0 ? defaultField(c.column) : `c${positions[i]}`]));
  const field = (c: ColumnSql) => fields.get(c)!;
  const raw = Array.from({ length: fileColumns }, (_, i) => `c${i}`);
  const pass = carry.map((c) => `${c}, `).join('');
  const name = (c: ColumnSql) => quoteIdent(c.column.name);
  const fast = cols.filter((c) => c.fast);
  const list = (items: readonly string[]) => items.map((x) => `, ${x}`).join('');
  // Where the fast path holds, its typed value is the column's and the value is valid: no trim needed.
  const text = (c: ColumnSql) => (c.fast ? `case when ${fastOk(c)} then null else trim(${field(c)}) end` : `trim(${field(c)})`);
  const typed = (c: ColumnSql) => (c.fast ? `case when ${fastOk(c)} then ${fastTyped(c)} else ${c.typed(trimmed(c))} end` : c.typed(trimmed(c)));
  const valid = (c: ColumnSql) => {
    const reason = `(${c.reason(trimmed(c), name(c))}) is null`;
    return c.fast ? `case when ${fastOk(c)} then true else ${reason} end` : reason;
  };
  const allFast = fast.length === cols.length ? `coalesce(${fast.map(fastOk).join(' and ')}, false)` : 'false';
  // Rules read typed values: only for rows whose every value is valid (an out-of-range price
  // times a large quantity would overflow, failing the whole read).
  const blocking = errorRules(entity);
  const rules = blocking.length === 0 ? '' : ` and case when ${TYPED} then ${blocking.map((r) => `coalesce((${r.condition}), false)`).join(' and ')} else false end`;
  const f = layout.fence;
  return (source: string) => `
    select ${pass}${cols.map(name).join(', ')}, ${TYPED}, ${OK}, not ${OK} as ${KEPT}, ${layout.keep(raw)}
    from (
      select *, ${TYPED}${rules} as ${OK}
      from (
        select *, case when ${FAST} then true else ${cols.map(valid).join('\n and ')} end as ${TYPED}
        from (
          select *${list(cols.map((c) => `${typed(c)} as ${name(c)}`))}
          from (
            select *, ${allFast} as ${FAST}${list(cols.map((c) => `${text(c)} as ${trimmed(c)}`))}
            from (
              select *${list(fast.map((c) => `${c.fast!.valid(field(c), fastTyped(c))} as ${fastOk(c)}`))}
              from (select ${pass}${raw.join(', ')}${list(fast.map((c) => `${c.fast!.typed(field(c))} as ${fastTyped(c)}`))} from ${source} as src${f}) as raw_typed${f}
            ) as fast_checked${f}
          ) as fields${f}
        ) as typed_rows${f}
      ) as checked_rows${f}
    ) as flagged_rows`;
}

/**
 * Read the file and check every record against the contract. Quarantined rows go to the run's
 * quarantine with line, column, reason and raw text; the batch's checked table keeps every
 * record, typed, with "__ok" true for the rows to load.
 */
export async function loadAndValidate(engine: Engine, batch: FileBatch, path: string, positions: readonly number[], bounds: DateBounds, knownKeys: KnownKeys): Promise<RawCsvLoad> {
  const { entity } = batch;
  const fn = engine.dialect.fn;
  const chk = quoteIdent(batch.checkedTable);
  const layout = fieldLayout(engine);
  let load: RawCsvLoad;
  if (engine.loadCsvQuery) {
    const loaded = await engine.loadCsvQuery(path, batch.checkedTable, batch.fileColumns, checkQuery(entity, positions, batch.fileColumns, bounds, fn, layout));
    batch.rec = loaded.rec;
    load = loaded;
  } else {
    // Engines that cannot read a file in SQL load the raw fields first, then check them the same way.
    load = await engine.loadRawCsv(path, batch.rawTable, batch.fileColumns);
    await engine.run(`drop table if exists ${chk}; create temp table ${chk} as ${checkQuery(entity, positions, batch.fileColumns, bounds, fn, layout, ['rec'])(quoteIdent(batch.rawTable))}`);
    batch.rec = (alias) => (alias ? `${alias}.rec` : 'rec');
  }
  if (load.rejects.some((r) => r.kind === 'unterminated_quote')) return load;
  await quarantineRejects(engine, batch, load.rejects);
  const rec = batch.rec!;
  const q = (columnName: string | null, reason: string, rawValue: string) =>
    `insert into ${RUN_QUARANTINE} select ${quoteString(batch.runId)}, ${quoteString(batch.batchId)}, ${quoteString(entity.name)}, ${quoteString(batch.fileName)}, ${rec('c')}, ${columnName === null ? 'null' : quoteString(columnName)}, ${reason}, ${rawValue}, null`;

  // Column checks, for failing rows only: one quarantine row per failing column.
  for (const [i, c] of columnSql(entity, bounds, fn).entries()) {
    const text = positions[i]! < 0 ? defaultField(c.column) : layout.field(positions[i]!);
    const reason = c.reason(`trim(${text})`, `c.${quoteIdent(c.column.name)}`);
    await engine.run(`${q(c.column.header, reason, text)} from ${chk} as c where not c.${TYPED} and (${reason}) is not null`);
  }
  // Business rules over typed values (already folded into "__ok").
  for (const rule of errorRules(entity)) {
    await engine.run(`${q(rule.name, quoteString(rule.reason ?? 'BUSINESS_RULE'), 'null')} from ${chk} as c where case when c.${TYPED} then not coalesce((${rule.condition}), false) else false end`);
  }
  const drop = (where: string) => engine.run(`update ${chk} as c set ${OK} = false where c.${OK} and (${where})`);
  const key = entity.key.map(quoteIdent);
  const keyLabel = entity.key.map((k) => entity.columns.find((c) => c.name === k)?.header ?? k).join('+');
  const sameKey = (a: string, b: string) => sameKeyOf(entity, a, b);
  const scratch = (part: Parameters<typeof checkScratch>[1]) => checkScratch(batch.checkedTable, part);
  /** Materialise a small set of keys; the row-level statements run only when it is not empty. */
  const keySet = async (table: string, select: string): Promise<boolean> => {
    await engine.run(`drop table if exists ${table}; create temp table ${table} as ${select}`);
    const [{ n } = { n: 0 }] = await engine.query<{ n: number }>(`select count(*) as n from ${table}`);
    if (Number(n) === 0) await engine.run(`drop table ${table}`);
    return Number(n) > 0;
  };

  // References to other entities (staging plus this run's earlier files): the few distinct values
  // that are nowhere to be found first, then the rows that hold them. A reference to the entity
  // itself (a reversal's original) also finds the file's rows still valid.
  const referencedRows = (name: string) => (name === entity.name ? [...knownKeys(name), validRows(batch)] : knownKeys(name));
  for (const ref of entity.references) {
    const header = entity.columns.find((c) => c.name === ref.column)?.header ?? ref.column;
    const column = quoteIdent(ref.column);
    const reason = quoteString(ref.reason ?? 'UNKNOWN_REFERENCE');
    const unknown = scratch('unknown');
    if (!ref.with && !ref.asOf && !ref.when) {
      const known = referencedRows(ref.entity).map((t) => `select s.${quoteIdent(ref.entityColumn)} from ${t} as s`).join(' union all ');
      if (!(await keySet(unknown, `select distinct c.${column} as k from ${chk} as c where c.${OK} except select * from (${known}) as known`))) continue;
      const holds = `c.${column} in (select k from ${unknown})`;
      await engine.run(`${q(header, reason, `c.${column}`)} from ${chk} as c where c.${OK} and ${holds}`);
      await drop(holds);
      await engine.run(`drop table ${unknown}`);
      continue;
    }
    // A composite, dated or conditional reference: the failing tuples (with the row's date when
    // the referenced row must be in effect then), then the rows that hold them.
    const pairs = [{ row: `c.${column}`, entity: ref.entityColumn }, ...(ref.with ?? []).map((w) => ({ row: `(${w.expression})`, entity: w.entityColumn }))];
    const known = referencedRows(ref.entity)
      .map((t) => `select ${[...pairs.map((p, i) => `s.${quoteIdent(p.entity)} as k${i}`), ...(ref.asOf ? [`s.${quoteIdent(ref.asOf.entityColumn)} as since`] : [])].join(', ')} from ${t} as s`)
      .join(' union all ');
    // Versions only ever start: a key is in effect on a date from its first version on.
    const keys = pairs.map((_, i) => `k${i}`).join(', ');
    const resolved = ref.asOf ? `select ${keys}, min(since) as since from (${known}) as known group by ${keys}` : `select distinct ${keys} from (${known}) as known`;
    const matches = (alias: string) => pairs.map((p, i) => `${alias}.k${i} = ${p.row}`).join(' and ');
    const dated = ref.asOf ? `(${ref.asOf.date})` : undefined;
    const inEffect = dated ? ` and r.since <= ${dated}` : '';
    const tuple = [...pairs.map((p, i) => `${p.row} as k${i}`), ...(dated ? [`${dated} as d`] : [])].join(', ');
    const applies = ref.when ? ` and coalesce((${ref.when}), false)` : '';
    if (!(await keySet(unknown, `select distinct ${tuple} from ${chk} as c where c.${OK}${applies} and not exists (select 1 from (${resolved}) as r where ${matches('r')}${inEffect})`))) continue;
    const holds = `exists (select 1 from ${unknown} as u where ${matches('u')}${dated ? ` and u.d = ${dated}` : ''})`;
    await engine.run(`${q(header, reason, `c.${column}`)} from ${chk} as c where c.${OK}${applies} and ${holds}`);
    await drop(`${ref.when ? `coalesce((${ref.when}), false) and ` : ''}${holds}`);
    await engine.run(`drop table ${unknown}`);
  }

  // Columns that keep one value per group (one currency per account): the value loaded before,
  // else the one on the group's first line in the file; rows that differ are quarantined.
  for (const rule of entity.consistent ?? []) {
    const header = entity.columns.find((c) => c.name === rule.columns[0])?.header ?? rule.columns[0]!;
    const per = rule.per.map(quoteIdent);
    const values = rule.columns.map(quoteIdent);
    const samePer = (a: string, b: string) => sameColumns(rule.per, a, b);
    const differs = (a: string, b: string) => values.map((v) => `${a}.${v} <> ${b}.${v}`).join(' or ');
    const earlier = knownKeys(entity.name).map((t) => `select distinct ${[...per, ...values].map((k) => `e.${k}`).join(', ')} from ${t} as e`);
    const first = `select ${[...per, ...values].map((k) => `f.${k}`).join(', ')} from (select ${[...per, ...values].map((k) => `c.${k}`).join(', ')}, row_number() over (partition by ${per.map((k) => `c.${k}`).join(', ')} order by ${rec('c')}) as n from ${chk} as c where c.${OK}) as f where f.n = 1`;
    const fixed = scratch('mixed');
    // Groups loaded before keep their value; the others take their first line's.
    await engine.run(`drop table if exists ${fixed}; create temp table ${fixed} as ${earlier.join(' union all ')} union all select * from (${first}) as f where not exists (select 1 from (${earlier.join(' union all ')}) as e where ${samePer('e', 'f')})`);
    const conflict = `exists (select 1 from ${fixed} as e where ${samePer('e', 'c')} and (${differs('e', 'c')}))`;
    await engine.run(`${q(header, quoteString(rule.reason), `c.${values[0]}`)} from ${chk} as c where c.${OK} and ${conflict}`);
    await drop(conflict);
    await engine.run(`drop table ${fixed}`);
  }

  // Duplicate keys inside the file: identical copies load once; conflicting rows all go to quarantine.
  const dupKeys = scratch('dupkeys');
  if (await keySet(dupKeys, `select ${key.map((k) => `c.${k}`).join(', ')} from ${chk} as c where c.${OK} group by ${key.map((k) => `c.${k}`).join(', ')} having count(*) > 1`)) {
    const dup = scratch('dup');
    const rowValue = fn.rowHash(entity.columns.map((c) => `c.${quoteIdent(c.name)}`));
    const keep = entity.keepOnConflict;
    // The row a key keeps: its first line, or with keepOnConflict the first in its order.
    const order = [...(keep?.orderBy ?? []).map((c) => `c.${quoteIdent(c)}`), rec('c')].join(', ');
    await engine.run(
      `create temp table ${dup} as select ${key.map((k) => `x.${k}`).join(', ')}, max(case when x.n = 1 then x.line end) as first_rec, count(distinct x.row_value) as variants
       from (select ${key.map((k) => `c.${k}`).join(', ')}, ${rec('c')} as line, ${rowValue} as row_value, row_number() over (partition by ${key.map((k) => `c.${k}`).join(', ')} order by ${order}) as n
             from ${chk} as c join ${dupKeys} as k on ${sameKey('k', 'c')} where c.${OK}) as x
       group by ${key.map((k) => `x.${k}`).join(', ')}`,
    );
    // Every copy goes when the entity says so; else identical copies load once, and differing ones
    // all go (DUPLICATE_KEY) or all but the kept one (keepOnConflict).
    const conflict = keep ? quoteString(keep.reason) : `'DUPLICATE_KEY'`;
    const dupReason = entity.duplicateKeyReason ? quoteString(entity.duplicateKeyReason) : `case when d.variants = 1 then 'DUPLICATE_ROW' else ${conflict} end`;
    const dropped = entity.duplicateKeyReason ? 'true' : keep ? `${rec('c')} <> d.first_rec` : `(d.variants > 1 or ${rec('c')} <> d.first_rec)`;
    const isDup = `exists (select 1 from ${dup} as d where ${sameKey('d', 'c')} and ${dropped})`;
    await engine.run(`${q(keyLabel, dupReason, 'null')} from ${chk} as c join ${dup} as d on ${sameKey('d', 'c')} where c.${OK} and ${dropped}`);
    await drop(isDup);
    await engine.run(`drop table ${dup}; drop table ${dupKeys}`);
  }

  // Facts are never overwritten: a key loaded by an earlier batch (or an earlier file of this run) is quarantined.
  if (entity.loadMode === 'append') {
    const loaded = scratch('loaded');
    const earlier = knownKeys(entity.name).map((t) => `select ${key.map((k) => `e.${k}`).join(', ')} from ${t} as e`).join(' union all ');
    // A join, so the engine hashes the batch's keys and streams the (larger) earlier ones past them.
    if (await keySet(loaded, `select distinct ${key.map((k) => `c.${k}`).join(', ')} from ${chk} as c join (${earlier}) as e on ${sameKey('e', 'c')} where c.${OK}`)) {
      const isLoaded = `exists (select 1 from ${loaded} as l where ${sameKey('l', 'c')})`;
      await engine.run(`${q(keyLabel, `'KEY_ALREADY_LOADED'`, 'null')} from ${chk} as c where c.${OK} and ${isLoaded}`);
      await drop(isLoaded);
      await engine.run(`drop table ${loaded}`);
    }
  }

  // Running states (a position's units) after every row in time order, over the rows loaded
  // before and the file's rows still valid: each group's first breach quarantines one file row at
  // or before it (see culprits), and the check runs again (a quarantined SELL no longer moves the
  // position).
  for (const rule of entity.running ?? []) {
    const found = scratch('running');
    const per = rule.per.map(quoteIdent);
    const order = rule.order.map(quoteIdent);
    const columns = (alias: string, names: readonly string[]) => names.map((k) => `${alias}.${k}`).join(', ');
    // A group's rows in time order; file lines break ties (rows loaded before have none).
    const inOrder = `over (partition by ${columns('r', per)} order by ${columns('r', [...order, 'line'])}`;
    const moved = rule.when ? `(${rule.when})` : 'true';
    const sums = rule.sums.map((x) => `${x.expression} as ${quoteIdent(`sum_${x.name}`)}`).join(', ');
    const groups = `select distinct ${columns('c', per)} from ${chk} as c where c.${OK}`;
    const earlier = knownKeys(entity.name).map(
      (t) => `select ${columns('e', [...per, ...order])}, ${sums}, cast(null as bigint) as line from ${t} as e where ${moved} and exists (select 1 from (${groups}) as g where ${sameValues(rule.per, 'g', 'e')})`,
    );
    const rows = [...earlier, `select ${columns('c', [...per, ...order])}, ${sums}, ${rec('c')} as line from ${chk} as c where c.${OK} and ${moved}`].join(' union all ');
    const running = rule.sums.map((x) => `sum(r.${quoteIdent(`sum_${x.name}`)}) ${inOrder} rows between unbounded preceding and current row) as ${quoteIdent(x.name)}`);
    const breach = `case ${rule.checks.map((c) => `when not coalesce((${c.condition}), false) then ${quoteString(c.reason)}`).join(' ')} end`;
    const holds = rule.checks.map((c) => `coalesce((${c.condition}), false)`).join(' and ');
    const deltas = rule.sums.map((x) => `r.${quoteIdent(`sum_${x.name}`)}`);
    const sequenced = `select s.*, ${breach} as reason from (select ${columns('r', [...per, ...order])}, r.line, ${[...deltas, ...running].join(', ')}, row_number() ${inOrder}) as seq from (${rows}) as r) as s`;
    // Of the file's rows at or before a group's first breach, the latest whose removal alone
    // mends it (a LIEN, not the DEPOSIT after it), else the latest.
    const without = rule.sums.map((x) => `b.${quoteIdent(x.name)} - q.${quoteIdent(`sum_${x.name}`)} as ${quoteIdent(x.name)}`).join(', ');
    const culprits = `with sequenced as (${sequenced}),
      breaches as (select * from (select q.*, row_number() over (partition by ${columns('q', per)} order by q.seq) as nth from sequenced as q where q.reason is not null) as f where f.nth = 1),
      candidates as (
        select c.*, case when ${holds} then 1 else 0 end as mends from (
          select ${columns('q', per)}, q.seq, q.line, b.reason, ${without}
          from sequenced as q join breaches as b on ${sameValues(rule.per, 'q', 'b')} and q.seq <= b.seq
          where q.line is not null
        ) as c
      )
      select c.line, c.reason from (
        select c.*, row_number() over (partition by ${columns('c', per)} order by c.mends desc, c.seq desc) as pick from candidates as c
      ) as c where c.pick = 1`;
    while (await keySet(found, culprits)) {
      await engine.run(`${q(rule.name, 'f.reason', 'null')} from ${chk} as c join ${found} as f on f.line = ${rec('c')}`);
      await drop(`exists (select 1 from ${found} as f where f.line = ${rec('c')})`);
      await engine.run(`drop table ${found}`);
    }
  }

  await fillRawRecords(engine, batch, path, load, layout);
  return load;
}

/** The raw text of every quarantined record, re-joined as CSV from its fields. */
async function fillRawRecords(engine: Engine, batch: FileBatch, path: string, load: RawCsvLoad, layout: FieldLayout): Promise<void> {
  const rec = batch.rec!;
  const missing = `q.batch_id = ${quoteString(batch.batchId)} and q.raw_record is null`;
  const fill = (from: string) =>
    engine.run(`update ${RUN_QUARANTINE} as q set raw_record = ${rawRecordSql(batch.fileColumns, 'r')} from ${from} as r where ${missing} and r.rec = q.line_number`);
  if (!engine.readCsvRecords) {
    await fill(quoteIdent(batch.rawTable));
    return;
  }
  // Rows that failed a column check or a rule kept their text; the others are read again, only if any.
  await fill(`(select ${rec('c')} as rec, ${layout.all(batch.fileColumns)} from ${quoteIdent(batch.checkedTable)} as c where c.${KEPT})`);
  const late = checkScratchName(batch.checkedTable, 'late');
  await engine.run(`drop table if exists ${quoteIdent(late)}; create temp table ${quoteIdent(late)} as select distinct q.line_number as rec from ${RUN_QUARANTINE} as q where ${missing}`);
  const [{ n } = { n: 0 }] = await engine.query<{ n: number }>(`select count(*) as n from ${quoteIdent(late)}`);
  if (Number(n) > 0) {
    await engine.readCsvRecords(path, batch.rawTable, batch.fileColumns, late, load.rejects);
    await fill(quoteIdent(batch.rawTable));
    await engine.run(`drop table ${quoteIdent(batch.rawTable)}`);
  }
  await engine.run(`drop table ${quoteIdent(late)}`);
}
