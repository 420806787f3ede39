import { join } from 'node:path';
import type { DataProduct } from '../types';
import { balancesContract as contract, BALANCES_CURRENCY } from './contract';
import { generateBalances, generateBalancesIncrement } from './generator';
import { balancesModels } from './models';
import { balancesReport } from './report';

export * from './contract';
export { balancesModels } from './models';
export { balanceAsOf, parseAsOf, type AsOf, type DayBalance, type InstantBalance } from './lookup';
export { positionAsOf, type DayPosition, type LocationPosition } from './position';
export { generateBalances, generateBalancesIncrement, BALANCES_BAD_KINDS, BALANCES_FILE, BALANCES_HEADER, type BalancesGenerateOptions } from './generator';

/** Balances: wallet transactions turned into daily account balances (docs/balances.md). */
export const balances: DataProduct = {
  name: 'balances',
  title: 'Account balances',
  contract,
  models: balancesModels,
  samples: join(__dirname, '..', '..', '..', '..', 'data', 'raw', 'balances'),
  currency: BALANCES_CURRENCY,
  report: balancesReport,
  generate: generateBalances,
  generatedRows: 'transactions',
  generateIncrement: generateBalancesIncrement,
  generatorSources: [join(__dirname, 'generator')],
  marts: [
    {
      table: 'mart_account_balance_monthly',
      title: 'Month-end and average daily balance by account',
      orderBy: ['period', 'account_id'],
      terminal: ['period', 'account_id', 'currency', 'days_in_month', 'month_end_balance', 'average_daily_balance', 'net_change', 'txn_count', 'is_partial_month'],
    },
    {
      table: 'mart_balance_reconciliation',
      title: 'Reported vs recomputed end-of-day balances',
      orderBy: ['balance_date', 'account_id'],
      terminal: ['balance_date', 'account_id', 'currency', 'reported_balance', 'recomputed_balance', 'reconciliation_diff', 'chain_breaks', 'status'],
    },
  ],
};
