/**
 * SCD type 2 with type-6 current columns (docs/strategies.md). The new history is one SELECT
 * over the published history and the snapshot, built aside: closing a version and inserting
 * its successor become visible together when the table is swapped in.
 */
import { quoteIdent, sameColumns, type Dialect, type Engine } from '@finlake/engine';
import type { Scd2Spec } from '@finlake/models';
import { assertNone, columnList, dateLiteral, qualified, scratchTable, tableExists, withScratch, type TableName, type Violation } from './common';

/** valid_to of the current version: the open end of every key's last interval. */
export const OPEN_END = '9999-12-31';
const END = dateLiteral(OPEN_END);

/** The columns of an SCD2 table, in order. */
export function scd2Columns(spec: Scd2Spec): string[] {
  return [spec.surrogateKey, ...spec.key, ...spec.tracked, ...spec.current.map((c) => `current_${c}`), 'valid_from', 'valid_to', 'is_current', 'is_deleted', 'hash_diff'];
}

/**
 * The snapshot as the strategy reads it: key, tracked attributes, valid_from (the effective
 * date as DATE) and hash_diff (a NULL-safe digest of the tracked attributes), exact copies removed.
 */
export function scd2InputSql(dialect: Dialect, spec: Scd2Spec, snapshot: string): string {
  const tracked = spec.tracked.map((c) => `snapshot.${quoteIdent(c)}`);
  return `select distinct ${columnList([...spec.key, ...spec.tracked], 'snapshot')}, cast(snapshot.${quoteIdent(spec.effectiveFrom)} as date) as valid_from, ${dialect.fn.digest(tracked)} as hash_diff
from (${snapshot}) as snapshot`;
}

const keyOf = (spec: Scd2Spec, alias: string) => columnList(spec.key, alias);

/** The day a full snapshot closes the keys it leaves out: its newest effective date. */
const closeDay = (input: string) => `(select max(valid_from) as day from ${input})`;

/**
 * What the snapshot (`input`, see scd2InputSql) must not hold; with the published `history`,
 * also the changes dated before a key's current version (unless the policy restates history).
 */
export function scd2InputViolations(spec: Scd2Spec, input: string, history?: string): Violation[] {
  const key = keyOf(spec, 's');
  const out: Violation[] = [
    {
      code: 'SCD_NULL_KEY',
      message: 'snapshot row(s) without a natural key or an effective date',
      rows: `select ${key}, s.valid_from from ${input} as s where ${[...spec.key.map((c) => `s.${quoteIdent(c)} is null`), 's.valid_from is null'].join(' or ')}`,
    },
    {
      code: 'SCD_DUPLICATE_VERSION',
      message: 'key(s) with two different rows for one effective date: keep one row per key and date',
      rows: `select ${key}, s.valid_from, count(*) as versions from ${input} as s group by ${key}, s.valid_from having count(*) > 1`,
    },
  ];
  if (!history || spec.outOfOrder === 'restate') return out;
  // A row dated before the current version is out of order unless it only repeats what the
  // history already says for that date (a snapshot staged again, a full history file).
  out.push({
    code: 'SCD_OUT_OF_ORDER',
    message: 'change(s) dated before the key’s current version: load the changes in date order, or set out_of_order: restate to rewrite the history',
    rows: `select ${key}, s.valid_from, c.valid_from as current_from
from ${input} as s
join ${history} as c on ${sameColumns(spec.key, 'c', 's')} and c.is_current
where s.valid_from < c.valid_from
  and not exists (
    select 1 from ${history} as v
    where ${sameColumns(spec.key, 'v', 's')} and v.valid_from <= s.valid_from and s.valid_from < v.valid_to and v.hash_diff = s.hash_diff and not v.is_deleted
  )`,
  });
  if (spec.missing === 'close') {
    out.push({
      code: 'SCD_OUT_OF_ORDER',
      message: 'key(s) missing from the snapshot whose current version starts on or after the snapshot’s date: the snapshot is older than the dimension',
      rows: `select ${keyOf(spec, 'c')}, c.valid_from as current_from, close_day.day as snapshot_day
from ${history} as c cross join ${closeDay(input)} as close_day
where c.is_current and not c.is_deleted and close_day.day <= c.valid_from
  and not exists (select 1 from ${input} as s where ${sameColumns(spec.key, 's', 'c')})`,
    });
  }
  return out;
}

/**
 * The new history: every version of the published `history` (when there is one) and every
 * snapshot row are assertions "from valid_from on, the key has these values"; a snapshot row
 * replaces a version of the same key and date. Per key, in date order, an assertion equal to
 * the one before (same hash, same deletion) is dropped; each remaining one is a version, valid
 * until the next. So an unchanged snapshot gives back the history as it was, a change closes the
 * current version at its date and opens the next, and a rebuild from every snapshot at once
 * gives the same rows (surrogate keys are a digest of the natural key and valid_from).
 */
