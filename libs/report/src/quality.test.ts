import { compareText } from './order';
import { qualityTotals, quarantineByBatch, type Quality } from './quality';

const quality: Quality = {
  batches: [
    { batch_id: 'a'.repeat(64), file_name: 'products.csv', entity: 'products', rows_read: 10, rows_loaded: 10, rows_quarantined: 0, loaded_at: '2025-06-30 12:00:01.5' },
    { batch_id: 'b'.repeat(64), file_name: 'transactions.csv', entity: 'transactions', rows_read: 1000, rows_loaded: 997, rows_quarantined: 3, loaded_at: '2025-06-30 12:00:02.25' },
  ],
  quarantine: [
    { batch_id: 'b'.repeat(64), reason_code: 'INVALID_NUMBER', rows: 1 },
    { batch_id: 'b'.repeat(64), reason_code: 'REQUIRED_MISSING', rows: 2 },
  ],
  gate: null,
  latestRun: null,
};

describe('the quality every page shows', () => {
  it('totals the loaded batches; the "as of" is the latest load', () => {
    expect(qualityTotals(quality)).toEqual({ rowsRead: 1010, rowsLoaded: 1007, rowsQuarantined: 3, quarantinedPct: '0.3', asOf: '2025-06-30 12:00:02.25' });
    expect(qualityTotals({ batches: [] })).toEqual({ rowsRead: 0, rowsLoaded: 0, rowsQuarantined: 0, quarantinedPct: null, asOf: null });
  });

  it('groups quarantined rows by batch in load order, most rows first', () => {
    expect(quarantineByBatch(quality).map((b) => [b.batch.file_name, b.reasons])).toEqual([
      ['products.csv', []],
      ['transactions.csv', [{ reason_code: 'REQUIRED_MISSING', rows: 2 }, { reason_code: 'INVALID_NUMBER', rows: 1 }]],
    ]);
  });

  it('sorts text case-insensitively, the same on every machine', () => {
    expect(['eBay', 'Wholesale', 'Amazon', 'Online Store'].sort(compareText)).toEqual(['Amazon', 'eBay', 'Online Store', 'Wholesale']);
  });
});
