/**
 * The hand-computed fixture (libs/products/src/commerce/fixtures/golden): every expected figure below is
 * worked out by hand from the raw files, so the marts are checked to the cent.
 *
 * Cost rules exercised: P1 costs 20.0000 until 2024-01-14 and 22.5000 from 2024-01-15; T2 is
 * stamped 2024-01-14T23:30-05:00 = 2024-01-15 04:30 UTC, so it takes the new cost. P3 has no
 * cost before 2024-02-01, so T4 (January) stays uncosted. T6 and T9 are returns (T9 written
 * with a positive quantity): they reverse revenue, discount, shipping charged and COGS.
 */
import type { Engine } from '@finlake/engine';
import { GOLDEN, TEST_ENGINES, run } from '../testing';
import { readTable } from './queries';

describe.each(TEST_ENGINES)('golden commerce fixture on $name', ({ create }) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await create();
    const result = await run(engine, GOLDEN);
    expect(result.status).toBe('published');
  });
  afterAll(() => engine.close());

  it('costs each line by the COGS valid on its UTC date, NULL when none applies', async () => {
    const rows = await engine.query(`select transaction_id, quantity, gross_revenue, net_revenue, unit_cogs, total_cogs from commerce_warehouse.fact_transactions order by transaction_id`);
    expect(rows).toEqual([
      // T1: 2 x 50.00 = 100.00; net 100.00 - 5.00; cost 2 x 20.0000
      { transaction_id: 'T1', quantity: 2, gross_revenue: '100.00', net_revenue: '95.00', unit_cogs: '20.0000', total_cogs: '40.00' },
      // T2: 2024-01-15 04:30 UTC, after the cost change
      { transaction_id: 'T2', quantity: 1, gross_revenue: '50.00', net_revenue: '50.00', unit_cogs: '22.5000', total_cogs: '22.50' },
      // T3: 3 x 12.99 = 38.97; cost 3 x 3.1250 = 9.375, rounded half away from zero to 9.38
      { transaction_id: 'T3', quantity: 3, gross_revenue: '38.97', net_revenue: '38.97', unit_cogs: '3.1250', total_cogs: '9.38' },
      // T4: P3 has no cost in January: uncosted, never zero
      { transaction_id: 'T4', quantity: 1, gross_revenue: '120.00', net_revenue: '110.00', unit_cogs: null, total_cogs: null },
      { transaction_id: 'T5', quantity: 1, gross_revenue: '52.50', net_revenue: '52.50', unit_cogs: '22.5000', total_cogs: '22.50' },
      // T6: return of one P1: -50.00 gross, discount reversed (-2.50), net -47.50, cost -22.50
      { transaction_id: 'T6', quantity: -1, gross_revenue: '-50.00', net_revenue: '-47.50', unit_cogs: '22.5000', total_cogs: '-22.50' },
      { transaction_id: 'T7', quantity: 2, gross_revenue: '230.00', net_revenue: '230.00', unit_cogs: '40.0000', total_cogs: '80.00' },
      { transaction_id: 'T8', quantity: 4, gross_revenue: '51.96', net_revenue: '50.00', unit_cogs: '3.1250', total_cogs: '12.50' },
      // T9: return written with quantity 1: counted as -1
      { transaction_id: 'T9', quantity: -1, gross_revenue: '-115.00', net_revenue: '-115.00', unit_cogs: '40.0000', total_cogs: '-40.00' },
    ]);
  });

  it('mart_monthly_channel_margin matches the hand computation', async () => {
    const rows = await readTable(engine, 'commerce', 'mart_monthly_channel_margin', ['month', 'channel']);
    const pick = (r: Record<string, unknown>) => ({
      month: r.month, channel: r.channel, orders: r.orders, units: r.units, gross: r.gross_revenue, discounts: r.discounts, net: r.net_revenue,
      cogs: r.cogs, shipping_charged: r.shipping_charged, shipping_cost: r.shipping_cost, fees: r.platform_fees,
      margin: r.contribution_margin, pct: r.contribution_margin_pct, uncosted: r.uncosted_lines, uncosted_net: r.uncosted_net_revenue,
    });
    expect(rows.map(pick)).toEqual([
      // Jan Amazon: T2 + T4. Margin over costed T2 only: 50.00 - 22.50 - 7.50 = 20.00 = 40.0% of 50.00. T4's 110.00 is uncosted.
      { month: '2024-01-01', channel: 'Amazon', orders: 2, units: 2, gross: '170.00', discounts: '10.00', net: '160.00', cogs: '22.50', shipping_charged: '0.00', shipping_cost: '0.00', fees: '25.50', margin: '20.00', pct: '40.0', uncosted: 1, uncosted_net: '110.00' },
      // Jan Online Store: T1 (95.00 + 4.99 - 40.00 - 6.50 - 1.75 = 51.74) + T3 (38.97 - 9.38 - 2.00 - 0.60 = 26.99) = 78.73; / 133.97 = 58.8%
      { month: '2024-01-01', channel: 'Online Store', orders: 2, units: 5, gross: '138.97', discounts: '5.00', net: '133.97', cogs: '49.38', shipping_charged: '4.99', shipping_cost: '8.50', fees: '2.35', margin: '78.73', pct: '58.8', uncosted: 0, uncosted_net: '0.00' },
      // Feb Amazon: T7 (230.00 - 80.00 - 34.50 = 115.50) + return T9 (-115.00 + 40.00 - 5.00 = -80.00) = 35.50; / 115.00 = 30.9%
      { month: '2024-02-01', channel: 'Amazon', orders: 1, units: 1, gross: '115.00', discounts: '0.00', net: '115.00', cogs: '40.00', shipping_charged: '0.00', shipping_cost: '5.00', fees: '34.50', margin: '35.50', pct: '30.9', uncosted: 0, uncosted_net: '0.00' },
      // Feb Online Store: T5 (52.50 + 4.99 - 22.50 - 6.00 - 1.60 = 27.39) + return T6 (-47.50 - 4.99 + 22.50 - 3.00 = -32.99) = -5.60; / 5.00 = -112.0%
      { month: '2024-02-01', channel: 'Online Store', orders: 1, units: 0, gross: '2.50', discounts: '-2.50', net: '5.00', cogs: '0.00', shipping_charged: '0.00', shipping_cost: '9.00', fees: '1.60', margin: '-5.60', pct: '-112.0', uncosted: 0, uncosted_net: '0.00' },
      // Feb Retail: T8: 51.96 - 1.96 - 12.50 = 37.50 = 75.0% of 50.00
      { month: '2024-02-01', channel: 'Retail Store', orders: 1, units: 4, gross: '51.96', discounts: '1.96', net: '50.00', cogs: '12.50', shipping_charged: '0.00', shipping_cost: '0.00', fees: '0.00', margin: '37.50', pct: '75.0', uncosted: 0, uncosted_net: '0.00' },
    ]);
  });

  it('mart_channel_roas matches the hand computation', async () => {
    const rows = await readTable(engine, 'commerce', 'mart_channel_roas', ['month', 'channel']);
    expect(rows).toEqual([
      // 80.00 spend, 5000 impressions, 100 clicks: CTR 2.0%, CPC 0.80, CPM 16.00, ROAS 160.00 / 80.00 = 2
      { month: '2024-01-01', channel: 'Amazon', spend: '80.00', impressions: 5000, clicks: 100, ctr_pct: '2.0', cpc: '0.8000', cpm: '16.0000', net_revenue: '160.00', roas: '2.0000' },
      // 125.50 + 100.00 = 225.50; 450 / 18000 = 2.5%; 225.50 / 450 = 0.5011; 225500 / 18000 = 12.5278; 133.97 / 225.50 = 0.5941
      { month: '2024-01-01', channel: 'Online Store', spend: '225.50', impressions: 18000, clicks: 450, ctr_pct: '2.5', cpc: '0.5011', cpm: '12.5278', net_revenue: '133.97', roas: '0.5941' },
      // 90.25 / 150 = 0.6017; 90250 / 6000 = 15.0417; 115.00 / 90.25 = 1.2742
      { month: '2024-02-01', channel: 'Amazon', spend: '90.25', impressions: 6000, clicks: 150, ctr_pct: '2.5', cpc: '0.6017', cpm: '15.0417', net_revenue: '115.00', roas: '1.2742' },
      // Revenue without spend: ratios are NULL, never a division error
      { month: '2024-02-01', channel: 'Online Store', spend: '0.00', impressions: 0, clicks: 0, ctr_pct: null, cpc: null, cpm: null, net_revenue: '5.00', roas: null },
      { month: '2024-02-01', channel: 'Retail Store', spend: '0.00', impressions: 0, clicks: 0, ctr_pct: null, cpc: null, cpm: null, net_revenue: '50.00', roas: null },
    ]);
  });

  it('mart_product_margin ranks products by gross margin', async () => {
    const rows = await readTable(engine, 'commerce', 'mart_product_margin', ['margin_rank']);
    expect(rows).toEqual([
      // P1: net 95 + 50 + 52.50 - 47.50 = 150.00; cost 40 + 22.50 + 22.50 - 22.50 = 62.50; margin 87.50 = 58.3%
      { product_id: 'P1', product_name: 'Trail Backpack', category: 'Bags', units: 3, net_revenue: '150.00', cogs: '62.50', gross_margin: '87.50', gross_margin_pct: '58.3', uncosted_lines: 0, margin_rank: 1 },
      // P3: costed net 230 - 115 = 115.00, cost 80 - 40 = 40.00, margin 75.00 = 65.2%; T4 uncosted
      { product_id: 'P3', product_name: 'Rain Jacket', category: 'Apparel', units: 2, net_revenue: '225.00', cogs: '40.00', gross_margin: '75.00', gross_margin_pct: '65.2', uncosted_lines: 1, margin_rank: 2 },
      // P2: net 38.97 + 50.00 = 88.97; cost 9.38 + 12.50 = 21.88; margin 67.09 = 75.4%
      { product_id: 'P2', product_name: 'Water Bottle', category: 'Accessories', units: 7, net_revenue: '88.97', cogs: '21.88', gross_margin: '67.09', gross_margin_pct: '75.4', uncosted_lines: 0, margin_rank: 3 },
    ]);
  });

  it('gives stable surrogate keys and dimensions of the right size', async () => {
    expect(await engine.query(`select product_key, product_id from commerce_warehouse.dim_product order by product_key`)).toEqual([
      { product_key: 1, product_id: 'P1' },
      { product_key: 2, product_id: 'P2' },
      { product_key: 3, product_id: 'P3' },
    ]);
    const [counts] = await engine.query(`select (select count(*) from commerce_warehouse.dim_customer) as customers, (select count(*) from commerce_warehouse.dim_channel) as channels, (select count(*) from commerce_warehouse.dim_campaign) as campaigns, (select count(*) from commerce_warehouse.dim_date) as days`);
    // Dates span 2024-01-01 (first COGS) to 2024-02-21 (T9): 31 + 21 days.
    expect(counts).toEqual({ customers: 4, channels: 5, campaigns: 2, days: 52 });
  });
});
