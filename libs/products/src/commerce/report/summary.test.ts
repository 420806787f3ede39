import { qualityTotals } from '@finlake/report';
import { commerceReportSample } from '../../../testing';
import { kpiTiles } from './page';
import { channelOrder, channelRoas, computeTotals, sortMonthly, topProducts } from './summary';

const sampleData = () => commerceReportSample().figures;
const quality = () => qualityTotals(commerceReportSample().quality);

describe('totals from the marts', () => {
  it('sums mart columns and divides as the marts do', () => {
    const t = computeTotals(sampleData());
    expect(t).toEqual({
      netRevenue: '1600.50',
      contributionMargin: '490.10',
      // The margin base leaves out uncosted sales: 1600.50 - 200.00.
      costedNetRevenue: '1400.50',
      contributionMarginPct: '35.0',
      uncostedLines: 1,
      uncostedNetRevenue: '200.00',
      marketingSpend: '600.00',
      // Σ mart_channel_roas.net_revenue ÷ Σ spend = 1600.50 / 600.00
      roas: '2.6675',
      firstMonth: '2024-01-01',
      lastMonth: '2024-02-01',
      months: 2,
    });
  });

  it('has no ratios, rather than a division error, when there is nothing to divide by', () => {
    const empty = { ...sampleData(), monthly: [], roas: [] };
    expect(computeTotals(empty)).toMatchObject({ netRevenue: '0.00', contributionMarginPct: null, roas: null, firstMonth: null, months: 0 });
  });

  it('KPI tiles show the totals formatted for people', () => {
    const tiles = kpiTiles(computeTotals(sampleData()), quality(), 'USD');
    expect(tiles.map((t) => [t.id, t.value])).toEqual([
      ['net_revenue', '$1,600.50'],
      ['contribution_margin', '$490.10'],
      ['contribution_margin_pct', '35.0%'],
      ['marketing_spend', '$600.00'],
      ['roas', '2.67×'],
      ['rows_loaded', '1,007'],
      ['rows_quarantined', '3'],
      ['uncosted_sales', '1 line'],
    ]);
    expect(tiles.find((t) => t.id === 'contribution_margin_pct')!.note).toBe('of $1,400.50 costed net revenue');
  });
});

describe('one order everywhere', () => {
  it('orders monthly rows by month, then channel', () => {
    expect(sortMonthly(sampleData().monthly).map((r) => `${r.month} ${r.channel}`)).toEqual(['2024-01-01 Amazon', '2024-01-01 Online Store', '2024-02-01 eBay']);
    expect(channelOrder(sampleData())).toEqual(['Amazon', 'eBay', 'Online Store']);
  });

  it('ROAS per channel is Σ net revenue ÷ Σ spend of its months; no spend means no ratio', () => {
    expect(channelRoas(sampleData().roas)).toEqual([
      { channel: 'Amazon', spend: '100.00', netRevenue: '500.50', roas: '5.0050' },
      { channel: 'eBay', spend: '0.00', netRevenue: '100.00', roas: null },
      { channel: 'Online Store', spend: '500.00', netRevenue: '1000.00', roas: '2.0000' },
    ]);
  });

  it('top products follow the mart rank', () => {
    expect(topProducts(sampleData().products).map((p) => p.product_id)).toEqual(['P1', 'P2']);
    expect(topProducts(sampleData().products, 1)).toHaveLength(1);
  });

});
