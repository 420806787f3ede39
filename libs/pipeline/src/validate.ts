import type { EntityContract } from '@finlake/contracts';
import { quoteIdent, quoteString, type Engine, type RawReject } from '@finlake/engine';
import { columnSql, rawRecordSql, reasonColumn, type DateBounds } from './validate-sql';
import { stagingTable } from './schema';

/** Temporary table of this run's quarantined rows; written to meta.quarantine when the run is recorded. */
export const RUN_QUARANTINE = 'run_quarantine';

export interface FileBatch {
  runId: string;
  batchId: string;
  fileName: string;
  entity: EntityContract;
  /** Raw table: c0..c{n-1} text fields + rec. */
  rawTable: string;
  /** Valid typed rows after validation (temporary). */
  okTable: string;
  fileColumns: number;
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

/** Where the keys this file's references point to live: staging plus files validated earlier in this run. */
export type KnownKeys = (entity: string) => string[];

/**
 * Check every record of the raw table against the contract. Failing rows go to the run's
 * quarantine with line, column, reason and raw text; passing rows, typed, to `okTable`.
 */
export async function validateBatch(engine: Engine, batch: FileBatch, positions: readonly number[], bounds: DateBounds, knownKeys: KnownKeys, earlierOkTables: readonly string[]): Promise<void> {
  const { entity } = batch;
  const fn = engine.dialect.fn;
  const cols = columnSql(entity, bounds, fn);
  const rawName = (name: string) => quoteIdent(`raw__${name}`);
  const typedName = (name: string) => quoteIdent(`t__${name}`);
  const chk = quoteIdent(`${batch.okTable}__chk`);
  const ok = quoteIdent(batch.okTable);
  // raw_record is filled in at the end, for quarantined rows only (re-joining every row is costly).
  const q = (columnName: string | null, reason: string, rawValue: string) =>
    `insert into ${RUN_QUARANTINE} select ${quoteString(batch.runId)}, ${quoteString(batch.batchId)}, ${quoteString(entity.name)}, ${quoteString(batch.fileName)}, rec, ${columnName === null ? 'null' : quoteString(columnName)}, ${reason}, ${rawValue}, null`;

  // Each typed value is computed once (inner select); the reasons read it (outer select).
  await engine.run(
    `drop table if exists ${chk}; create temp table ${chk} as
     select typed_rows.*, ${cols.map((c) => `${c.reason(rawName(c.column.name), typedName(c.column.name))} as ${reasonColumn(c.column.name)}`).join(',\n       ')}
     from (
       select rec, ${cols.map((c, i) => `c${positions[i]} as ${rawName(c.column.name)}, ${c.typed(`c${positions[i]}`)} as ${typedName(c.column.name)}`).join(',\n         ')}
       from ${quoteIdent(batch.rawTable)}
     ) as typed_rows`,
  );
  // Column checks: one quarantine row per failing column.
  for (const c of cols) {
    await engine.run(`${q(c.column.header, reasonColumn(c.column.name), rawName(c.column.name))} from ${chk} where ${reasonColumn(c.column.name)} is not null`);
  }
  const typedList = cols.map((c) => `${typedName(c.column.name)} as ${quoteIdent(c.column.name)}`).join(', ');
  await engine.run(
    `drop table if exists ${ok}; create temp table ${ok} as select rec, ${typedList} from ${chk} where ${cols.map((c) => `${reasonColumn(c.column.name)} is null`).join(' and ')}`,
  );
  await engine.run(`drop table ${chk}`);

  // Business rules over typed values.
  for (const rule of entity.rules) {
    await engine.run(`${q(rule.name, `'BUSINESS_RULE'`, 'null')} from ${ok} where not coalesce((${rule.condition}), false)`);
  }
  if (entity.rules.length > 0) {
    await engine.run(`delete from ${ok} where ${entity.rules.map((r) => `not coalesce((${r.condition}), false)`).join(' or ')}`);
  }

  // References to other entities (staging plus this run's earlier files).
  for (const ref of entity.references) {
    const header = entity.columns.find((c) => c.name === ref.column)?.header ?? ref.column;
    const sources = knownKeys(ref.entity).map((t) => `select ${quoteIdent(ref.entityColumn)} as k from ${t}`).join(' union all ');
    const missing = `not exists (select 1 from (${sources}) as known where known.k = ${ok}.${quoteIdent(ref.column)})`;
    await engine.run(`${q(header, `'UNKNOWN_REFERENCE'`, quoteIdent(ref.column))} from ${ok} where ${missing}`);
    await engine.run(`delete from ${ok} where ${missing}`);
  }

  // Duplicate keys inside the file: identical copies load once; conflicting rows all go to quarantine.
  const key = entity.key.map(quoteIdent);
  const keyLabel = entity.key.map((k) => entity.columns.find((c) => c.name === k)?.header ?? k).join('+');
  const dup = quoteIdent(`${batch.okTable}__dup`);
  const sameKey = (a: string, b: string) => key.map((k) => `${a}.${k} = ${b}.${k}`).join(' and ');
  const rowValue = fn.rowHash(entity.columns.map((c) => quoteIdent(c.name)));
  await engine.run(
    `drop table if exists ${dup}; create temp table ${dup} as select ${key.join(', ')}, min(rec) as first_rec, count(distinct ${rowValue}) as variants
     from ${ok} group by ${key.join(', ')} having count(*) > 1`,
  );
  const dupReason = `case when d.variants = 1 then 'DUPLICATE_ROW' else 'DUPLICATE_KEY' end`;
  const isDup = `exists (select 1 from ${dup} as d where ${sameKey('d', ok)} and (d.variants > 1 or ${ok}.rec <> d.first_rec))`;
  await engine.run(
    `insert into ${RUN_QUARANTINE} select ${quoteString(batch.runId)}, ${quoteString(batch.batchId)}, ${quoteString(entity.name)}, ${quoteString(batch.fileName)}, o.rec, ${quoteString(keyLabel)}, ${dupReason}, null, null
     from ${ok} as o join ${dup} as d on ${sameKey('d', 'o')} where d.variants > 1 or o.rec <> d.first_rec`,
  );
  await engine.run(`delete from ${ok} where ${isDup}`);
  await engine.run(`drop table ${dup}`);

  // Facts are never overwritten: a key loaded by an earlier batch (or an earlier file of this run) is quarantined.
  if (entity.loadMode === 'append') {
    const earlier = [stagingTable(entity.name), ...earlierOkTables.map(quoteIdent)];
    const loaded = earlier.map((t) => `exists (select 1 from ${t} as e where ${sameKey('e', ok)})`).join(' or ');
    await engine.run(`${q(keyLabel, `'KEY_ALREADY_LOADED'`, 'null')} from ${ok} where ${loaded}`);
    await engine.run(`delete from ${ok} where ${loaded}`);
  }

  // The raw text of every quarantined record, re-joined as CSV from its fields.
  await engine.run(
    `update ${RUN_QUARANTINE} as q set raw_record = ${rawRecordSql(batch.fileColumns, 'r')}
     from ${quoteIdent(batch.rawTable)} as r
     where q.batch_id = ${quoteString(batch.batchId)} and q.raw_record is null and r.rec = q.line_number`,
  );
}
