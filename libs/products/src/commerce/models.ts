import { quoteString } from '@finlake/engine';
import { loadModel, type ProductModels } from '@finlake/models';
import { join } from 'node:path';
import { COMMERCE_CHANNELS } from './contract';

/** Build order: intermediate, dimensions, facts, aggregates, marts. */
const MODEL_NAMES = [
  'int_cogs_validity',
  'dim_date',
  'dim_product',
  'dim_customer',
  'dim_channel',
  'dim_campaign',
  'fact_transactions',
  'fact_marketing_spend',
  'agg_daily_channel_lines',
  'agg_product_lines',
  'mart_monthly_channel_margin',
  'mart_channel_roas',
  'mart_product_margin',
] as const;

export function commerceModels(): ProductModels {
  return {
    product: 'commerce',
    keyMaps: [
      { name: 'keymap_product', naturalKeys: `select product_id as natural_key from {{ source('stg_products') }}`, redshift: { dist: 'all', sort: ['natural_key'], why: 'key map looked up by natural key' } },
      {
        name: 'keymap_customer',
        naturalKeys: `select customer_id as natural_key from {{ source('stg_transactions') }}`,
        redshift: { dist: { key: 'natural_key' }, sort: ['natural_key'], why: 'grows with customers' },
      },
      {
        name: 'keymap_channel',
        // Every accepted channel gets a key before any sale arrives.
        naturalKeys: COMMERCE_CHANNELS.map((c) => `select ${quoteString(c)} as natural_key`).join(' union all '),
        redshift: { dist: 'all', sort: ['natural_key'], why: 'a handful of rows' },
      },
      { name: 'keymap_campaign', naturalKeys: `select campaign_id as natural_key from {{ source('stg_marketing_spend') }}`, redshift: { dist: 'all', sort: ['natural_key'], why: 'small key map' } },
    ],
    models: MODEL_NAMES.map((name) => loadModel(join(__dirname, 'models'), name)),
    reconciliations: [
      // Facts keep every staged row and every amount: joins to dimensions must not drop or duplicate.
      ...['count(*)', 'sum(abs(quantity))', 'sum(unit_price)', 'sum(discount_amount)', 'sum(shipping_cost)', 'sum(platform_fee)'].map((measure) => ({
        name: `fact_transactions ${measure} = staging`,
        table: 'fact_transactions',
        expected: `select ${measure} from {{ source('stg_transactions') }}`,
        actual: `select ${measure.replace('discount_amount', 'abs(discount_amount)')} from {{ ref('fact_transactions') }}`,
      })),
      ...['count(*)', 'sum(spend)', 'sum(impressions)', 'sum(clicks)'].map((measure) => ({
        name: `fact_marketing_spend ${measure} = staging`,
        table: 'fact_marketing_spend',
        expected: `select ${measure} from {{ source('stg_marketing_spend') }}`,
        actual: `select ${measure} from {{ ref('fact_marketing_spend') }}`,
      })),
      // Marts add up to the facts they summarise.
      ...['net_revenue', 'gross_revenue', 'quantity'].map((measure) => ({
        name: `mart_monthly_channel_margin ${measure} = fact_transactions`,
        table: 'mart_monthly_channel_margin',
        expected: `select sum(${measure}) from {{ ref('fact_transactions') }}`,
        actual: `select sum(${measure === 'quantity' ? 'units' : measure}) from {{ ref('mart_monthly_channel_margin') }}`,
      })),
      {
        name: 'mart_product_margin net_revenue = fact_transactions',
        table: 'mart_product_margin',
        expected: `select sum(net_revenue) from {{ ref('fact_transactions') }}`,
        actual: `select sum(net_revenue) from {{ ref('mart_product_margin') }}`,
      },
      {
        name: 'mart_channel_roas spend = fact_marketing_spend',
        table: 'mart_channel_roas',
        expected: `select sum(spend) from {{ ref('fact_marketing_spend') }}`,
        actual: `select sum(spend) from {{ ref('mart_channel_roas') }}`,
      },
    ],
  };
}
