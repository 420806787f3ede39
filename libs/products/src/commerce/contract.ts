import { idColumn, moneyColumn, type ColumnContract, type DataProductContract, type EntityContract } from '@finlake/contracts';

export const COMMERCE_CHANNELS = ['Online Store', 'Amazon', 'eBay', 'Retail Store', 'Wholesale'] as const;
export const COMMERCE_CURRENCIES = ['USD'] as const;

const id = (header: string, name: string, description: string) => idColumn(header, name, 64, description);

/** Money: DECIMAL(18,2), never negative in the raw file (returns are signed by ReturnFlag). */
const money = (header: string, name: string, description: string) => moneyColumn(header, name, { min: '0', max: '1000000000' }, description);

const currency: ColumnContract = {
  header: 'Currency',
  name: 'currency',
  type: { kind: 'enum', values: COMMERCE_CURRENCIES },
  required: true,
  description: 'ISO 4217 code; the warehouse reports in one currency.',
};

const channel: ColumnContract = {
  header: 'Channel',
  name: 'channel',
  type: { kind: 'enum', values: COMMERCE_CHANNELS },
  required: true,
  description: 'Sales channel, one of the accepted channels.',
};

export const products: EntityContract = {
  name: 'products',
  description: 'The product catalogue.',
  grain: 'one row per product',
  columns: [
    id('ProductID', 'product_id', 'Natural key of the product.'),
    { header: 'ProductName', name: 'product_name', type: { kind: 'text', maxLength: 200 }, required: true, description: 'Display name.' },
    { header: 'Category', name: 'category', type: { kind: 'text', maxLength: 100 }, required: true, description: 'Product category.' },
  ],
  key: ['product_id'],
  loadMode: 'upsert',
  references: [],
  rules: [],
  redshift: { dist: 'all', sort: ['product_id'], why: 'catalogue: small, joined by every build' },
};

export const cogs: EntityContract = {
  name: 'cogs',
  description: 'Dated unit cost changes per product.',
  grain: 'one row per product and effective date',
  columns: [
    id('ProductID', 'product_id', 'The product whose cost changes.'),
    { header: 'COGS_EffectiveDate', name: 'effective_date', type: { kind: 'date' }, required: true, description: 'First day (UTC) the cost applies.' },
    { header: 'UnitCOGS', name: 'unit_cogs', type: { kind: 'decimal', precision: 18, scale: 4, min: '0', max: '1000000' }, required: true, description: 'Cost of one unit, up to 4 decimals.' },
    currency,
  ],
  key: ['product_id', 'effective_date'],
  loadMode: 'upsert',
  references: [{ column: 'product_id', entity: 'products', entityColumn: 'product_id' }],
  rules: [],
  redshift: { dist: 'all', sort: ['product_id', 'effective_date'], why: 'small; the as-of join reads it by product and date' },
};

export const marketingSpend: EntityContract = {
  name: 'marketing_spend',
  description: 'Daily advertising spend and delivery per campaign.',
  grain: 'one row per campaign and day',
  columns: [
    { header: 'Date', name: 'spend_date', type: { kind: 'date' }, required: true, description: 'Day of the spend (UTC).' },
    id('CampaignID', 'campaign_id', 'Natural key of the campaign.'),
    { header: 'CampaignName', name: 'campaign_name', type: { kind: 'text', maxLength: 200 }, required: true, description: 'Campaign display name.' },
    { header: 'AdPlatform', name: 'ad_platform', type: { kind: 'text', maxLength: 100 }, required: true, description: 'Where the ads ran.' },
    channel,
    { header: 'Impressions', name: 'impressions', type: { kind: 'integer', min: 0, max: 2_000_000_000 }, required: true, description: 'Ad impressions.' },
    { header: 'Clicks', name: 'clicks', type: { kind: 'integer', min: 0, max: 2_000_000_000 }, required: true, description: 'Ad clicks.' },
    money('Spend', 'spend', 'Amount spent.'),
    currency,
  ],
  key: ['spend_date', 'campaign_id'],
  loadMode: 'append',
  references: [],
  rules: [{ name: 'clicks_not_above_impressions', description: 'Clicks never exceed impressions.', condition: 'clicks <= impressions' }],
  redshift: { dist: { key: 'campaign_id' }, sort: ['spend_date'], why: 'grouped and joined by campaign' },
};

export const transactions: EntityContract = {
  name: 'transactions',
  description: 'Sales and returns across channels.',
  grain: 'one row per transaction line',
  columns: [
    id('TransactionID', 'transaction_id', 'Natural key of the transaction.'),
    { header: 'TransactionDate', name: 'transaction_ts', type: { kind: 'timestamp' }, required: true, description: 'ISO-8601 timestamp; an offset is allowed; stored as UTC.' },
    id('ProductID', 'product_id', 'The product sold.'),
    id('CustomerID', 'customer_id', 'The buying customer.'),
    channel,
    { header: 'Quantity', name: 'quantity', type: { kind: 'integer', min: -100000, max: 100000 }, required: true, description: 'Units; positive on sales; on returns either sign (a return always counts negative).' },
    { header: 'UnitPrice', name: 'unit_price', type: { kind: 'decimal', precision: 18, scale: 4, min: '0', max: '1000000' }, required: true, description: 'Price of one unit, up to 4 decimals.' },
    money('DiscountAmount', 'discount_amount', 'Discount on the line.'),
    money('TaxAmount', 'tax_amount', 'Tax collected (pass-through, not revenue).'),
    money('ShippingChargedToCustomer', 'shipping_charged', 'Shipping billed to the customer.'),
    money('ActualShippingCost', 'shipping_cost', 'Shipping paid by the business.'),
    money('PlatformFee', 'platform_fee', 'Marketplace or payment fee.'),
    currency,
    { header: 'ReturnFlag', name: 'is_return', type: { kind: 'boolean' }, required: true, description: 'true when the line is a return.' },
  ],
  key: ['transaction_id'],
  loadMode: 'append',
  references: [{ column: 'product_id', entity: 'products', entityColumn: 'product_id' }],
  rules: [
    { name: 'quantity_positive_on_sales', description: 'Quantity is positive unless the line is a return.', condition: 'quantity > 0 or (is_return and quantity <> 0)' },
    { name: 'discount_within_gross', description: 'The discount never exceeds the gross amount of the line.', condition: 'discount_amount <= abs(quantity) * unit_price' },
  ],
  redshift: { dist: { key: 'product_id' }, sort: ['transaction_ts'], why: 'large; co-located with the product joins of the build' },
};

export const commerceContract: DataProductContract = {
  name: 'commerce',
  description: 'Multi-channel sales with cost of goods and marketing spend.',
  entities: [products, cogs, marketingSpend, transactions],
  earliestDate: '2000-01-01',
  maxFutureDays: 1,
};
