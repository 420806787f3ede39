/**
 * The data-quality half of every report page, the same for every product: the loaded batches
 * (meta.ledger), their quarantined rows (meta.quarantine), the latest gated run
 * (meta.gate_results) and the latest run (meta.runs). Read-only.
 */
import { META_SCHEMA as META } from '@finlake/contracts';
import type { Engine } from '@finlake/engine';
import { divideDecimals, sumIntegers } from './decimal';
import { compareText } from './order';

/** A batch that is part of the published data (ledger status `loaded`). */
export type BatchRow = {
  batch_id: string;
  file_name: string;
  entity: string;
  rows_read: number;
  rows_loaded: number;
  rows_quarantined: number;
  loaded_at: string;
};

/** Quarantined lines of one loaded batch with one reason code. */
export type QuarantineCount = {
  batch_id: string;
  reason_code: string;
  rows: number;
};

export type GateRow = {
  check_name: string;
  table_name: string;
  blocking: boolean;
  violations: number;
  passed: boolean;
  detail: string | null;
};

export type RunRow = {
  run_id: string;
  status: string;
  finished_at: string | null;
  message: string | null;
};

export interface Quality {
  batches: BatchRow[];
  quarantine: QuarantineCount[];
  /** The latest run that ran the quality gate (published or blocked by it), with its results. */
  gate: { run: RunRow; results: GateRow[] } | null;
  latestRun: RunRow | null;
}

export async function loadQuality(engine: Engine, product: string): Promise<Quality> {
  const loaded = `select batch_id from ${META}.ledger where product = ? and status = 'loaded'`;
  const batches = await engine.query<BatchRow>(
    `select batch_id, file_name, entity, rows_read, rows_loaded, rows_quarantined, cast(finished_at as varchar) as loaded_at
     from ${META}.ledger where product = ? and status = 'loaded' order by finished_at, ledger_id`,
    [product],
  );
  // Distinct lines: a row can fail several columns, but it is one quarantined row per reason.
  const quarantine = await engine.query<QuarantineCount>(
    `select batch_id, reason_code, count(distinct line_number) as rows
     from ${META}.quarantine where batch_id in (${loaded}) group by batch_id, reason_code order by batch_id, reason_code`,
    [product],
  );
  const runColumns = `run_id, status, cast(finished_at as varchar) as finished_at, message`;
  const [gateRun] = await engine.query<RunRow>(
    `select ${runColumns} from ${META}.runs as r
     where product = ? and exists (select 1 from ${META}.gate_results as g where g.run_id = r.run_id)
     order by started_at desc, run_id desc limit 1`,
    [product],
  );
  const gateResults = gateRun
    ? await engine.query<GateRow>(
        `select check_name, table_name, blocking, violations, passed, detail from ${META}.gate_results where run_id = ? order by passed, table_name, check_name`,
        [gateRun.run_id],
      )
    : [];
  // A run still marked running (in progress, or killed) has no outcome to report.
  const [latestRun] = await engine.query<RunRow>(`select ${runColumns} from ${META}.runs where product = ? and status <> 'running' order by started_at desc, run_id desc limit 1`, [product]);
  return { batches, quarantine, gate: gateRun ? { run: gateRun, results: gateResults } : null, latestRun: latestRun ?? null };
}

export interface QualityTotals {
  rowsRead: number;
  rowsLoaded: number;
  rowsQuarantined: number;
  quarantinedPct: string | null;
  /** The data's own "as of": when the latest published batch was loaded (UTC). */
  asOf: string | null;
}

export function qualityTotals(quality: Pick<Quality, 'batches'>): QualityTotals {
  const rowsRead = sumIntegers(quality.batches.map((b) => b.rows_read));
  const rowsQuarantined = sumIntegers(quality.batches.map((b) => b.rows_quarantined));
  const loadTimes = quality.batches.map((b) => b.loaded_at).sort();
  return {
    rowsRead,
    rowsLoaded: sumIntegers(quality.batches.map((b) => b.rows_loaded)),
    rowsQuarantined,
    quarantinedPct: divideDecimals(String(rowsQuarantined), String(rowsRead), 1, 100),
    asOf: loadTimes[loadTimes.length - 1] ?? null,
  };
}

export interface BatchQuality {
  batch: BatchRow;
  reasons: { reason_code: string; rows: number }[];
}

/** Quarantined rows per loaded batch and reason code, batches in load order. */
export function quarantineByBatch(quality: Pick<Quality, 'batches' | 'quarantine'>): BatchQuality[] {
  return quality.batches.map((batch) => ({
    batch,
    reasons: quality.quarantine
      .filter((q) => q.batch_id === batch.batch_id)
      .map((q) => ({ reason_code: q.reason_code, rows: Number(q.rows) }))
      .sort((a, b) => b.rows - a.rows || compareText(a.reason_code, b.reason_code)),
  }));
}
