/**
 * The balances report of fixture B-1 and a second account (docs/balances.md) shows exactly its
 * figures in the right places, on every engine, read from the HTML text.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '@finlake/engine';
import { runPipeline } from '@finlake/pipeline';
import { TEST_ENGINES, TEST_NOW, tempDir } from '@finlake/pipeline/testing';
import { buildReport, loadReportData, type BuiltReport } from '@finlake/report';
import { kpiTexts, tableCells } from '@finlake/report/testing';
import { reportSubject } from './commands/report';

const HEADER = 'TransactionID,AccountID,CreatedAt,Amount,StartBalance,EndBalance,TransactionType,Status,ReversesTransactionID,Currency';
const ROWS = [
  'T1,X,2024-01-01T09:00:00Z,100.00,0.00,100.00,DEPOSIT,SUCCESSFUL,,USD',
  'T2,X,2024-01-01T15:00:00Z,-30.00,100.00,70.00,WITHDRAWAL,SUCCESSFUL,,USD',
  'T3,X,2024-01-03T10:00:00Z,50.00,70.00,125.00,DEPOSIT,SUCCESSFUL,,USD',
  'T4,X,2024-01-03T11:00:00Z,-20.00,120.00,100.00,WITHDRAWAL,DECLINED,,USD',
  'T5,X,2024-01-05T08:00:00Z,-120.00,120.00,0.00,WITHDRAWAL,SUCCESSFUL,,USD',
  'E1,E,2024-01-02T08:00:00Z,40.00,0.00,40.00,DEPOSIT,SUCCESSFUL,,EUR',
  'U1,U,2024-01-04T08:00:00Z,12.50,,,DEPOSIT,SUCCESSFUL,,USD',
];

describe.each(TEST_ENGINES)('balances report on $name', ({ create }) => {
  let engine: Engine;
  let report: BuiltReport;
  beforeAll(async () => {
    engine = await create();
    const dir = tempDir();
    writeFileSync(join(dir, 'account_transactions.csv'), [HEADER, ...ROWS, ''].join('\n'));
    expect((await runPipeline(engine, { product: 'balances', inputDir: dir, now: TEST_NOW, parameters: { balance_through: '2024-01-06' } })).status).toBe('published');
    const subject = reportSubject('balances');
    report = await buildReport(await loadReportData(engine, subject), subject.report);
  });
  afterAll(() => engine.close());

  it('renders both charts without warnings', () => {
    expect(report.warnings).toEqual([]);
    expect(report.html.match(/<svg role="img"/g)).toHaveLength(2);
    expect(report.html).toContain('<title>Daily closing balance by account</title>');
    expect(report.html).toContain('<title>Total balance per currency and day</title>');
  });

  it('KPI tiles: accounts, each currency summed across accounts on the last day, and the stamp mismatches', () => {
    expect(kpiTexts(report.html)).toMatchObject({
      accounts: { value: '3', note: 'with balances 2024-01-01 – 2024-01-06' },
      // X 0.00 + U 12.50 in USD; E 40.00 in EUR.
      total_usd: { value: '$12.50', note: '2 account(s) at the end of 2024-01-06' },
      total_eur: { value: '€40.00' },
      stamp_mismatches: { value: '1', note: 'of 4 account days with a source stamp' },
    });
    expect(report.totals).toMatchObject({ accounts: 3, last_day: '2024-01-06', total_usd: '12.50', total_eur: '40.00', stamp_mismatches: 1 });
  });

  it('lists the month per account, largest month-end balance first', () => {
    expect(tableCells(report.html, 'table-months').map((r) => r.slice(0, 5))).toEqual([
      ['E', 'EUR', '5', '€40.00', '€40.00'],
      ['U', 'USD', '3', '$12.50', '$12.50'],
      // (70 + 70 + 120 + 120 + 0 + 0) / 6
      ['X', 'USD', '6', '$0.00', '$63.33'],
    ]);
  });

  it('shows the day whose stamp disagrees: reported 125.00, recomputed 120.00', () => {
    expect(tableCells(report.html, 'table-mismatches')).toEqual([['2024-01-03', 'X', '$125.00', '$120.00', '$5.00', '1']]);
  });
});
