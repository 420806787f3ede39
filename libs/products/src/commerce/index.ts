import { join } from 'node:path';
import type { DataProduct } from '../types';
import { commerceContract as contract, COMMERCE_CURRENCIES } from './contract';
import { generateCommerce } from './generator';
import { generateCommerceIncrement } from './generator/increment';
import { commerceModels } from './models';
import { commerceReport } from './report';

export * from './contract';
export { commerceModels } from './models';
export { generateCommerce, BAD_ROW_KINDS, HOSTILE_PRODUCT_NAME } from './generator';
export * from './report';

/** Commerce: sales, COGS and marketing spend → star schema, contribution margin, ROAS, product margin (docs/commerce.md). */
export const commerce: DataProduct = {
  name: 'commerce',
  title: 'Commerce',
  contract,
  models: commerceModels,
  samples: join(__dirname, '..', '..', '..', '..', 'data', 'raw', 'commerce'),
  currency: COMMERCE_CURRENCIES[0],
  report: commerceReport,
  generate: generateCommerce,
  generatedRows: 'transactions',
  generateIncrement: generateCommerceIncrement,
  generatorSources: [join(__dirname, 'generator')],
  marts: [
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
