/**
 * The ledger product's hand-checked fixtures (products.md A.5), every figure to the cent or the
 * stated percentage, and a regression test for each of the seed's warehouse bugs (A.4), on
 * every engine.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine, Row } from '@finlake/engine';
import { LEDGER_SEED } from '@finlake/products/testing';
import { TEST_ENGINES, inputDir } from '../../testing';
import { runPipeline } from '../run';
import type { RunOptions } from '../context';

const NOW = new Date('2024-12-31T00:00:00Z');
const W = 'ledger_warehouse';

const money = (v: unknown) => (v === null || v === undefined ? null : Number(v).toFixed(2));
const pct = (v: unknown) => (v === null || v === undefined ? null : (Number(v) * 100).toFixed(2));

/** The seed's sample with files replaced or added (name → CSV text). */
const seedWith = (files: Record<string, string> = {}) => inputDir(LEDGER_SEED, files);
const runLedger = (engine: Engine, dir: string, options: Partial<RunOptions> = {}) => runPipeline(engine, { product: 'ledger', inputDir: dir, now: NOW, ...options });

/** Roll-ups from the monthly mart, the way A.3 asks: sums first, the percentage from the sums. */
async function rollup(engine: Engine, by?: string) {
  const grouped = by ? ` group by ${by} order by ${by}` : '';
  const rows = await engine.query<Row>(
    `select ${by ?? "'total'"} as k, sum(actual) as actual, sum(budget) as budget, sum(variance) as variance, sum(variance) / sum(budget) as pct
     from ${W}.mart_budget_variance_monthly${grouped}`,
  );
  return rows.map((r) => [r.k, money(r.actual), money(r.budget), money(r.variance), pct(r.pct)]);
}

const monthly = async (engine: Engine, where = 'true') =>
  (await engine.query<Row>(`select period, department_id, account_id, actual, budget, variance, variance_pct, status, favourable, favourable_variance from ${W}.mart_budget_variance_monthly where ${where} order by period, department_id, account_id`)).map((r) => [
    r.period,
    r.department_id,
    r.account_id,
    money(r.actual),
    money(r.budget),
    money(r.variance),
    pct(r.variance_pct),
    r.status,
    r.favourable,
  ]);

