/**
 * How Redshift spreads and orders each table over its slices (distribution and sort keys). The
 * warehouse DDL (`sql/ddl/`) is rendered with these; a CTAS build can append `layoutClause`.
 */
export interface TableLayout {
  /** `all`: a copy on every node (small dimensions, joined from everywhere); key: co-locate joins on that column. */
  readonly dist: 'all' | 'even' | 'auto' | { key: string };
  readonly sort?: readonly string[];
  /** Why, for the DDL comment. */
  readonly why: string;
}

const smallDimension = (sort: string): TableLayout => ({ dist: 'all', sort: [sort], why: 'small dimension: a copy per node, joins never move it' });
const mart = (sort: string[]): TableLayout => ({ dist: 'all', sort, why: 'small aggregate read whole by the report' });

/** Layout per table name (schema-less: names are unique across meta, staging and warehouse). */
export const REDSHIFT_LAYOUT: Readonly<Record<string, TableLayout>> = {
  // meta: a few rows per run, except quarantine.
  runs: { dist: 'all', sort: ['started_at'], why: 'one row per run' },
  ledger: { dist: 'all', sort: ['ledger_id'], why: 'one row per file per run' },
  gate_results: { dist: 'all', sort: ['run_id'], why: 'a few dozen rows per run' },
  model_builds: { dist: 'all', sort: ['model'], why: 'one row per incremental model' },
  quarantine: { dist: 'even', sort: ['batch_id', 'line_number'], why: 'grows with bad rows; read by batch' },
  // staging: loaded by batch, read whole by the builds.
  stg_products: { dist: 'all', sort: ['product_id'], why: 'catalogue: small, joined by every build' },
  stg_cogs: { dist: 'all', sort: ['product_id', 'effective_date'], why: 'small; the as-of join reads it by product and date' },
  stg_transactions: { dist: { key: 'product_id' }, sort: ['transaction_ts'], why: 'large; co-located with the product joins of the build' },
  stg_marketing_spend: { dist: { key: 'campaign_id' }, sort: ['spend_date'], why: 'grouped and joined by campaign' },
  keymap_product: { dist: 'all', sort: ['natural_key'], why: 'key map looked up by natural key' },
  keymap_customer: { dist: { key: 'natural_key' }, sort: ['natural_key'], why: 'grows with customers' },
  keymap_channel: { dist: 'all', sort: ['natural_key'], why: 'a handful of rows' },
  keymap_campaign: { dist: 'all', sort: ['natural_key'], why: 'small key map' },
  // warehouse
  dim_date: smallDimension('date_key'),
  dim_product: smallDimension('product_key'),
  dim_channel: smallDimension('channel_key'),
  dim_campaign: smallDimension('campaign_key'),
  dim_customer: { dist: { key: 'customer_key' }, sort: ['customer_key'], why: 'grows with the customer base: too large to copy to every node' },
  fact_transactions: { dist: { key: 'product_key' }, sort: ['date_key'], why: 'product_key is its most joined key with useful cardinality (channel_key has 5 values and would skew); date ranges prune blocks' },
  fact_marketing_spend: { dist: { key: 'campaign_key' }, sort: ['date_key'], why: 'joined and grouped by campaign; date ranges prune blocks' },
  agg_daily_channel_lines: { dist: 'all', sort: ['date_key', 'channel_key'], why: 'daily sums of the fact table, read whole by the monthly mart' },
  agg_product_lines: { dist: 'all', sort: ['product_key'], why: 'per-product sums of the fact table, read whole by the product mart' },
  mart_monthly_channel_margin: mart(['month', 'channel']),
  mart_channel_roas: mart(['month', 'channel']),
  mart_product_margin: mart(['margin_rank']),
};

/** `diststyle … [distkey (…)] [sortkey (…)]` for CREATE TABLE (also valid before AS in a CTAS). */
export function layoutClause(layout: TableLayout): string {
  const dist = typeof layout.dist === 'string' ? `diststyle ${layout.dist}` : `diststyle key distkey (${layout.dist.key})`;
  return layout.sort?.length ? `${dist} sortkey (${layout.sort.join(', ')})` : dist;
}
