import type { ReportData } from '@finlake/report';
import type { CommerceFigures, MonthlyMarginRow, RoasRow } from '../src/commerce/report';

const monthly = (month: string, channel: string, net: string, margin: string, pct: string | null, uncosted = 0, uncostedNet = '0.00'): MonthlyMarginRow => ({
  month, channel, orders: 1, return_lines: 0, units: 1, gross_revenue: net, discounts: '0.00', net_revenue: net, cogs: '0.00',
  shipping_charged: '0.00', shipping_cost: '0.00', platform_fees: '0.00', contribution_margin: margin, contribution_margin_pct: pct,
  uncosted_lines: uncosted, uncosted_net_revenue: uncostedNet,
});

const roas = (month: string, channel: string, spend: string, net: string, ratio: string | null): RoasRow => ({
  month, channel, spend, impressions: 1000, clicks: 10, ctr_pct: '1.0', cpc: null, cpm: null, net_revenue: net, roas: ratio,
});

/** A small hand-made commerce ReportData (no database): channels out of order, one uncosted sale, one channel without spend. */
export function commerceReportSample(): ReportData<CommerceFigures> {
  return {
    product: 'commerce',
    currency: 'USD',
    figures: {
      monthly: [
        monthly('2024-02-01', 'eBay', '100.00', '-10.00', '-10.0'),
        monthly('2024-01-01', 'Online Store', '1000.00', '400.00', '50.0', 1, '200.00'),
        monthly('2024-01-01', 'Amazon', '500.50', '100.10', '20.0'),
      ],
      roas: [
        roas('2024-01-01', 'Amazon', '100.00', '500.50', '5.0050'),
        roas('2024-01-01', 'Online Store', '400.00', '1000.00', '2.5000'),
        roas('2024-02-01', 'Online Store', '100.00', '0.00', '0.0000'),
        roas('2024-02-01', 'eBay', '0.00', '100.00', null),
      ],
      products: [
        { product_id: 'P2', product_name: 'Second', category: 'A', units: 1, net_revenue: '10.00', cogs: '5.00', gross_margin: '5.00', gross_margin_pct: '50.0', uncosted_lines: 0, margin_rank: 2 },
        { product_id: 'P1', product_name: 'First <b>', category: 'A', units: 2, net_revenue: '20.00', cogs: '5.00', gross_margin: '15.00', gross_margin_pct: '75.0', uncosted_lines: 0, margin_rank: 1 },
      ],
    },
    quality: {
      batches: [
        { batch_id: 'a'.repeat(64), file_name: 'products.csv', entity: 'products', rows_read: 10, rows_loaded: 10, rows_quarantined: 0, loaded_at: '2025-06-30 12:00:01.5' },
        { batch_id: 'b'.repeat(64), file_name: 'transactions.csv', entity: 'transactions', rows_read: 1000, rows_loaded: 997, rows_quarantined: 3, loaded_at: '2025-06-30 12:00:02.25' },
      ],
      quarantine: [
        { batch_id: 'b'.repeat(64), reason_code: 'INVALID_NUMBER', rows: 1 },
        { batch_id: 'b'.repeat(64), reason_code: 'REQUIRED_MISSING', rows: 2 },
      ],
      gate: {
        run: { run_id: 'R1', status: 'published', finished_at: '2025-06-30 12:00:03', message: 'Published' },
        results: [
          { check_name: 'unique(transaction_id)', table_name: 'fact_transactions', blocking: true, violations: 0, passed: true, detail: null },
          { check_name: 'not_null(<x>)', table_name: 'dim_product', blocking: false, violations: 2, passed: false, detail: 'two <rows>' },
        ],
      },
      latestRun: { run_id: 'R1', status: 'published', finished_at: '2025-06-30 12:00:03', message: 'Published' },
    },
  };
}
