/**
 * What the report reads: the published marts (<product>_warehouse.mart_*) for every business figure, and
 * meta.ledger / meta.quarantine / meta.gate_results / meta.runs for data quality. Read-only.
 */
import type { Engine } from '@finlake/engine';
import { allProducts, findProduct, getProduct } from '@finlake/products';
import { UsageError } from '@finlake/errors';
import { META, hasSchema, inWarehouse, publishedTables } from '@finlake/pipeline';

/**
 * Decimal columns arrive as exact text, integers as numbers (see @finlake/engine SqlValue). Row shapes
 * are type aliases, not interfaces, so they satisfy the engine's Row index signature.
 */
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

/** A batch that is part of the published data (ledger status `loaded`). */
export type BatchRow = {
  batch_id: string;
  file_name: string;
  entity: string;
  rows_read: number;
  rows_loaded: number;
  rows_quarantined: number;
  loaded_at: string;
};

/** Quarantined lines of one loaded batch with one reason code. */
export type QuarantineCount = {
  batch_id: string;
  reason_code: string;
  rows: number;
};

export type GateRow = {
  check_name: string;
  table_name: string;
  blocking: boolean;
  violations: number;
  passed: boolean;
  detail: string | null;
};

export type RunRow = {
  run_id: string;
  status: string;
  finished_at: string | null;
  message: string | null;
};

export interface ReportData {
  product: string;
  currency: string;
  monthly: MonthlyMarginRow[];
  roas: RoasRow[];
  products: ProductMarginRow[];
  batches: BatchRow[];
  quarantine: QuarantineCount[];
  /** The latest run that ran the quality gate (published or blocked by it), with its results. */
  gate: { run: RunRow; results: GateRow[] } | null;
  latestRun: RunRow | null;
}

/** Products with a report, and the marts each one needs. */
export function reportMarts(product: string): readonly string[] | undefined {
  const found = findProduct(product);
  return found?.report ? found.marts.map((m) => m.table) : undefined;
}

export const productsWithReport = () => allProducts().filter((p) => p.report).map((p) => p.name);

export async function loadReportData(engine: Engine, product: string): Promise<ReportData> {
  const marts = reportMarts(product);
  if (!marts) throw new UsageError(`No report is defined for ${product}. Products with a report: ${productsWithReport().join(', ')}.`);
  const published = new Set(await publishedTables(engine, product));
  const missing = marts.filter((m) => !published.has(m));
  if (missing.length > 0 || !(await hasSchema(engine))) {
    throw new UsageError(`Nothing published for ${product} yet (missing ${missing.join(', ') || 'meta.ledger'}): run \`finlake run ${product} --input <dir>\` first.`);
  }

  const monthly = await engine.query<MonthlyMarginRow>(
    `select cast(month as varchar) as month, channel, orders, return_lines, units, gross_revenue, discounts, net_revenue, cogs,
            shipping_charged, shipping_cost, platform_fees, contribution_margin, contribution_margin_pct, uncosted_lines, uncosted_net_revenue
     from ${inWarehouse(product, 'mart_monthly_channel_margin')} order by month, channel`,
  );
  const roas = await engine.query<RoasRow>(
    `select cast(month as varchar) as month, channel, spend, impressions, clicks, ctr_pct, cpc, cpm, net_revenue, roas
     from ${inWarehouse(product, 'mart_channel_roas')} order by month, channel`,
  );
  const products = await engine.query<ProductMarginRow>(
    `select product_id, product_name, category, units, net_revenue, cogs, gross_margin, gross_margin_pct, uncosted_lines, margin_rank
     from ${inWarehouse(product, 'mart_product_margin')} order by margin_rank, product_id`,
  );
  const loaded = `select batch_id from ${META}.ledger where product = ? and status = 'loaded'`;
  const batches = await engine.query<BatchRow>(
    `select batch_id, file_name, entity, rows_read, rows_loaded, rows_quarantined, cast(finished_at as varchar) as loaded_at
     from ${META}.ledger where product = ? and status = 'loaded' order by finished_at, ledger_id`,
    [product],
  );
  // Distinct lines: a row can fail several columns, but it is one quarantined row per reason.
  const quarantine = await engine.query<QuarantineCount>(
    `select batch_id, reason_code, count(distinct line_number) as rows
     from ${META}.quarantine where batch_id in (${loaded}) group by batch_id, reason_code order by batch_id, reason_code`,
    [product],
  );
  const runColumns = `run_id, status, cast(finished_at as varchar) as finished_at, message`;
  const [gateRun] = await engine.query<RunRow>(
    `select ${runColumns} from ${META}.runs as r
     where product = ? and exists (select 1 from ${META}.gate_results as g where g.run_id = r.run_id)
     order by started_at desc, run_id desc limit 1`,
    [product],
  );
  const gateResults = gateRun
    ? await engine.query<GateRow>(
        `select check_name, table_name, blocking, violations, passed, detail from ${META}.gate_results where run_id = ? order by passed, table_name, check_name`,
        [gateRun.run_id],
      )
    : [];
  const [latestRun] = await engine.query<RunRow>(`select ${runColumns} from ${META}.runs where product = ? order by started_at desc, run_id desc limit 1`, [product]);

  return {
    product,
    currency: getProduct(product).currency,
    monthly,
    roas,
    products,
    batches,
    quarantine,
    gate: gateRun ? { run: gateRun, results: gateResults } : null,
    latestRun: latestRun ?? null,
  };
}
