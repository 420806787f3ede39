/**
 * Periodic snapshot facts (docs/strategies.md): one row per key per snapshot date. Loading a
 * date replaces that date's rows; every other date is kept.
 */
import { inTransaction, quoteIdent, sameColumns, type Engine } from '@finlake/engine';
import type { SnapshotSpec } from '@finlake/models';
import { assertNone, columnList, dateLiteral, qualified, scratchTable, tableColumns, tableExists, withScratch, type TableName, type Violation } from './common';

/** What snapshot rows must not hold: a key twice on one date, a row without key or date. */
export function snapshotViolations(spec: SnapshotSpec, rows: string): Violation[] {
  const key = columnList([...spec.key, spec.snapshotDate], 'r');
  return [
    {
      code: 'SNAPSHOT_NULL_KEY',
      message: 'row(s) without a key or a snapshot date',
      rows: `select ${key} from ${rows} as r where ${[...spec.key, spec.snapshotDate].map((c) => `r.${quoteIdent(c)} is null`).join(' or ')}`,
    },
    {
      code: 'SNAPSHOT_DUPLICATE_KEY',
      message: 'key(s) with more than one row on a snapshot date: one row per key and date',
      rows: `select ${key}, count(*) as snapshot_rows from ${rows} as r group by ${key} having count(*) > 1`,
    },
  ];
}

/**
 * Rows as of `date` (a SQL date expression): the latest snapshot on or before it; with perKey,
 * each key's latest row on or before it (a key missing from the latest snapshot keeps its
 * earlier row).
 */
export function snapshotAsOfSql(spec: SnapshotSpec, table: string, date: string, options: { perKey?: boolean } = {}): string {
  const day = quoteIdent(spec.snapshotDate);
  if (!options.perKey) {
    return `select s.* from ${table} as s where s.${day} = (select max(l.${day}) from ${table} as l where l.${day} <= ${date})`;
  }
  return `select s.* from ${table} as s
join (select ${columnList(spec.key)}, max(${day}) as latest_day from ${table} as k where ${day} <= ${date} group by ${columnList(spec.key)}) as l
  on ${sameColumns(spec.key, 'l', 's')} and s.${day} = l.latest_day`;
}

export interface SnapshotLoad {
  readonly name: string;
  /** The snapshot table; created by the first load. */
  readonly table: TableName;
  /** The rows: a relation with the key, the snapshot date and the measures. */
  readonly rows: string;
}

/**
 * Load one snapshot date: in one transaction, delete the date's rows and insert the date's rows
 * of `rows` (other dates in `rows` are ignored). Readers see the old or the new rows, never none.
 */
export async function loadSnapshotDate(engine: Engine, spec: SnapshotSpec, load: SnapshotLoad, date: string): Promise<void> {
  const day = quoteIdent(spec.snapshotDate);
  const rows = `(select * from ${load.rows} as r where r.${day} = ${dateLiteral(date)})`;
  const table = qualified(load.table);
  await assertNone(engine, load.name, snapshotViolations(spec, rows));
  await inTransaction(engine, async () => {
    if (!(await tableExists(engine, load.table))) {
      await engine.run(`create table ${table} as select * from ${rows} as r`);
      return;
    }
    const columns = columnList(await tableColumns(engine, load.table));
    await engine.run(`delete from ${table} where ${day} = ${dateLiteral(date)}`);
    await engine.run(`insert into ${table} (${columns}) select ${columns} from ${rows} as r`);
  });
}

export interface SnapshotBuild {
  readonly name: string;
  readonly published: TableName;
  /** The model's SQL: the snapshot rows (any number of dates). */
  readonly rows: string;
  readonly target: string;
}

/**
 * Build the table aside: the model's rows, plus the published rows of every snapshot date the
 * model's rows do not hold (the dates they hold are replaced whole).
 */
export async function buildSnapshot(engine: Engine, spec: SnapshotSpec, build: SnapshotBuild): Promise<void> {
  const input = scratchTable(build.name, 'input');
  const day = quoteIdent(spec.snapshotDate);
  await withScratch(engine, input, `select * from (${build.rows}) as r`, async () => {
    await assertNone(engine, build.name, snapshotViolations(spec, input));
    await engine.run(`create table ${build.target} as select * from ${input}`);
    if (await tableExists(engine, build.published)) {
      // By name: a column the model has gained is NULL on the dates kept.
      const columns = columnList(await tableColumns(engine, build.published));
      await engine.run(
        `insert into ${build.target} (${columns}) select ${columns} from ${qualified(build.published)} as p where not exists (select 1 from ${input} as i where i.${day} = p.${day})`,
      );
    }
  });
}