export function scd2HistorySql(dialect: Dialect, spec: Scd2Spec, input: string, history?: string): string {
  const key = columnList(spec.key);
  const attributes = columnList([...spec.key, ...spec.tracked]);
  const byKey = `partition by ${key} order by valid_from`;
  const assertions = [`select ${attributes}, valid_from, hash_diff, false as is_deleted, 1 as precedence from ${input}`];
  if (history) {
    assertions.unshift(`select ${attributes}, valid_from, hash_diff, is_deleted, 0 as precedence from ${history}`);
    if (spec.missing === 'close') {
      // A key a full snapshot leaves out gets a deleted version from the snapshot's date on.
      assertions.push(`select ${columnList([...spec.key, ...spec.tracked], 'c')}, close_day.day as valid_from, c.hash_diff, true as is_deleted, 1 as precedence
    from ${history} as c cross join ${closeDay(input)} as close_day
    where c.is_current and not c.is_deleted and close_day.day > c.valid_from
      and not exists (select 1 from ${input} as s where ${sameColumns(spec.key, 's', 'c')})`);
    }
  }
  const current = spec.current.map((c) => `${quoteIdent(c)} as ${quoteIdent(`current_${c}`)}`);
  return `with assertions as (
    ${assertions.join('\n    union all\n    ')}
),

-- One assertion per key and date: the snapshot's over the published version's.
resolved as (
    select *, row_number() over (partition by ${key}, valid_from order by precedence desc) as pick
    from assertions
),

changes as (
    select *,
        lag(hash_diff) over (${byKey}) as previous_hash,
        lag(is_deleted) over (${byKey}) as previous_deleted
    from resolved
    where pick = 1
),

-- A version starts where the values (or the deletion) change; it ends where the next starts.
versions as (
    select ${attributes}, valid_from, hash_diff, is_deleted,
        coalesce(lead(valid_from) over (${byKey}), ${END}) as valid_to
    from changes
    where previous_hash is null or previous_hash <> hash_diff or previous_deleted <> is_deleted
),

-- Type 6: the current version's values, repeated on every version of the key.
latest as (
    select ${[key, ...current].join(', ')}
    from versions
    where valid_to = ${END}
)

select
    ${dialect.fn.digestKey([...spec.key.map((c) => `v.${quoteIdent(c)}`), 'v.valid_from'])} as ${quoteIdent(spec.surrogateKey)},
    ${columnList([...spec.key, ...spec.tracked], 'v')},${spec.current.length > 0 ? `\n    ${columnList(spec.current.map((c) => `current_${c}`), 'l')},` : ''}
    v.valid_from,
    v.valid_to,
    v.valid_to = ${END} as is_current,
    v.is_deleted,
    v.hash_diff
from versions as v
join latest as l on ${sameColumns(spec.key, 'l', 'v')}`;
}

/** What every SCD2 table keeps: per key, contiguous non-overlapping intervals and exactly one current version. */
export function scd2TableViolations(spec: Scd2Spec, table: string): Violation[] {
  const key = columnList(spec.key);
  return [
    {
      code: 'SCD_INTERVALS',
      message: 'key(s) without exactly one current version',
      rows: `select ${key}, sum(case when is_current then 1 else 0 end) as current_versions from ${table} group by ${key} having sum(case when is_current then 1 else 0 end) <> 1`,
    },
    {
      code: 'SCD_INTERVALS',
      message: 'version(s) that are empty, overlap the next, leave a gap before it, or end the key without the open end',
      rows: `select ${key}, valid_from, valid_to, next_from
from (select ${key}, valid_from, valid_to, is_current, lead(valid_from) over (partition by ${key} order by valid_from) as next_from from ${table}) as t
where valid_from >= valid_to
   or (next_from is null and valid_to <> ${END})
   or (next_from is not null and valid_to <> next_from)
   or (is_current and valid_to <> ${END})
   or (not is_current and valid_to = ${END})`,
    },
  ];
}

export interface Scd2Build {
  /** The model's name (scratch tables and messages). */
  readonly name: string;
  /** The published history; it may not exist yet. */
  readonly published: TableName;
  /** The snapshot: a SELECT (or relation) with the key, tracked attributes and effective date. */
  readonly snapshot: string;
  /** The table to create with the new history (built aside, swapped in at publish). */
  readonly target: string;
}

/** Build the new history aside, refusing a snapshot that breaks a rule (SCD_* codes). */
export async function buildScd2(engine: Engine, spec: Scd2Spec, build: Scd2Build): Promise<void> {
  const input = scratchTable(build.name, 'input');
  await withScratch(engine, input, scd2InputSql(engine.dialect, spec, build.snapshot), async () => {
    const history = (await tableExists(engine, build.published)) ? qualified(build.published) : undefined;
    await assertNone(engine, build.name, scd2InputViolations(spec, input, history));
    await engine.run(`create table ${build.target} as ${scd2HistorySql(engine.dialect, spec, input, history)}`);
    await assertNone(engine, build.name, scd2TableViolations(spec, build.target));
  });
}

/**
 * The join condition of a fact row (alias `fact`) to the dimension version (alias `dimension`)
 * in force on `date`: same natural key and valid_from <= date < valid_to. `factKey` names the
 * fact's key columns when they differ from the dimension's.
 */
export function scd2Lookup(dialect: Dialect, spec: Pick<Scd2Spec, 'key'>, dimension: string, fact: string, date: string, factKey: readonly string[] = spec.key): string {
  if (factKey.length !== spec.key.length) throw new Error(`scd2Lookup: the fact key (${factKey.join(', ')}) does not match the dimension key (${spec.key.join(', ')})`);
  const sameKey = spec.key.map((c, i) => `${dimension}.${quoteIdent(c)} = ${fact}.${quoteIdent(factKey[i]!)}`).join(' and ');
  return `${sameKey} and ${dialect.macros.valid_at!(dimension, date)}`;
}
