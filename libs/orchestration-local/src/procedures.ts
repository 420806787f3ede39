import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { inTransaction, quoteIdent, quoteString, type Engine } from '@finlake/engine';
import { buildAside, keyClashMessage, keyClashSql, pendingCopy, runGate, stagedRowsSql, stagingTable, swapIntoPlace, updateKeyMaps, writeStaging, type GateResult } from '@finlake/pipeline';
import type { EntityContract } from '@finlake/contracts';
import { bucketPath, type LocalLake } from './lake';

export type ProcedureName = 'sp_copy_processed' | 'sp_build_models' | 'sp_quality_gate' | 'sp_publish';

/** How many text arguments each procedure takes. */
export const PROCEDURE_ARITY: Readonly<Record<ProcedureName, number>> = { sp_copy_processed: 1, sp_build_models: 0, sp_quality_gate: 0, sp_publish: 0 };

export interface CopiedBatch {
  entity: string;
  batchId: string;
  batchSeq: number;
  rows: number;
}

/**
 * The warehouse's stored procedures (sql/ddl/04_procedures.sql) on the lake's engine, built from
 * the pipeline's own steps. One call is one Data API statement: it commits on its own, and a
 * failure rolls back that statement only. As on Redshift, batches staged by a run whose gate
 * fails stay staged: the next run's gate fails on them again until the bad file is fixed.
 */
export class LocalProcedures {
  /** Results of the last sp_quality_gate call. */
  lastGate: GateResult[] = [];

  constructor(private readonly lake: LocalLake) {}

  call(name: ProcedureName, args: string[]): Promise<unknown> {
    switch (name) {
      case 'sp_copy_processed':
        return this.copyProcessed(args[0]!);
      case 'sp_build_models':
        return this.buildModels();
      case 'sp_quality_gate':
        return this.qualityGate();
      case 'sp_publish':
        return this.publish();
    }
  }

  /**
   * Stage the processed Parquet under `location` (a prefix of the local processed bucket, e.g.
   * `commerce/`): per entity in load order, the batches staging does not hold yet, numbered after
   * every staged batch in file-name order. Reference data replaces the rows of its keys (the
   * latest batch wins); a fact key staged before, or in two new batches, fails the call
   * (KEY_ALREADY_LOADED) and nothing is staged.
   */
  async copyProcessed(location: string): Promise<CopiedBatch[]> {
    const { engine, contract } = this.lake;
    const base = bucketPath(this.lake.processedDir, location);
    await this.lake.ensureSchema();
    return inTransaction(engine, async () => {
      const staged = contract.entities.map((e) => `select batch_seq from ${stagingTable(contract.name, e.name)}`).join(' union all ');
      const [{ seq } = { seq: 0 }] = await engine.query<{ seq: number }>(`select coalesce(max(batch_seq), 0) as seq from (${staged}) as s`);
      let batchSeq = Number(seq);
      const copied: CopiedBatch[] = [];
      for (const entity of contract.entities) {
        const files = parquetFiles(join(base, entity.name));
        if (files.length === 0) continue;
        const target = stagingTable(contract.name, entity.name);
        const names = entity.columns.map((c) => quoteIdent(c.name));
        const pending = pendingCopy(entity.name);
        // New batches only, each from the first file name it was found under.
        await engine.run(
          `create or replace temp table ${pending} as
           with l as (select ${names.join(', ')}, batch_id, rec, file_name from read_parquet([${files.map(quoteString).join(', ')}]))
           select l.* exclude (file_name), b.batch_n
           from l join (
             select batch_id, min(file_name) as first_file, row_number() over (order by min(file_name), batch_id) as batch_n
             from l where batch_id not in (select batch_id from ${target}) group by batch_id
           ) as b on b.batch_id = l.batch_id and b.first_file = l.file_name`,
        );
        // The staging rule every driver shares: upserts keep the latest batch of each key, facts are never overwritten.
        if (entity.loadMode === 'append') await refuseLoadedKeys(engine, entity, pending, target);
        const rows = `(${stagedRowsSql(entity, pending, `${batchSeq} + batch_n`)})`;
        await writeStaging(engine, entity, rows, target);
        const batches = await engine.query<{ batch_id: string; batch_seq: number; n: number }>(`select batch_id, batch_seq, count(*) as n from ${rows} as n group by batch_id, batch_seq order by batch_seq`);
        for (const b of batches) copied.push({ entity: entity.name, batchId: b.batch_id, batchSeq: Number(b.batch_seq), rows: Number(b.n) });
        batchSeq = batches.reduce((max, b) => Math.max(max, Number(b.batch_seq)), batchSeq);
        await engine.run(`drop table ${pending}`);
      }
      return copied;
    });
  }

  /** Extend the key maps and build every model aside (`<name>__new`); the published tables are untouched. */
  async buildModels(): Promise<void> {
    const { engine, models } = this.lake;
    await this.lake.ensureSchema();
    await inTransaction(engine, async () => {
      await updateKeyMaps(engine, models);
      await buildAside(engine, models);
    });
  }

  /** Every model test and reconciliation on the tables built aside; a failed blocking check fails the call. */
  async qualityGate(): Promise<GateResult[]> {
    const { engine, contract, models } = this.lake;
    this.lastGate = await runGate(engine, contract, models);
    const failed = this.lastGate.filter((g) => g.blocking && !g.passed);
    if (failed.length > 0) {
      throw new Error(`sp_quality_gate: blocking check(s) failed, nothing is published: ${failed.map((g) => `${g.table}: ${g.check} (${g.violations}${g.detail ? `; ${g.detail}` : ''})`).join('; ')}`);
    }
    return this.lastGate;
  }

  /** Swap every built table into place, in one transaction. */
  async publish(): Promise<void> {
    const { engine, models } = this.lake;
    await inTransaction(engine, () => swapIntoPlace(engine, models));
    await engine.checkpoint();
  }
}

/** Parquet files under `dir` (any depth), sorted; none when the entity has no processed data yet. */
function parquetFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith('.parquet'))
    .map((d) => join(d.parentPath, d.name))
    .sort();
}

/** Facts are never overwritten: a pending key already staged, or in two pending batches, stops the copy. */
async function refuseLoadedKeys(engine: Engine, entity: EntityContract, pending: string, target: string): Promise<void> {
  const [clash] = await engine.query<{ n: number; example: string | null }>(keyClashSql(entity, pending, target));
  if (Number(clash?.n ?? 0) > 0) throw new Error(keyClashMessage(entity.name, String(clash!.n), String(clash!.example)));
}
