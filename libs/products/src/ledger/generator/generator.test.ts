import { ledgerContract } from '../contract';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '@finlake/errors';
import { parseCsv, type CsvFile } from '@finlake/generator/testing';
import { BAD_KIND_REASONS, BAD_ROW_KINDS, generateLedger, LEDGER_ENTITIES, LEDGER_HEADERS, ledgerShape, type LedgerGenerateOptions, type LedgerGenerateResult } from './index';
import { roundBudget } from './budget';
import { normalSign, type AccountType, type LedgerEntity } from './columns';
import { checkLedger, type Row } from './testing/ledger-check';

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'finlake-ledger-generator-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

let runs = 0;
async function generate(opts: Omit<LedgerGenerateOptions, 'outDir'>): Promise<{ outDir: string; result: LedgerGenerateResult }> {
  const outDir = path.join(root, `run-${++runs}`);
  return { outDir, result: await generateLedger({ ...opts, outDir }) };
}

const readCsv = (outDir: string, entity: LedgerEntity): CsvFile => parseCsv(fs.readFileSync(path.join(outDir, `${entity}.csv`), 'utf8'));
const readAll = (outDir: string) => Object.fromEntries(LEDGER_ENTITIES.map((e) => [e, readCsv(outDir, e)])) as Record<LedgerEntity, CsvFile>;
const rowsOf = (csv: CsvFile): Row[] => csv.records.map((r) => Object.fromEntries(csv.header.map((h, i) => [h, r.fields[i]])));
const fileOf = (result: LedgerGenerateResult, entity: LedgerEntity) => result.files.find((f) => f.name === `${entity}.csv`)!;

describe('ledgerShape', () => {
  it.each([
    [0, 8, 3],
    [1_000, 20, 5],
    [100_000, 200, 32],
    [1_000_000, 632, 80],
    [10_000_000, 2_000, 200],
    [50_000_000, 2_000, 200],
  ])('%p GL lines → %p accounts × %p departments', (lines, accounts, departments) => {
    expect(ledgerShape(lines)).toEqual({ accounts, departments });
  });
});

describe('roundBudget', () => {
  it.each([
    [12_345_678, 12_350_000],
    [123_456, 123_000],
    [12_345, 12_300],
    [10, 100],
    [-5_000, 100],
  ])('%p cents → %p', (cents, rounded) => expect(roundBudget(cents)).toBe(rounded));
});

// Determinism (same seed, same bytes; no Math.random or Date.now): libs/products/src/generators.test.ts, for every product.

