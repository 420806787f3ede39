import { amounts, budgetVersions, bvaLines, computeTotals, departmentMonths, favourability, monthTotals, months, type BvaLine } from './summary';
import { ledgerFiguresSample } from './sample';

const figures = ledgerFiguresSample();
const v1 = { scenario: 'Budget', version: 'v1' };

/** A line as [kind, label, month actual/budget/variance/%, YTD actual/budget/variance/%, fy, remaining]. */
const flat = (l: BvaLine) => [l.kind, l.label, l.status, l.monthFavourable, l.month && Object.values(l.month), l.ytdFavourable, l.ytd && Object.values(l.ytd), l.fyBudget, l.remaining];

describe('amounts: sums first, then variance and percentage from the sums', () => {
  it.each([
    // actuals, budgets → actual, budget, variance, variance %
    [['1500.00', '25000.00', '8250.00'], ['2000.00', '30000.00', '7800.00'], ['34750.00', '39800.00', '-5050.00', '-12.69']],
    [['300.00', '12000.00', '450.00'], ['500.00', '10000.00', '500.00'], ['12750.00', '11000.00', '1750.00', '15.91']],
    // No budget line at all: the budget is unknown (NULL), not 0, and there is no percentage.
    [['-500.00'], [null], ['-500.00', null, '-500.00', null]],
    // A NULL budget beside a real one counts as none: 750 + (-500) against 1,000.
    [['750.00', '-500.00'], ['1000.00', null], ['250.00', '1000.00', '-750.00', '-75.00']],
    // A budget of 0: no percentage (no division by zero).
    [['10.00'], ['0.00'], ['10.00', '0.00', '10.00', null]],
    // A negative (contra) budget: |budget| keeps "above plan" positive.
    [['-50.00'], ['-100.00'], ['-50.00', '-100.00', '50.00', '50.00']],
    // Cents never drift the way floating point does (0.1 + 0.2).
    [['0.10', '0.20'], ['0.30'], ['0.30', '0.30', '0.00', '0.00']],
  ])('%j against %j', (actuals, budgets, expected) => {
    expect(Object.values(amounts(actuals, budgets))).toEqual(expected);
  });

  it('favourability is the sign of the summed favourable variance, not of the variance', () => {
    expect(favourability(['500.00', '-2000.00'])).toBe('ADVERSE');
    expect(favourability(['-2000.00', '2000.00'])).toBe('ON_BUDGET');
    expect(favourability(['200.00', null])).toBe('FAVOURABLE');
    expect(favourability([null])).toBe('N/A');
  });
});

describe('versions and months', () => {
  it('lists every scenario and version, Budget first, with ids safe for the page', () => {
    expect(budgetVersions(figures)).toEqual([
      { scenario: 'Budget', version: 'v1', label: 'Budget v1', slug: 'v1-budget-v1' },
      { scenario: 'Forecast', version: 'Q2 <re>', label: 'Forecast Q2 <re>', slug: 'v2-forecast-q2-re' },
    ]);
  });

  it('orders months by period_key, never by name (Feb < Jan < Mar alphabetically)', () => {
    expect(months(figures).map((m) => m.label)).toEqual(['Jan 2024', 'Feb 2024', 'Mar 2024']);
    const december = { ...figures.monthly[0]!, period: '2023-12', period_key: 202312 };
    expect(months({ monthly: [...figures.monthly, december] }).map((m) => m.period)).toEqual(['2023-12', '2024-01', '2024-02', '2024-03']);
  });
});

