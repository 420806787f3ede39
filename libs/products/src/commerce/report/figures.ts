/**
 * The commerce page's figures: the three marts, read whole (they are small aggregates). Decimal
 * columns arrive as exact text, integers as numbers; row shapes are type aliases so they satisfy
 * the engine's Row index signature.
 */
import type { Engine } from '@finlake/engine';

export type MonthlyMarginRow = {
  month: string;
  channel: string;
  orders: number;
  return_lines: number;
  units: number;
  gross_revenue: string;
  discounts: string;
  net_revenue: string;
  cogs: string;
  shipping_charged: string;
  shipping_cost: string;
  platform_fees: string;
  contribution_margin: string;
  contribution_margin_pct: string | null;
  uncosted_lines: number;
  uncosted_net_revenue: string;
};

export type RoasRow = {
  month: string;
  channel: string;
  spend: string;
  impressions: number;
  clicks: number;
  ctr_pct: string | null;
  cpc: string | null;
  cpm: string | null;
  net_revenue: string;
  roas: string | null;
};

export type ProductMarginRow = {
  product_id: string;
  product_name: string;
  category: string;
  units: number;
  net_revenue: string;
  cogs: string;
  gross_margin: string;
  gross_margin_pct: string | null;
  uncosted_lines: number;
  margin_rank: number;
};

export interface CommerceFigures {
  monthly: MonthlyMarginRow[];
  roas: RoasRow[];
  products: ProductMarginRow[];
}

export async function loadCommerceFigures(engine: Engine, mart: (name: string) => string): Promise<CommerceFigures> {
  const monthly = await engine.query<MonthlyMarginRow>(
    `select cast(month as varchar) as month, channel, orders, return_lines, units, gross_revenue, discounts, net_revenue, cogs,
            shipping_charged, shipping_cost, platform_fees, contribution_margin, contribution_margin_pct, uncosted_lines, uncosted_net_revenue
     from ${mart('mart_monthly_channel_margin')} order by month, channel`,
  );
  const roas = await engine.query<RoasRow>(
    `select cast(month as varchar) as month, channel, spend, impressions, clicks, ctr_pct, cpc, cpm, net_revenue, roas
     from ${mart('mart_channel_roas')} order by month, channel`,
  );
  const products = await engine.query<ProductMarginRow>(
    `select product_id, product_name, category, units, net_revenue, cogs, gross_margin, gross_margin_pct, uncosted_lines, margin_rank
     from ${mart('mart_product_margin')} order by margin_rank, product_id`,
  );
  return { monthly, roas, products };
}