describe('a clean run', () => {
  const rows = 20_000;
  let outDir: string;
  let result: LedgerGenerateResult;
  let files: Record<LedgerEntity, CsvFile>;
  let accounts: Row[];
  let departments: Row[];
  let fx: Row[];
  let lines: Row[];
  let budget: Row[];

  beforeAll(async () => {
    ({ outDir, result } = await generate({ rows, seed: 7 }));
    files = readAll(outDir);
    [accounts, departments, fx, lines, budget] = LEDGER_ENTITIES.map((e) => rowsOf(files[e]));
  });

  /** The type of an account valid on `day` (the version with the latest EffectiveFrom <= day). */
  const typeAt = (account: string, day: string): AccountType =>
    accounts
      .filter((a) => a.AccountID === account && a.EffectiveFrom <= day)
      .sort((x, y) => x.EffectiveFrom.localeCompare(y.EffectiveFrom))
      .at(-1)!.AccountType as AccountType;

  it('writes the five files with exactly the headers, LF endings and the reported counts', () => {
    expect(LEDGER_HEADERS).toEqual({
      accounts: ['AccountID', 'AccountName', 'AccountType', 'AccountSubType', 'ChartOfAccountsCategory', 'EffectiveFrom'],
      departments: ['DepartmentID', 'DepartmentName', 'BusinessUnit', 'CostCenter', 'EffectiveFrom'],
      fx_rates: ['Period', 'Currency', 'RateToReporting'],
      transactions: ['TransactionID', 'Date', 'DepartmentID', 'AccountID', 'Amount', 'Description', 'Currency'],
      budget: ['BudgetID', 'Period', 'DepartmentID', 'AccountID', 'BudgetAmount', 'Scenario', 'Version'],
    });
    expect(result.files.map((f) => f.name)).toEqual(['accounts.csv', 'departments.csv', 'fx_rates.csv', 'transactions.csv', 'budget.csv']);
    for (const entity of LEDGER_ENTITIES) {
      const text = fs.readFileSync(path.join(outDir, `${entity}.csv`), 'utf8');
      expect(text.slice(0, text.indexOf('\n'))).toBe(LEDGER_HEADERS[entity].join(','));
      expect(text).not.toContain('\r');
      expect(text.endsWith('\n')).toBe(true);
      expect(fileOf(result, entity)).toEqual({ name: `${entity}.csv`, path: path.join(outDir, `${entity}.csv`), rows: files[entity].records.length, badRows: 0 });
      expect(fs.existsSync(path.join(outDir, `${entity}.csv.partial`))).toBe(false);
    }
    expect(lines).toHaveLength(rows);
    expect(result.badRowsByKind).toEqual({});
    expect(result.calendar).toEqual({ startMonth: '2022-01', months: 36 });
    expect(result.shape).toEqual(ledgerShape(rows));
  });

  it('has no row a correct loader rejects', () => {
    const verdicts = checkLedger(files);
    for (const entity of LEDGER_ENTITIES) {
      expect({ entity, reasons: verdicts[entity].reasons.filter(Boolean) }).toEqual({ entity, reasons: [] });
    }
  });

  it('sizes the masters by ledgerShape, one row per version, first versions from 1900-01-01', () => {
    const shape = ledgerShape(rows);
    expect(new Set(accounts.map((a) => a.AccountID)).size).toBe(shape.accounts);
    expect(new Set(departments.map((d) => d.DepartmentID)).size).toBe(shape.departments);
    for (const master of [accounts, departments]) {
      const firsts = new Map<string, string>();
      for (const r of master) {
        const id = r.AccountID ?? r.DepartmentID;
        if (!firsts.has(id) || r.EffectiveFrom < firsts.get(id)!) firsts.set(id, r.EffectiveFrom);
      }
      expect(new Set(firsts.values())).toEqual(new Set(['1900-01-01']));
    }
    expect(new Set(accounts.map((a) => a.AccountType))).toEqual(new Set(['Revenue', 'Expense', 'Asset', 'Liability', 'Equity']));
  });

  it('reclassifies some expense accounts to assets and moves some departments to another business unit, from a month inside the range', () => {
    const second = (master: Row[], id: string) => master.filter((r) => r.EffectiveFrom !== '1900-01-01').map((r) => [r, master.find((f) => f[id] === r[id] && f.EffectiveFrom === '1900-01-01')!]);
    const reclassified = second(accounts, 'AccountID');
    expect(reclassified.length).toBeGreaterThanOrEqual(1);
    for (const [later, first] of reclassified) {
      expect([first.AccountType, later.AccountType]).toEqual(['Expense', 'Asset']);
      expect(later.EffectiveFrom).toMatch(/^202[234]-\d{2}-01$/);
      expect(later.EffectiveFrom > '2022-01-01').toBe(true);
    }
    const moved = second(departments, 'DepartmentID');
    expect(moved.length).toBeGreaterThanOrEqual(1);
    for (const [later, first] of moved) {
      expect(later.BusinessUnit).not.toBe(first.BusinessUnit);
      expect(later.EffectiveFrom).toMatch(/^202[234]-\d{2}-01$/);
    }
  });

  it('resolves every reference of every line: masters valid at the date, a rate for each foreign line', () => {
    const since = (master: Row[], id: string) => {
      const first = new Map<string, string>();
      for (const r of master) if (!first.has(r[id]) || r.EffectiveFrom < first.get(r[id])!) first.set(r[id], r.EffectiveFrom);
      return first;
    };
    const departmentSince = since(departments, 'DepartmentID');
    const accountSince = since(accounts, 'AccountID');
    const rates = new Set(fx.map((r) => `${r.Period}|${r.Currency}`));
    const unresolved = lines.filter(
      (l) => !(departmentSince.get(l.DepartmentID)! <= l.Date && accountSince.get(l.AccountID)! <= l.Date && (l.Currency === 'USD' || rates.has(`${l.Date.slice(0, 7)}|${l.Currency}`))),
    );
    expect(unresolved).toEqual([]);
    expect(budget.filter((b) => !(departmentSince.get(b.DepartmentID)! <= `${b.Period}-01` && accountSince.get(b.AccountID)! <= `${b.Period}-01`))).toEqual([]);
  });

  it('keeps TransactionID, BudgetID and the budget key unique, amounts with at most 2 decimals', () => {
    expect(new Set(lines.map((l) => l.TransactionID)).size).toBe(lines.length);
    expect(new Set(budget.map((b) => b.BudgetID)).size).toBe(budget.length);
    expect(new Set(budget.map((b) => `${b.Period}|${b.DepartmentID}|${b.AccountID}|${b.Scenario}|${b.Version}`)).size).toBe(budget.length);
    expect(lines.filter((l) => !/^-?\d+\.\d{2}$/.test(l.Amount) || Number(l.Amount) === 0 || l.Date < '2022-01-01' || l.Date > '2024-12-31')).toEqual([]);
    expect(budget.filter((b) => !/^\d+\.\d{2}$/.test(b.BudgetAmount) || b.Period < '2022-01' || b.Period > '2024-12' || b.Version !== 'v1')).toEqual([]);
    expect(new Set(budget.map((b) => b.Scenario))).toEqual(new Set(['Budget', 'Forecast']));
    expect(budget.filter((b) => b.Scenario === 'Forecast').every((b) => b.Period >= '2024-07')).toBe(true);
  });

  it('writes one fx rate per month and foreign currency, through the month after the range', () => {
    expect(fx).toHaveLength(37 * 2);
    expect(new Set(fx.map((r) => `${r.Period}|${r.Currency}`)).size).toBe(fx.length);
    expect(fx.at(-1)!.Period).toBe('2025-01');
    for (const r of fx) expect(Number(r.RateToReporting)).toBeGreaterThan(0.5);
  });

  it('signs lines debit-positive: expenses and assets mostly positive with some refunds, revenue mostly negative', () => {
    const byType = new Map<AccountType, { positive: number; negative: number }>();
    for (const l of lines) {
      const t = typeAt(l.AccountID, l.Date);
      const s = byType.get(t) ?? { positive: 0, negative: 0 };
      if (Number(l.Amount) > 0) s.positive++;
      else s.negative++;
      byType.set(t, s);
    }
    const share = (t: AccountType) => byType.get(t)!.negative / (byType.get(t)!.negative + byType.get(t)!.positive);
    expect(share('Expense')).toBeGreaterThan(0.005);
    expect(share('Expense')).toBeLessThan(0.08);
    expect(share('Asset')).toBeLessThan(0.1);
    expect(share('Revenue')).toBeGreaterThan(0.9);
    expect(normalSign('Revenue')).toBe(-1);
  });

  it('posts mostly in USD, a small share in EUR and GBP', () => {
    const count = (c: string) => lines.filter((l) => l.Currency === c).length / lines.length;
    expect(count('USD')).toBeGreaterThan(0.88);
    expect(count('EUR')).toBeGreaterThan(0.03);
    expect(count('GBP')).toBeGreaterThan(0.015);
    expect(count('USD') + count('EUR') + count('GBP')).toBe(1);
  });

  it('peaks at month end, more at quarter and year end, and is quiet at weekends', () => {
    const perDay = new Map<string, number>();
    for (const l of lines) perDay.set(l.Date, (perDay.get(l.Date) ?? 0) + 1);
    const weekday = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay();
    const businessDays = [...perDay.keys()].filter((d) => weekday(d) !== 0 && weekday(d) !== 6);
    const lastBusinessDay = new Map<string, string>();
    for (const d of businessDays) if (!lastBusinessDay.has(d.slice(0, 7)) || d > lastBusinessDay.get(d.slice(0, 7))!) lastBusinessDay.set(d.slice(0, 7), d);
    const closes = new Set(lastBusinessDay.values());
    const mean = (days: string[]) => days.reduce((n, d) => n + perDay.get(d)!, 0) / days.length;
    const ordinary = businessDays.filter((d) => !closes.has(d) && Number(d.slice(8)) > 5 && Number(d.slice(8)) < 20);
    const monthEnds = [...closes].filter((d) => Number(d.slice(5, 7)) % 3 !== 0);
    const quarterEnds = [...closes].filter((d) => Number(d.slice(5, 7)) % 3 === 0);
    expect(mean(monthEnds)).toBeGreaterThan(3 * mean(ordinary));
    expect(mean(quarterEnds)).toBeGreaterThan(1.3 * mean(monthEnds));
    const weekends = lines.filter((l) => weekday(l.Date) === 0 || weekday(l.Date) === 6).length;
    expect(weekends / lines.length).toBeLessThan(0.03);
  });

  it('skews lines: a few departments and accounts carry most of them', () => {
    const topShare = (values: string[], share: number) => {
      const counts = [...values.reduce((m, v) => m.set(v, (m.get(v) ?? 0) + 1), new Map<string, number>()).values()].sort((a, b) => b - a);
      return counts.slice(0, Math.max(1, Math.round(counts.length * share))).reduce((a, b) => a + b, 0) / values.length;
    };
    expect(topShare(lines.map((l) => l.DepartmentID), 0.2)).toBeGreaterThan(0.45);
    expect(topShare(lines.map((l) => l.AccountID), 0.1)).toBeGreaterThan(0.35);
  });

  it('budgets active keys near their actual, leaves some unbudgeted and budgets some with no activity', () => {
    const rate = new Map(fx.map((r) => [`${r.Period}|${r.Currency}`, Number(r.RateToReporting)]));
    const actual = new Map<string, number>();
    for (const l of lines) {
      const t = typeAt(l.AccountID, `${l.Date.slice(0, 7)}-01`);
      if (t === 'Liability' || t === 'Equity') continue;
      const key = `${l.Date.slice(0, 7)}|${l.DepartmentID}|${l.AccountID}`;
      const usd = Number(l.Amount) * (l.Currency === 'USD' ? 1 : rate.get(`${l.Date.slice(0, 7)}|${l.Currency}`)!);
      actual.set(key, (actual.get(key) ?? 0) + usd * normalSign(t));
    }
    const budgets = budget.filter((b) => b.Scenario === 'Budget');
    const budgeted = new Map(budgets.map((b) => [`${b.Period}|${b.DepartmentID}|${b.AccountID}`, Number(b.BudgetAmount)]));
    const noActivity = [...budgeted.keys()].filter((k) => !actual.has(k)).length;
    const unbudgeted = [...actual.keys()].filter((k) => !budgeted.has(k)).length;
    expect(noActivity / budgeted.size).toBeGreaterThan(0.005);
    expect(noActivity / budgeted.size).toBeLessThan(0.05);
    expect(unbudgeted / actual.size).toBeGreaterThan(0.005);
    expect(unbudgeted / actual.size).toBeLessThan(0.05);
    // Budget ÷ actual for keys with a real (positive) actual: mostly within the ±25% band.
    const ratios = [...budgeted].filter(([k]) => (actual.get(k) ?? 0) > 100).map(([k, b]) => b / actual.get(k)!);
    const within = ratios.filter((r) => r > 0.75 && r < 1.3).length / ratios.length;
    expect(within).toBeGreaterThan(0.95);
    expect(budget.length).toBeLessThan(lines.length);
  });

  it('reports progress at the end of a small run', async () => {
    const calls: [number, number][] = [];
    await generate({ rows: 1234, seed: 3, onProgress: (n, total) => calls.push([n, total]) });
    expect(calls).toEqual([[1234, 1234]]);
  });
});

