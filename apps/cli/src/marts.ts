import type { Engine, Row } from '@finlake/engine';
import { publishedTables, readTable } from '@finlake/pipeline';
import { getProduct, type MartView } from '@finlake/products';

export async function readMarts(engine: Engine, product: string): Promise<{ view: MartView; rows: Row[] }[]> {
  const present = new Set(await publishedTables(engine, product));
  const out: { view: MartView; rows: Row[] }[] = [];
  for (const view of getProduct(product).marts) {
    if (present.has(view.table)) out.push({ view, rows: await readTable(engine, product, view.table, view.orderBy) });
  }
  return out;
}
