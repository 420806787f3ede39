import type { Engine, Row } from '@finlake/engine';
import { publishedTables, readTable } from '@finlake/pipeline';

export interface MartView {
  table: string;
  title: string;
  orderBy: string[];
  /** Columns shown on a terminal (reports and --json carry every column). */
  terminal: string[];
}

/** The marts of each product and how people read them. */
export const MARTS: Record<string, MartView[]> = {
  commerce: [
    {
      table: 'mart_monthly_channel_margin',
      title: 'Monthly contribution margin by channel',
      orderBy: ['month', 'channel'],
      terminal: ['month', 'channel', 'orders', 'units', 'net_revenue', 'cogs', 'contribution_margin', 'contribution_margin_pct', 'uncosted_lines'],
    },
    {
      table: 'mart_channel_roas',
      title: 'ROAS by month and channel',
      orderBy: ['month', 'channel'],
      terminal: ['month', 'channel', 'spend', 'impressions', 'clicks', 'ctr_pct', 'cpc', 'cpm', 'net_revenue', 'roas'],
    },
    {
      table: 'mart_product_margin',
      title: 'Products by gross margin',
      orderBy: ['margin_rank', 'product_id'],
      terminal: ['margin_rank', 'product_id', 'product_name', 'category', 'units', 'net_revenue', 'cogs', 'gross_margin', 'gross_margin_pct'],
    },
  ],
};

export async function readMarts(engine: Engine, product: string): Promise<{ view: MartView; rows: Row[] }[]> {
  const present = new Set(await publishedTables(engine));
  const out: { view: MartView; rows: Row[] }[] = [];
  for (const view of MARTS[product] ?? []) {
    if (present.has(view.table)) out.push({ view, rows: await readTable(engine, view.table, view.orderBy) });
  }
  return out;
}
