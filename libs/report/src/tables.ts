/** Column definitions every page shares: the quality gate and the loaded batches. */
import { formatCount, formatTimestamp, shortBatch } from './format';
import type { Column } from './html';
import type { BatchRow, GateRow } from './quality';

/** A right-aligned count column. */
export const countColumn = <T>(header: string, get: (r: T) => number | string): Column<T> => ({ header, numeric: true, cell: (r) => formatCount(get(r)) });

export const gateColumns: Column<GateRow>[] = [
  { header: 'Result', cell: (r) => (r.passed ? 'passed' : r.blocking ? 'FAILED (blocking)' : 'failed (warning)') },
  { header: 'Table', cell: (r) => r.table_name },
  { header: 'Check', cell: (r) => r.check_name, long: true },
  countColumn('Violations', (r) => r.violations),
  { header: 'Detail', cell: (r) => r.detail },
];

export const batchColumns: Column<BatchRow>[] = [
  { header: 'Loaded (UTC)', cell: (r) => formatTimestamp(r.loaded_at) },
  { header: 'File', cell: (r) => r.file_name, long: true },
  { header: 'Entity', cell: (r) => r.entity },
  { header: 'Batch', cell: (r) => shortBatch(r.batch_id) },
  countColumn('Read', (r) => r.rows_read),
  countColumn('Loaded', (r) => r.rows_loaded),
  countColumn('Quarantined', (r) => r.rows_quarantined),
];
