import { findEntityForFile, suggestFileName } from './index';
import type { DataProductContract, EntityContract } from './types';

const entity = (name: string) => ({ name }) as EntityContract;
const product: DataProductContract = { name: 'commerce', description: '', entities: ['products', 'cogs', 'marketing_spend', 'transactions'].map(entity), earliestDate: '2000-01-01', maxFutureDays: 1 };

describe('file names', () => {
  it.each([
    ['transactions.csv', 'transactions'],
    ['TRANSACTIONS.CSV', 'transactions'],
    ['transactions_2025-01.csv', 'transactions'],
    ['transactions-2025-01.csv', 'transactions'],
    ['marketing_spend_2024.csv', 'marketing_spend'],
    ['transaction_2025-01.csv', undefined],
    ['marketing-spend.csv', undefined],
    ['transactions.xlsx', undefined],
    ['transactionsX.csv', undefined],
  ])('%s matches %s', (name, expected) => {
    expect(findEntityForFile(product, name)?.name).toBe(expected);
  });

  it.each([
    ['transaction_2025-01.csv', 'transactions_2025-01.csv'],
    ['marketing-spend.csv', 'marketing_spend.csv'],
    ['Marketing Spend.csv', 'marketing_spend.csv'],
    ['Transactions.xlsx', 'transactions.csv'],
    ['product.csv', 'products.csv'],
    ['transactions.csv', undefined],
    ['notes.txt', undefined],
    ['orders.csv', undefined],
  ])('%s is suggested as %s, a name the rule matches', (name, expected) => {
    const suggestion = suggestFileName(product, name);
    expect(suggestion).toBe(expected);
    if (suggestion) expect(findEntityForFile(product, suggestion)).toBeDefined();
  });
});
