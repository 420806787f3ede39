import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseCsv, type CsvFile } from '@finlake/generator/testing';
import { generateLedger, generateLedgerIncrement, LEDGER_ENTITIES, LEDGER_HEADERS } from './index';
import type { LedgerEntity } from './columns';
import { checkLedger } from './testing/ledger-check';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-inc-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const read = (file: string) => parseCsv(fs.readFileSync(file, 'utf8'));

describe('generateLedgerIncrement', () => {
  it('writes the next month of GL lines, every one new and every reference known', async () => {
    const full = await generateLedger({ rows: 3000, seed: 3, outDir: path.join(dir, 'full'), badRate: 0.01 });
    const inc = await generateLedgerIncrement({ full, rows: 120, seed: 3, outDir: path.join(dir, 'inc'), workDir: path.join(dir, 'work') });
    expect(inc).toEqual({ name: 'transactions_close_2025-01.csv', path: path.join(dir, 'inc', 'transactions_close_2025-01.csv'), rows: 120 });
    const lines = read(inc.path);
    expect(lines.header).toEqual([...LEDGER_HEADERS.transactions]);
    expect(lines.records).toHaveLength(120);

    // Checked as the loader sees it: the full masters and rates, the increment as the lines, no budget.
    const files = Object.fromEntries(LEDGER_ENTITIES.map((e) => [e, read(path.join(dir, 'full', `${e}.csv`))])) as Record<LedgerEntity, CsvFile>;
    const verdict = checkLedger({ ...files, transactions: lines, budget: { header: [...LEDGER_HEADERS.budget], records: [] } });
    expect(verdict.transactions.reasons.filter(Boolean)).toEqual([]);

    const ids = (csv: CsvFile) => csv.records.map((r) => r.fields[0]);
    const fullIds = new Set(ids(files.transactions));
    expect(ids(lines).filter((id) => fullIds.has(id))).toEqual([]);
    expect(new Set(ids(lines)).size).toBe(120);
    expect(ids(lines)[0]).toBe('GL0000003001');
    expect(lines.records.every((r) => r.fields[1].startsWith('2025-01-'))).toBe(true);
    expect(fs.existsSync(`${inc.path}.partial`)).toBe(false);
  });

  it('is deterministic and follows the full generation’s calendar', async () => {
    const full = await generateLedger({ rows: 400, seed: 9, outDir: path.join(dir, 'full2'), startMonth: '2023-03', months: 4 });
    const a = await generateLedgerIncrement({ full, rows: 30, seed: 9, outDir: path.join(dir, 'a'), workDir: path.join(dir, 'w') });
    const b = await generateLedgerIncrement({ full, rows: 30, seed: 9, outDir: path.join(dir, 'b'), workDir: path.join(dir, 'w') });
    expect(a.name).toBe('transactions_close_2023-07.csv');
    expect(fs.readFileSync(a.path)).toEqual(fs.readFileSync(b.path));
  });
});
