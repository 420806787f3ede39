import { join } from 'node:path';
import { loadModel, type ProductModels } from '@finlake/models';

/** Build order: calendars, dimensions, facts, marts. */
const MODEL_NAMES = ['dim_period', 'dim_date', 'dim_scenario', 'dim_department', 'dim_account', 'int_department_months', 'int_account_months', 'fact_gl_actual', 'fact_budget', 'mart_budget_variance_monthly', 'mart_budget_variance_ytd'] as const;

export function ledgerModels(): ProductModels {
  return {
    product: 'ledger',
    keyMaps: [],
    models: MODEL_NAMES.map((name) => loadModel(join(__dirname, 'models'), name)),
    reconciliations: [
      // Facts keep every staged line and every amount: the dimension lookups must not drop or duplicate.
      ...['count(*)', 'sum(amount)'].map((measure) => ({
        name: `fact_gl_actual ${measure} = staging`,
        table: 'fact_gl_actual',
        expected: `select ${measure} from {{ source('stg_transactions') }}`,
        actual: `select ${measure.replace('amount', 'amount_original')} from {{ ref('fact_gl_actual') }}`,
      })),
      ...['count(*)', 'sum(budget_amount)'].map((measure) => ({
        name: `fact_budget ${measure} = staging`,
        table: 'fact_budget',
        expected: `select ${measure} from {{ source('stg_budget') }}`,
        actual: `select ${measure} from {{ ref('fact_budget') }}`,
      })),
      // The monthly mart adds up to the facts (each actual once per budget version it is compared with).
      {
        name: 'mart_budget_variance_monthly budget = fact_budget',
        table: 'mart_budget_variance_monthly',
        expected: `select sum(budget_amount) from {{ ref('fact_budget') }}`,
        actual: `select sum(budget) from {{ ref('mart_budget_variance_monthly') }}`,
      },
    ],
  };
}
