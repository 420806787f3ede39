import type { Engine, Row } from '@finlake/engine';
import { inWarehouse, publishedTables, readTable } from '@finlake/pipeline';
import { getProduct, type MartView } from '@finlake/products';
import { bold, dim, renderTable } from './output';

/** Rows of each mart shown on a terminal after a run; `finlake report` shows more, its files all. */
export const MART_PREVIEW_ROWS = 12;

export interface MartRows {
  view: MartView;
  rows: Row[];
  /** Every row of the mart (rows holds the first `limit` when one was given). */
  total: number;
}

/** The product's published marts, in order: every row, or the first `limit` of each and the count. */
export async function readMarts(engine: Engine, product: string, limit?: number): Promise<MartRows[]> {
  const present = new Set(await publishedTables(engine, product));
  const out: MartRows[] = [];
  for (const view of getProduct(product).marts) {
    if (!present.has(view.table)) continue;
    const rows = await readTable(engine, product, view.table, view.orderBy, limit);
    const total = limit !== undefined && rows.length === limit ? Number((await engine.query<{ n: number }>(`select count(*) as n from ${inWarehouse(product, view.table)}`))[0]?.n ?? rows.length) : rows.length;
    out.push({ view, rows, total });
  }
  return out;
}

/** Each mart as a terminal table of its `terminal` columns, with a line saying how many rows are not shown and where they are. */
export function printMarts(marts: readonly MartRows[], more: string): void {
  for (const { view, rows, total } of marts) {
    process.stdout.write(`\n${bold(view.title)} (${view.table})\n${renderTable(rows, view.terminal)}\n`);
    if (total > rows.length) process.stdout.write(dim(`... ${total - rows.length} more rows: ${more}\n`));
  }
}