describe.each(TEST_ENGINES)('ledger on $name', ({ create }) => {
  let engine: Engine;
  beforeEach(async () => {
    engine = await create();
  });
  afterEach(async () => {
    await engine.close();
  });

  it('A-1: the seed repository\'s two files as they are give the monthly variance, row by row, by month, department, account and in total', async () => {
    const result = await runLedger(engine, seedWith());
    expect(result.status).toBe('published');
    expect(await monthly(engine)).toEqual([
      ['2024-01', 'D101', 'A001', '1500.00', '2000.00', '-500.00', '-25.00', 'UNDER', 'FAVOURABLE'],
      ['2024-01', 'D101', 'A003', '25000.00', '30000.00', '-5000.00', '-16.67', 'UNDER', 'FAVOURABLE'],
      ['2024-01', 'D102', 'A002', '300.00', '500.00', '-200.00', '-40.00', 'UNDER', 'FAVOURABLE'],
      ['2024-02', 'D101', 'A002', '250.00', '300.00', '-50.00', '-16.67', 'UNDER', 'FAVOURABLE'],
      ['2024-02', 'D102', 'A004', '12000.00', '10000.00', '2000.00', '20.00', 'OVER', 'ADVERSE'],
      ['2024-02', 'D103', 'A001', '750.00', '1000.00', '-250.00', '-25.00', 'UNDER', 'FAVOURABLE'],
      ['2024-03', 'D101', 'A004', '8000.00', '7500.00', '500.00', '6.67', 'OVER', 'ADVERSE'],
      ['2024-03', 'D102', 'A001', '450.00', '500.00', '-50.00', '-10.00', 'UNDER', 'FAVOURABLE'],
      ['2024-03', 'D103', 'A003', '-500.00', null, '-500.00', null, 'UNBUDGETED', 'FAVOURABLE'],
    ]);
    expect(await rollup(engine)).toEqual([['total', '47750.00', '51800.00', '-4050.00', '-7.82']]);
    expect(await rollup(engine, 'period')).toEqual([
      ['2024-01', '26800.00', '32500.00', '-5700.00', '-17.54'],
      ['2024-02', '13000.00', '11300.00', '1700.00', '15.04'],
      ['2024-03', '7950.00', '8000.00', '-50.00', '-0.63'],
    ]);
    expect(await rollup(engine, 'department_id')).toEqual([
      ['D101', '34750.00', '39800.00', '-5050.00', '-12.69'],
      ['D102', '12750.00', '11000.00', '1750.00', '15.91'],
      ['D103', '250.00', '1000.00', '-750.00', '-75.00'],
    ]);
    expect(await rollup(engine, 'account_id')).toEqual([
      ['A001', '2700.00', '3500.00', '-800.00', '-22.86'],
      ['A002', '550.00', '800.00', '-250.00', '-31.25'],
      ['A003', '24500.00', '30000.00', '-5500.00', '-18.33'],
      ['A004', '20000.00', '17500.00', '2500.00', '14.29'],
    ]);
    // YTD through February: 39,800 vs 43,800 (−4,000, −9.13 %), from the sums.
    const ytd = await engine.query<Row>(
      `select through_period, sum(ytd_actual) as a, sum(ytd_budget) as b, sum(ytd_variance) as v, sum(ytd_variance) / sum(ytd_budget) as p, sum(fy_budget) as fy, sum(remaining_budget) as rest
       from ${W}.mart_budget_variance_ytd group by through_period order by through_period`,
    );
    expect(ytd.map((r) => [r.through_period, money(r.a), money(r.b), money(r.v), pct(r.p)])).toEqual([
      ['2024-01', '26800.00', '32500.00', '-5700.00', '-17.54'],
      ['2024-02', '39800.00', '43800.00', '-4000.00', '-9.13'],
      ['2024-03', '47750.00', '51800.00', '-4050.00', '-7.82'],
    ]);
    // Full-year and remaining budget of one key: D101/A004 has 7,500 budgeted in March only.
    const [key] = await engine.query<Row>(`select ytd_actual, fy_budget, remaining_budget from ${W}.mart_budget_variance_ytd where through_period = '2024-02' and department_id = 'D101' and account_id = 'A004'`);
    expect(key).toBeUndefined(); // its year starts in March, its first month with figures
    const [march] = await engine.query<Row>(`select ytd_actual, fy_budget, remaining_budget from ${W}.mart_budget_variance_ytd where through_period = '2024-03' and department_id = 'D101' and account_id = 'A002'`);
    expect([money(march!.ytd_actual), money(march!.fy_budget), money(march!.remaining_budget)]).toEqual(['250.00', '300.00', '50.00']);
    // Materiality at the defaults (1,000.00 and 10 %): only the two large variances.
    const material = await engine.query<Row>(`select period, department_id, account_id from ${W}.mart_budget_variance_monthly where material order by period, department_id`);
    expect(material.map((r) => `${r.period} ${r.department_id} ${r.account_id}`)).toEqual(['2024-01 D101 A003', '2024-02 D102 A004']);
  });

  it('A-2: favourable depends on the account type; the net favourable variance is 0', async () => {
    const dir = seedWith({
      'transactions_2024_04.csv': 'TransactionID,Date,DepartmentID,AccountID,Amount,Description\n100,2024-04-10,D101,R100,-12000.00,Services billed\n101,2024-04-12,D101,A004,12000.00,Consulting\n',
      'budget_2024_04.csv': 'BudgetID,Period,DepartmentID,AccountID,BudgetAmount\nB100,2024-04,D101,R100,10000.00\nB101,2024-04,D101,A004,10000.00\n',
    });
    expect((await runLedger(engine, dir)).status).toBe('published');
    const rows = await engine.query<Row>(`select account_id, actual, variance, variance_pct, status, favourable, favourable_variance from ${W}.mart_budget_variance_monthly where period = '2024-04' order by account_id`);
    expect(rows.map((r) => [r.account_id, money(r.actual), money(r.variance), pct(r.variance_pct), r.status, r.favourable, money(r.favourable_variance)])).toEqual([
      ['A004', '12000.00', '2000.00', '20.00', 'OVER', 'ADVERSE', '-2000.00'],
      ['R100', '12000.00', '2000.00', '20.00', 'OVER', 'FAVOURABLE', '2000.00'],
    ]);
    const [net] = await engine.query<Row>(`select sum(favourable_variance) as net from ${W}.mart_budget_variance_monthly where period = '2024-04'`);
    expect(money(net!.net)).toBe('0.00');
    const [line] = await engine.query<Row>(`select amount_dr, amount_natural from ${W}.fact_gl_actual where transaction_id = '100'`);
    expect([money(line!.amount_dr), money(line!.amount_natural)]).toEqual(['-12000.00', '12000.00']);
  });

  it('A-3: a budget of 0 gives no percentage and UNBUDGETED; a budget without GL lines gives actual 0, -100 % and NO_ACTIVITY', async () => {
    const dir = seedWith({
      'budget_extra.csv': 'BudgetID,Period,DepartmentID,AccountID,BudgetAmount\nB9,2024-03,D103,A003,0.00\nB10,2024-04,D101,A001,2000.00\n',
    });
    expect((await runLedger(engine, dir)).status).toBe('published');
    expect(await monthly(engine, `(period = '2024-03' and department_id = 'D103') or period = '2024-04'`)).toEqual([
      ['2024-03', 'D103', 'A003', '-500.00', '0.00', '-500.00', null, 'UNBUDGETED', 'FAVOURABLE'],
      ['2024-04', 'D101', 'A001', '0.00', '2000.00', '-2000.00', '-100.00', 'NO_ACTIVITY', 'FAVOURABLE'],
    ]);
  });

  it('A-4: the budget is never multiplied by the days of its month (the seed gave 1,040,200 instead of 51,800)', async () => {
    await runLedger(engine, seedWith());
    // The budget stays at its own grain: one row per budget line, whatever the calendar.
    expect(money((await engine.query<Row>(`select sum(budget_amount) as s from ${W}.fact_budget`))[0]!.s)).toBe('51800.00');
    // Joined to the day calendar the way the seed did (every day of the month), the monthly mart still sums once per month.
    const [exploded] = await engine.query<Row>(
      `select sum(b.budget_amount) as s, count(*) as n from ${W}.fact_budget as b join ${W}.dim_date as d on d.period_key = b.period_key`,
    );
    expect(money(exploded!.s)).toBe(String((32_500 * 31 + 11_300 * 29 + 8_000 * 31).toFixed(2)));
    expect(money((await engine.query<Row>(`select sum(budget) as s from ${W}.mart_budget_variance_monthly`))[0]!.s)).toBe('51800.00');
    expect(Number((await engine.query<Row>(`select count(*) as n from ${W}.mart_budget_variance_monthly`))[0]!.n)).toBe(9);
  });

  it('A-5: a department moving business unit: as posted vs restated, exactly two versions', async () => {
    const dir = seedWith({
      'departments.csv': 'DepartmentID,DepartmentName,BusinessUnit,CostCenter,EffectiveFrom\nD101,Operations,Corporate,CC-101,1900-01-01\nD102,Technology,Corporate,CC-102,1900-01-01\nD103,Marketing,Marketing,CC-103,1900-01-01\nD103,Marketing,Sales,CC-103,2024-03-01\n',
    });
    expect((await runLedger(engine, dir)).status).toBe('published');
    const versions = await engine.query<Row>(`select business_unit, current_business_unit, cast(valid_from as varchar) as f, cast(valid_to as varchar) as t, is_current from ${W}.dim_department where department_id = 'D103' order by valid_from`);
    expect(versions).toEqual([
      { business_unit: 'Marketing', current_business_unit: 'Sales', f: '1900-01-01', t: '2024-03-01', is_current: false },
      { business_unit: 'Sales', current_business_unit: 'Sales', f: '2024-03-01', t: '9999-12-31', is_current: true },
    ]);
    const asPosted = await engine.query<Row>(`select business_unit as k, sum(actual) as s from ${W}.mart_budget_variance_monthly where department_id = 'D103' group by business_unit order by business_unit`);
    expect(asPosted.map((r) => [r.k, money(r.s)])).toEqual([
      ['Marketing', '750.00'],
      ['Sales', '-500.00'],
    ]);
    const restated = await engine.query<Row>(`select current_business_unit as k, sum(actual) as s from ${W}.mart_budget_variance_monthly where department_id = 'D103' group by current_business_unit`);
    expect(restated.map((r) => [r.k, money(r.s)])).toEqual([['Sales', '250.00']]);
    // The GL line points at the version in force on its date.
    const facts = await engine.query<Row>(`select f.transaction_id, d.business_unit from ${W}.fact_gl_actual as f join ${W}.dim_department as d on d.department_sk = f.department_sk where f.department_id = 'D103' order by f.transaction_id`);
    expect(facts).toEqual([
      { transaction_id: '4', business_unit: 'Marketing' },
      { transaction_id: '7', business_unit: 'Sales' },
    ]);
  });

  it('A-6: two budget lines for one key are both quarantined and the month shows UNBUDGETED, never 3,500', async () => {
    const dir = seedWith({
      'budget.csv': 'BudgetID,Period,DepartmentID,AccountID,BudgetAmount\nB1,2024-01,D101,A001,2000.00\nB1b,2024-01,D101,A001,1500.00\nB2,2024-01,D102,A002,500.00\nB3,2024-01,D101,A003,30000.00\nB4,2024-02,D103,A001,1000.00\nB5,2024-02,D102,A004,10000.00\nB6,2024-02,D101,A002,300.00\nB7,2024-03,D101,A004,7500.00\nB8,2024-03,D102,A001,500.00\n',
    });
    expect((await runLedger(engine, dir, { maxQuarantineRate: 0.5 })).status).toBe('published');
    const quarantined = await engine.query<Row>(`select line_number, reason_code from meta.quarantine where file_name = 'budget.csv' order by line_number`);
    expect(quarantined.map((r) => [Number(r.line_number), r.reason_code])).toEqual([
      [2, 'DUPLICATE_BUDGET_LINE'],
      [3, 'DUPLICATE_BUDGET_LINE'],
    ]);
    expect(await monthly(engine, `period = '2024-01' and department_id = 'D101' and account_id = 'A001'`)).toEqual([['2024-01', 'D101', 'A001', '1500.00', null, '1500.00', null, 'UNBUDGETED', 'ADVERSE']]);
  });

  describe('the seed\'s bugs stay fixed (A.4)', () => {
    it('3: the calendar covers every day of every month a GL or budget line refers to', async () => {
      await runLedger(engine, seedWith());
      const days = await engine.query<Row>(`select p.period, p.days_in_month, count(d.date_key) as n from ${W}.dim_period as p left join ${W}.dim_date as d on d.period_key = p.period_key group by p.period, p.days_in_month order by p.period`);
      expect(days.map((r) => [r.period, Number(r.days_in_month), Number(r.n)])).toEqual([
        ['2024-01', 31, 31],
        ['2024-02', 29, 29],
        ['2024-03', 31, 31],
      ]);
    });

    it('4: actuals are summed to the month before they meet the budget (one row per month and key)', async () => {
      const dir = seedWith({ 'transactions_more.csv': 'TransactionID,Date,DepartmentID,AccountID,Amount,Description\n20,2024-01-25,D101,A001,100.00,More supplies\n21,2024-01-31,D101,A001,200.00,More supplies\n' });
      await runLedger(engine, dir);
      expect(await monthly(engine, `period = '2024-01' and department_id = 'D101' and account_id = 'A001'`)).toEqual([['2024-01', 'D101', 'A001', '1800.00', '2000.00', '-200.00', '-10.00', 'UNDER', 'FAVOURABLE']]);
    });

    it('5: surrogate keys are the same in a fresh warehouse (deterministic, not from row order)', async () => {
      await runLedger(engine, seedWith());
      const keys = (e: Engine) => e.query<Row>(`select transaction_id, cast(department_sk as varchar) as d, cast(account_sk as varchar) as a from ${W}.fact_gl_actual order by transaction_id`);
      const first = await keys(engine);
      const other = await create();
      try {
        // Another load order: the masters reversed.
        const reversed = (text: string) => {
          const [header, ...rows] = text.trim().split('\n');
          return `${[header, ...rows.reverse()].join('\n')}\n`;
        };
        await runLedger(other, seedWith({ 'accounts.csv': reversed(readFileSync(join(LEDGER_SEED, 'accounts.csv'), 'utf8')), 'departments.csv': reversed(readFileSync(join(LEDGER_SEED, 'departments.csv'), 'utf8')) }));
        expect(await keys(other)).toEqual(first);
      } finally {
        await other.close();
      }
    });

    it('7: account types and categories come from the chart of accounts, never "Unknown"', async () => {
      await runLedger(engine, seedWith());
      const types = await engine.query<Row>(`select account_type, chart_of_accounts_category as c, sum(actual) as s from ${W}.mart_budget_variance_monthly group by account_type, chart_of_accounts_category order by account_type, c`);
      expect(types.map((r) => [r.account_type, r.c, money(r.s)])).toEqual([
        ['Asset', 'Fixed Assets', '24500.00'],
        ['Expense', 'Operating Expenses', '23250.00'],
      ]);
    });

    it('8: months order by number, not by name', async () => {
      await runLedger(engine, seedWith());
      const months = await engine.query<Row>(`select month_name from ${W}.dim_period order by month_number`);
      expect(months.map((r) => r.month_name)).toEqual(['January', 'February', 'March']);
    });
  });

  it('quarantines every ledger reason code and counts the warnings without blocking', async () => {
    const dir = seedWith({
      'fx_rates.csv': 'Period,Currency,RateToReporting\n2024-04,EUR,1.085000\n',
      'transactions_2024_04.csv': [
        'TransactionID,Date,DepartmentID,AccountID,Amount,Description,Currency',
        '200,2024-04-02,D101,A001,100.00,Good line in euros,EUR',
        '201,2024-04-03,D999,A001,10.00,Unknown department,USD',
        '202,2024-04-03,D101,A999,10.00,Unknown account,USD',
        '203,2024-05-03,D101,A001,10.00,No May rate,EUR',
        '204,2024-04-04,D101,A001,0.00,Zero line,USD',
        '205,2024-02-20,D101,A001,10.00,In a closed month,USD',
        '',
      ].join('\n'),
      'budget_2024_04.csv': 'BudgetID,Period,DepartmentID,AccountID,BudgetAmount,Scenario,Version\nB200,2024-13,D101,A001,10.00,Budget,v1\nB201,2024-04,D101,A001,-5.00,Budget,v1\nB202,2024-04,D101,A001,900.00,Forecast,FY24-Q1\n',
    });
    const result = await runLedger(engine, dir, { maxQuarantineRate: 1, parameters: { closed_through: '2024-03' } });
    // The seed's own files are dated in the closed quarter: every one of their lines is PERIOD_CLOSED too.
    expect(result.status).toBe('published');
    const reasons = await engine.query<Row>(`select file_name, line_number, reason_code from meta.quarantine where file_name like '%2024_04%' order by file_name, line_number`);
    expect(reasons.map((r) => [r.file_name, Number(r.line_number), r.reason_code])).toEqual([
      ['budget_2024_04.csv', 2, 'INVALID_PERIOD'],
      ['transactions_2024_04.csv', 3, 'UNKNOWN_DEPARTMENT'],
      ['transactions_2024_04.csv', 4, 'UNKNOWN_ACCOUNT'],
      ['transactions_2024_04.csv', 5, 'FX_RATE_MISSING'],
      ['transactions_2024_04.csv', 7, 'PERIOD_CLOSED'],
    ]);
    const warnings = result.gate.filter((g) => !g.blocking && !g.passed).map((g) => [g.check, g.violations]);
    expect(warnings).toEqual([
      ['warning ZERO_AMOUNT: zero_amount (transactions_2024_04.csv)', 1],
      ['warning NEGATIVE_BUDGET: budget_not_negative (budget_2024_04.csv)', 1],
    ]);
    // The euro line is converted at April's rate and rounded to the cent.
    const [euro] = await engine.query<Row>(`select amount_original, fx_rate, amount_dr from ${W}.fact_gl_actual where transaction_id = '200'`);
    expect([money(euro!.amount_original), Number(euro!.fx_rate), money(euro!.amount_dr)]).toEqual(['100.00', 1.085, '108.50']);
    // The actual is compared with each loaded budget version.
    const april = await engine.query<Row>(`select scenario, version, actual, budget from ${W}.mart_budget_variance_monthly where period = '2024-04' order by scenario, version`);
    expect(april.map((r) => [r.scenario, r.version, money(r.actual), money(r.budget)])).toEqual([
      ['Budget', 'v1', '108.50', '-5.00'],
      ['Forecast', 'FY24-Q1', '108.50', '900.00'],
    ]);
  });

  it('a department not yet in effect on the line\'s date is unknown there', async () => {
    const dir = seedWith({ 'departments_new.csv': 'DepartmentID,DepartmentName,BusinessUnit,CostCenter,EffectiveFrom\nD104,Research,Corporate,CC-104,2024-06-01\n', 'transactions_d104.csv': 'TransactionID,Date,DepartmentID,AccountID,Amount,Description\n300,2024-05-31,D104,A001,10.00,Too early\n301,2024-06-01,D104,A001,20.00,In effect\n' });
    await runLedger(engine, dir, { maxQuarantineRate: 1 });
    expect((await engine.query<Row>(`select line_number, reason_code from meta.quarantine where file_name = 'transactions_d104.csv'`)).map((r) => [Number(r.line_number), r.reason_code])).toEqual([[2, 'UNKNOWN_DEPARTMENT']]);
    expect((await engine.query<Row>(`select transaction_id from ${W}.fact_gl_actual where department_id = 'D104'`)).map((r) => r.transaction_id)).toEqual(['301']);
  });

  it('a fiscal year starting in April renumbers the periods and names the year by its end', async () => {
    await runLedger(engine, seedWith(), { parameters: { fiscal_year_start_month: '4' } });
    const periods = await engine.query<Row>(`select period, fiscal_year, fiscal_period from ${W}.dim_period order by period`);
    expect(periods.map((r) => [r.period, Number(r.fiscal_year), Number(r.fiscal_period)])).toEqual([
      ['2024-01', 2024, 10],
      ['2024-02', 2024, 11],
      ['2024-03', 2024, 12],
    ]);
  });

  it('refuses an invalid parameter with a clear message', async () => {
    await expect(runLedger(engine, seedWith(), { parameters: { closed_through: '2024-13' } })).rejects.toThrow(/closed_through = "2024-13": the last closed month/);
    await expect(runLedger(engine, seedWith(), { parameters: { fiscal_start: '4' } })).rejects.toThrow(/fiscal_start is not a parameter of ledger/);
  });
});
