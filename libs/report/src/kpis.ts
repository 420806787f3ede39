import { isNegative } from './decimal';
import { formatCount, formatPercent, NONE } from './format';
import type { Tile } from './html';
import type { QualityTotals } from './quality';

/** A tile's tone: negative money or ratios read as bad. */
export const tone = (value: string | null): Tile['tone'] => (value !== null && isNegative(value) ? 'bad' : undefined);

/** The rows loaded and rows quarantined tiles every page shows among its KPIs. */
export function qualityTiles(t: QualityTotals): Tile[] {
  return [
    { id: 'rows_loaded', label: 'Rows loaded', value: formatCount(t.rowsLoaded), note: `of ${formatCount(t.rowsRead)} rows read` },
    {
      id: 'rows_quarantined',
      label: 'Rows quarantined',
      value: formatCount(t.rowsQuarantined),
      note: t.quarantinedPct === null ? NONE : `${formatPercent(t.quarantinedPct)} of rows read`,
    },
  ];
}
