import { join } from 'node:path';
import { loadModel, type ProductModels } from '@finlake/models';

/** Build order: the wallet's transaction fact, accounts, daily snapshot and marts; then the portfolio's products, transactions, daily positions and mart; then the stores' inventory. */
const MODEL_NAMES = [
  'fact_account_transaction',
  'dim_account',
  'fact_account_daily_balance',
  'mart_account_balance_monthly',
  'mart_balance_reconciliation',
  'dim_product',
  'fact_portfolio_transaction',
  'fact_portfolio_daily_position',
  'mart_product_position_daily',
  'fact_inventory_movement',
  'fact_inventory_daily_position',
] as const;

export function balancesModels(): ProductModels {
  return {
    product: 'balances',
    keyMaps: [],
    models: MODEL_NAMES.map((name) => loadModel(join(__dirname, 'models'), name)),
    reconciliations: [
      // The fact keeps every staged transaction and every amount.
      ...['count(*)', 'sum(amount)'].map((measure) => ({
        name: `fact_account_transaction ${measure} = staging`,
        table: 'fact_account_transaction',
        expected: `select ${measure} from {{ source('stg_account_transactions') }}`,
        actual: `select ${measure} from {{ ref('fact_account_transaction') }}`,
      })),
      // Each account's last closing balance is the sum of its counted amounts through the last balance day.
      {
        name: 'fact_account_daily_balance last closing = counted amounts',
        table: 'fact_account_daily_balance',
        expected: `select sum(amount) from {{ ref('fact_account_transaction') }} where is_counted and business_date <= (select max(balance_date) from {{ ref('fact_account_daily_balance') }})`,
        actual: `select sum(closing_balance) from {{ ref('fact_account_daily_balance') }} where balance_date = (select max(balance_date) from {{ ref('fact_account_daily_balance') }})`,
      },
      // The portfolio fact keeps every staged movement.
      ...['count(*)', 'sum(units_delta)'].map((measure) => ({
        name: `fact_portfolio_transaction ${measure} = staging`,
        table: 'fact_portfolio_transaction',
        expected: `select ${measure} from {{ source('stg_portfolio_transactions') }}`,
        actual: `select ${measure} from {{ ref('fact_portfolio_transaction') }}`,
      })),
      // The inventory fact keeps every staged movement; each stock's last units are its counted movements.
      {
        name: 'fact_inventory_movement count(*) = staging',
        table: 'fact_inventory_movement',
        expected: `select count(*) from {{ source('stg_inventory_movements') }}`,
        actual: `select count(*) from {{ ref('fact_inventory_movement') }}`,
      },
      {
        name: 'fact_inventory_daily_position last available = counted units',
        table: 'fact_inventory_daily_position',
        expected: `select sum(units_delta) from {{ ref('fact_inventory_movement') }} where is_counted and business_date <= (select max(position_date) from {{ ref('fact_inventory_daily_position') }})`,
        actual: `select sum(available_units) from {{ ref('fact_inventory_daily_position') }} where position_date = (select max(position_date) from {{ ref('fact_inventory_daily_position') }})`,
      },
      // Each position's last units are the sum of its counted movements through the last day.
      {
        name: 'fact_portfolio_daily_position last total = counted units',
        table: 'fact_portfolio_daily_position',
        expected: `select sum(units_delta) from {{ ref('fact_portfolio_transaction') }} where is_counted and business_date <= (select max(position_date) from {{ ref('fact_portfolio_daily_position') }})`,
        actual: `select sum(total_units) from {{ ref('fact_portfolio_daily_position') }} where position_date = (select max(position_date) from {{ ref('fact_portfolio_daily_position') }})`,
      },
    ],
  };
}
