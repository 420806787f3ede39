import { largestFile } from './data';
import type { DataFile } from './types';

const file = (name: string, rows: number, bytes: number): DataFile => ({ name, path: `/d/${name}`, rows, bytes });

describe('largestFile', () => {
  it('is the file of the generated rows even when another file has more rows (a small ledger: 74 fx rates, 10 GL lines)', () => {
    const files = [file('accounts.csv', 9, 500), file('fx_rates.csv', 74, 1_400), file('transactions.csv', 10, 700), file('budget.csv', 15, 800)];
    expect(largestFile(files, 10).name).toBe('transactions.csv');
  });

  it('takes the biggest in bytes when several files have the generated row count', () => {
    const files = [file('products.csv', 100, 4_000), file('transactions.csv', 100, 12_000)];
    expect(largestFile(files, 100).name).toBe('transactions.csv');
  });

  it('falls back to the file with the most rows, then bytes', () => {
    const files = [file('a.csv', 5, 10), file('b.csv', 7, 10), file('c.csv', 7, 20)];
    expect(largestFile(files, 1_000).name).toBe('c.csv');
    expect(largestFile(files).name).toBe('c.csv');
  });
});