describe('the budget-vs-actual pack of a month', () => {
  it('rolls up business unit → department → account with the month and the year to date', () => {
    expect(bvaLines(figures, v1, '2024-03', 'posted').map(flat)).toEqual([
      // Month: -500 + 0 against 300 (the refund has no budget line); YTD: 14,200 vs 13,300.
      ['total', 'Total', null, 'FAVOURABLE', ['-500.00', '300.00', '-800.00', '-266.67'], 'ADVERSE', ['14200.00', '13300.00', '900.00', '6.77'], '13300.00', '-900.00'],
      ['business_unit', 'Corporate', null, 'FAVOURABLE', ['0.00', '300.00', '-300.00', '-100.00'], 'ADVERSE', ['13500.00', '12300.00', '1200.00', '9.76'], '12300.00', '-1200.00'],
      ['department', 'D101 Operations', null, 'FAVOURABLE', ['0.00', '300.00', '-300.00', '-100.00'], 'FAVOURABLE', ['1500.00', '2300.00', '-800.00', '-34.78'], '2300.00', '800.00'],
      ['account', 'A001 Office', 'NO_ACTIVITY', 'FAVOURABLE', ['0.00', '300.00', '-300.00', '-100.00'], 'FAVOURABLE', ['1500.00', '2300.00', '-800.00', '-34.78'], '2300.00', '800.00'],
      // No row in March: only year-to-date figures.
      ['department', 'D102 Technology', null, null, null, 'ADVERSE', ['12000.00', '10000.00', '2000.00', '20.00'], '10000.00', '-2000.00'],
      ['account', 'A004 Professional Services', null, null, null, 'ADVERSE', ['12000.00', '10000.00', '2000.00', '20.00'], '10000.00', '-2000.00'],
      ['business_unit', 'Sales', null, 'FAVOURABLE', ['-500.00', null, '-500.00', null], 'FAVOURABLE', ['700.00', '1000.00', '-300.00', '-30.00'], '1000.00', '300.00'],
      ['department', 'D103 Marketing <b>', null, 'FAVOURABLE', ['-500.00', null, '-500.00', null], 'FAVOURABLE', ['700.00', '1000.00', '-300.00', '-30.00'], '1000.00', '300.00'],
      ['account', 'A003 IT Equipment', 'UNBUDGETED', 'FAVOURABLE', ['-500.00', null, '-500.00', null], 'FAVOURABLE', ['-500.00', null, '-500.00', null], null, null],
      // Revenue over budget reads favourable.
      ['account', 'R100 Service Revenue', null, null, null, 'FAVOURABLE', ['1200.00', '1000.00', '200.00', '20.00'], '1000.00', '-200.00'],
    ]);
  });

  it('account lines agree with the mart row by row (variance and remaining budget)', () => {
    const ytd = figures.ytd.filter((r) => r.through_period === '2024-03' && r.scenario === 'Budget');
    const lines = bvaLines(figures, v1, '2024-03', 'posted').filter((l) => l.kind === 'account');
    expect(lines).toHaveLength(ytd.length);
    for (const l of lines) {
      const row = ytd.find((r) => l.label.startsWith(`${r.account_id} `))!;
      expect([l.ytd!.actual, l.ytd!.budget, l.ytd!.variance, l.fyBudget, l.remaining]).toEqual([row.ytd_actual, row.ytd_budget, row.ytd_variance, row.fy_budget, row.remaining_budget]);
    }
  });

  it('as posted keeps the month\'s business unit; restated moves the department to today\'s', () => {
    const units = (organisation: 'posted' | 'restated') => bvaLines(figures, v1, '2024-02', organisation).filter((l) => l.kind === 'business_unit').map((l) => [l.label, l.month!.actual]);
    expect(units('posted')).toEqual([['Corporate', '12000.00'], ['Marketing', '1200.00']]);
    expect(units('restated')).toEqual([['Corporate', '12000.00'], ['Sales', '1200.00']]);
  });

  it('counts material variances in every roll-up', () => {
    const feb = bvaLines(figures, v1, '2024-02', 'posted');
    expect(feb.filter((l) => l.material > 0).map((l) => [l.kind, l.label, l.material])).toEqual([
      ['total', 'Total', 1],
      ['business_unit', 'Corporate', 1],
      ['department', 'D102 Technology', 1],
      ['account', 'A004 Professional Services', 1],
    ]);
  });

  it('is empty for a month without rows', () => {
    expect(bvaLines(figures, v1, '2030-01', 'posted')).toEqual([]);
  });
});

describe('months, departments and totals', () => {
  it('each month and the year to date through it, in calendar order', () => {
    expect(monthTotals(figures, v1).map((m) => [m.month.label, ...Object.values(m.amounts), m.favourable, m.material, ...Object.values(m.ytd!)])).toEqual([
      ['Jan 2024', '1500.00', '2000.00', '-500.00', '-25.00', 'FAVOURABLE', 0, '1500.00', '2000.00', '-500.00', '-25.00'],
      ['Feb 2024', '13200.00', '11000.00', '2200.00', '20.00', 'ADVERSE', 1, '14700.00', '13000.00', '1700.00', '13.08'],
      ['Mar 2024', '-500.00', '300.00', '-800.00', '-266.67', 'FAVOURABLE', 0, '14200.00', '13300.00', '900.00', '6.77'],
    ]);
  });

  it('each department\'s variance per month', () => {
    expect(departmentMonths(figures, v1).map((d) => [d.department, d.month.label, d.amounts.variance, d.favourable])).toEqual([
      ['D101 Operations', 'Jan 2024', '-500.00', 'FAVOURABLE'],
      ['D101 Operations', 'Mar 2024', '-300.00', 'FAVOURABLE'],
      ['D102 Technology', 'Feb 2024', '2000.00', 'ADVERSE'],
      ['D103 Marketing <b>', 'Feb 2024', '200.00', 'FAVOURABLE'],
      ['D103 Marketing <b>', 'Mar 2024', '-500.00', 'FAVOURABLE'],
    ]);
  });

  it('totals: every month of the first version', () => {
    expect(computeTotals(figures)).toEqual({
      actual: '14200.00',
      budget: '13300.00',
      variance: '900.00',
      variancePct: '6.77',
      scenario: 'Budget',
      version: 'v1',
      materialVariances: 1,
      firstMonth: '2024-01-01',
      lastMonth: '2024-03-01',
      months: 3,
      versions: 2,
    });
    expect(computeTotals({ monthly: [], ytd: [] })).toMatchObject({ actual: '0.00', budget: null, variancePct: null, scenario: null, months: 0 });
  });
});
