import type { Engine, Row } from '@finlake/engine';
import { publishedTables, readTable } from '@finlake/pipeline';

export interface MartView {
  table: string;
  title: string;
  orderBy: string[];
}

/** The marts of each product and how people read them. */
export const MARTS: Record<string, MartView[]> = {
  commerce: [
    { table: 'mart_monthly_channel_margin', title: 'Monthly contribution margin by channel', orderBy: ['month', 'channel'] },
    { table: 'mart_channel_roas', title: 'ROAS by month and channel', orderBy: ['month', 'channel'] },
    { table: 'mart_product_margin', title: 'Products by gross margin', orderBy: ['margin_rank', 'product_id'] },
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
