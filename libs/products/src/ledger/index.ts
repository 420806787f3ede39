import { join } from 'node:path';
import type { DataProduct } from '../types';
import { ledgerContract as contract, LEDGER_CURRENCY } from './contract';
import { generateLedger, generateLedgerIncrement } from './generator';
import { ledgerModels } from './models';
import { ledgerSecurity } from './security';
import { ledgerReport } from './report';

export * from './contract';
export { ledgerModels } from './models';
export { generateLedger, generateLedgerIncrement, BAD_ROW_KINDS as LEDGER_BAD_ROW_KINDS, BAD_KIND_REASONS as LEDGER_BAD_KIND_REASONS } from './generator';

/** Ledger: general-ledger lines vs a monthly budget, by department and account (docs/ledger.md). */
export const ledger: DataProduct = {
  name: 'ledger',
  title: 'Ledger vs budget',
  contract,
  models: ledgerModels,
  samples: join(__dirname, '..', '..', '..', '..', 'data', 'raw', 'ledger'),
  currency: LEDGER_CURRENCY,
  security: ledgerSecurity,
  report: ledgerReport,
  generate: generateLedger,
  generatedRows: 'GL lines',
  generateIncrement: generateLedgerIncrement,
  generatorSources: [join(__dirname, 'generator')],
  marts: [
    {
      table: 'mart_budget_variance_monthly',
      title: 'Budget vs actual by month, department and account',
      orderBy: ['period', 'department_id', 'account_id', 'scenario', 'version'],
      terminal: ['period', 'department_id', 'account_id', 'scenario', 'version', 'actual', 'budget', 'variance', 'variance_pct', 'status', 'favourable'],
    },
    {
      table: 'mart_budget_variance_ytd',
      title: 'Budget vs actual, year to date',
      orderBy: ['through_period', 'department_id', 'account_id', 'scenario', 'version'],
      terminal: ['through_period', 'department_id', 'account_id', 'scenario', 'version', 'ytd_actual', 'ytd_budget', 'ytd_variance', 'ytd_variance_pct', 'fy_budget', 'remaining_budget'],
    },
  ],
};