describe('bad rows', () => {
  let outDir: string;
  let result: LedgerGenerateResult;

  beforeAll(async () => {
    ({ outDir, result } = await generate({ rows: 5000, seed: 5, badRate: 0.02 }));
  });

  it('produces every kind at least once, each named with its reason', () => {
    expect(Object.keys(result.badRowsByKind).sort()).toEqual([...BAD_ROW_KINDS].sort());
    expect(new Set(Object.values(BAD_KIND_REASONS))).toEqual(
      new Set([
        'REQUIRED_MISSING',
        'INVALID_NUMBER',
        'TOO_MANY_DECIMALS',
        'INVALID_DATE',
        'FIELD_TOO_LONG',
        'DUPLICATE_ROW',
        'DUPLICATE_KEY',
        'UNKNOWN_DEPARTMENT',
        'UNKNOWN_ACCOUNT',
        'FX_RATE_MISSING',
        'INVALID_PERIOD',
        'DUPLICATE_BUDGET_LINE',
        'ROW_TOO_FEW_FIELDS',
        'ROW_TOO_MANY_FIELDS',
        'INVALID_ENCODING',
      ]),
    );
  });

  it('makes the loader reject exactly the reported rows of each file, for the reason of their kind', () => {
    const verdicts = checkLedger(readAll(outDir));
    for (const entity of LEDGER_ENTITIES) {
      expect({ entity, rejected: verdicts[entity].rejected }).toEqual({ entity, rejected: fileOf(result, entity).badRows });
    }
    const byReason = (reasons: (string | undefined)[]) => reasons.filter(Boolean).reduce((m, r) => m.set(r!, (m.get(r!) ?? 0) + 1), new Map<string, number>());
    const expected = new Map<string, number>();
    for (const [kind, n] of Object.entries(result.badRowsByKind)) {
      const reason = BAD_KIND_REASONS[kind as keyof typeof BAD_KIND_REASONS];
      expected.set(reason, (expected.get(reason) ?? 0) + n);
    }
    const seen = byReason([...verdicts.transactions.reasons, ...verdicts.budget.reasons]);
    // A conflicting budget ID also repeats the budget key; the reference reading says DUPLICATE_KEY first.
    expect(Object.fromEntries([...seen].sort())).toEqual(Object.fromEntries([...expected].sort()));
    expect(fileOf(result, 'transactions').badRows + fileOf(result, 'budget').badRows).toBe(Object.values(result.badRowsByKind).reduce((a, b) => a + b, 0));
  });

  it('leaves good rows with unique TransactionIDs, BudgetIDs and budget keys, all of them resolving', () => {
    const verdicts = checkLedger(readAll(outDir));
    const tx = verdicts.transactions.accepted;
    const budget = verdicts.budget.accepted;
    expect(tx.length).toBe(5000 - fileOf(result, 'transactions').badRows);
    expect(new Set(tx.map((l) => l.TransactionID)).size).toBe(tx.length);
    expect(new Set(budget.map((b) => b.BudgetID)).size).toBe(budget.length);
    expect(new Set(budget.map((b) => `${b.Period}|${b.DepartmentID}|${b.AccountID}|${b.Scenario}|${b.Version}`)).size).toBe(budget.length);
    const departments = new Set(verdicts.departments.accepted.map((d) => d.DepartmentID));
    const accounts = new Set(verdicts.accounts.accepted.map((a) => a.AccountID));
    expect([...tx, ...budget].filter((r) => !departments.has(r.DepartmentID) || !accounts.has(r.AccountID))).toEqual([]);
    expect(tx.filter((l) => !/^-?\d+\.\d{2}$/.test(l.Amount))).toEqual([]);
  });

  it('counts both rows of a conflicting duplicate and keeps the transactions file at the requested size', () => {
    expect(result.badRowsByKind.duplicate_key % 2).toBe(0);
    expect(result.badRowsByKind.duplicate_budget_line % 2).toBe(0);
    expect(readCsv(outDir, 'transactions').records).toHaveLength(5000);
    expect(fs.readFileSync(path.join(outDir, 'transactions.csv')).includes(Buffer.from([0xff, 0xfe]))).toBe(true);
    const budget = fileOf(result, 'budget');
    expect(budget.badRows / budget.rows).toBeGreaterThan(0.015);
    expect(budget.badRows / budget.rows).toBeLessThan(0.05);
  });

  it('covers every kind at small counts too', async () => {
    const small = await generate({ rows: 1000, seed: 99, badRate: 0.04 });
    expect(Object.keys(small.result.badRowsByKind).sort()).toEqual([...BAD_ROW_KINDS].sort());
    const verdicts = checkLedger(readAll(small.outDir));
    expect(verdicts.transactions.rejected).toBe(fileOf(small.result, 'transactions').badRows);
    expect(verdicts.budget.rejected).toBe(fileOf(small.result, 'budget').badRows);
  });

  it('stays consistent at extreme rates', async () => {
    for (const badRate of [0.6, 1]) {
      const run = await generate({ rows: 300, seed: 4, badRate });
      const verdicts = checkLedger(readAll(run.outDir));
      for (const entity of LEDGER_ENTITIES) expect({ entity, badRate, rejected: verdicts[entity].rejected }).toEqual({ entity, badRate, rejected: fileOf(run.result, entity).badRows });
    }
  });
});

describe('options', () => {
  it.each([[{ rows: -1 }], [{ rows: 1.5 }], [{ seed: 0.5 }], [{ badRate: 1.5 }], [{ badRate: Number.NaN }], [{ startMonth: '2024-13' }], [{ startMonth: '2024-1' }], [{ months: 0 }], [{ months: 121 }]])(
    'rejects %p as a usage error',
    async (bad) => {
      await expect(generateLedger({ rows: 10, seed: 1, outDir: path.join(root, 'never'), ...bad })).rejects.toBeInstanceOf(UsageError);
    },
  );

  it('honours startMonth and months', async () => {
    const { outDir, result } = await generate({ rows: 500, seed: 2, startMonth: '2023-06', months: 2 });
    expect(result.calendar).toEqual({ startMonth: '2023-06', months: 2 });
    for (const l of rowsOf(readCsv(outDir, 'transactions'))) expect(l.Date >= '2023-06-01' && l.Date <= '2023-07-31').toBe(true);
    expect([...new Set(rowsOf(readCsv(outDir, 'fx_rates')).map((r) => r.Period))]).toEqual(['2023-06', '2023-07', '2023-08']);
  });

  it('writes header-only lines and budget for zero rows', async () => {
    const { outDir, result } = await generate({ rows: 0, seed: 2 });
    expect(readCsv(outDir, 'transactions').records).toHaveLength(0);
    expect(readCsv(outDir, 'budget').records).toHaveLength(0);
    expect(fileOf(result, 'transactions').rows).toBe(0);
  });
});

describe('streaming', () => {
  it('writes 300k lines with flat memory and regular progress', async () => {
    const gc = (global as { gc?: () => void }).gc;
    gc?.();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    const progress: number[] = [];
    const started = Date.now();
    const { outDir } = await generate({
      rows: 300_000,
      seed: 8,
      badRate: 0.001,
      onProgress: (n) => {
        progress.push(n);
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      },
    });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(progress).toEqual([100_000, 200_000, 300_000]);
    expect(peak - baseline).toBeLessThan(100 * 1024 * 1024);
    expect(fs.statSync(path.join(outDir, 'transactions.csv')).size).toBeGreaterThan(300_000 * 50);
    expect(fs.existsSync(path.join(outDir, 'transactions.csv.partial'))).toBe(false);
    expect(fs.existsSync(path.join(outDir, 'budget.csv.partial'))).toBe(false);
  }, 15_000);
});

describe('the generated headers', () => {
  it('are the contract\'s, in its order', () => {
    expect(Object.fromEntries(ledgerContract.entities.map((e) => [e.name, e.columns.map((c) => c.header)]))).toEqual(LEDGER_HEADERS);
  });
});
