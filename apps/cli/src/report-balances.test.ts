/**
 * The balances report of fixture B-1 and a second account (docs/balances.md) shows exactly its
 * figures in the right places, on every engine, read from the HTML text; with a small portfolio
 * added, the positions per product and location on the last day too, and with a few stores'
 * inventory, each store's stock on the last day.
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

  it('stamps what the figures cover first: the last balance day, its month marked partial, then the load time', () => {
    expect(report.html).toMatch(/<p class="asof" data-testid="as-of">Data as of 2024-01-06 \(Jan 2024 partial\) · covers Jan 2024 – Jan 2024 · loaded <time datetime="[^"]+">[^<]+<\/time> \(latest batch\)/);
  });

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

  it('leaves the positions and the inventory out when neither is loaded (their tables exist, empty)', () => {
    expect(report.html).not.toContain('data-testid="positions"');
    expect(report.totals).not.toHaveProperty('position_day');
    expect(report.html).not.toContain('data-testid="inventory"');
    expect(report.totals).not.toHaveProperty('inventory_day');
  });
});

const PRODUCTS = 'ProductCode,ProductType,UnitOfMeasure,TradingUnitSize,MaturityDate,EffectiveFrom';
/** P's trading-unit size halves from 2024-01-05: the last day converts at 500. */
const PRODUCT_ROWS = ['P,COMMODITY,KG,1000,,2023-01-01', 'P,COMMODITY,KG,500,,2024-01-05', 'Q,BOND,NOTE,100,2030-12-31,2023-01-01'];
const PORTFOLIO = 'TransactionID,ClientID,ProductCode,LocationCode,CreatedAt,TransactionType,UnitsDelta,LienDelta,TotalUnitsAfter,LienUnitsAfter,AvailableUnitsAfter,Status';
const PORTFOLIO_ROWS = [
  // C1 in P at WH1: 1,000 − 200 = 800, 300 of them under lien.
  'T1,C1,P,WH1,2024-01-01T09:00:00Z,DEPOSIT,1000,0,1000,0,1000,SUCCESSFUL',
  'T2,C1,P,WH1,2024-01-02T09:00:00Z,LIEN,0,300,1000,300,700,SUCCESSFUL',
  'T3,C1,P,WH1,2024-01-03T09:00:00Z,SELL,-200,0,800,300,500,SUCCESSFUL',
  'T4,C2,P,WH1,2024-01-03T10:00:00Z,BUY,12.5,0,12.5,0,12.5,SUCCESSFUL',
  // No location: UNALLOCATED.
  'T5,C2,P,,2024-01-04T09:00:00Z,DEPOSIT,40,0,40,0,40,SUCCESSFUL',
  'T6,C2,P,,2024-01-04T10:00:00Z,LIEN,0,10,40,10,30,SUCCESSFUL',
  'T7,C3,Q,VAULT,2024-01-02T09:00:00Z,BUY,3.25,0,3.25,0,3.25,SUCCESSFUL',
  // Refused (5 > 3.25 available), and a DECLINED row moves nothing: C1 holds no Q.
  'T8,C3,Q,VAULT,2024-01-05T09:00:00Z,SELL,-5,0,,,,SUCCESSFUL',
  'T9,C1,Q,VAULT,2024-01-05T10:00:00Z,BUY,2,0,0,0,0,DECLINED',
];

describe.each(TEST_ENGINES)('balances report with a portfolio on $name', ({ create }) => {
  let engine: Engine;
  let report: BuiltReport;
  beforeAll(async () => {
    engine = await create();
    const dir = tempDir();
    writeFileSync(join(dir, 'account_transactions.csv'), [HEADER, ...ROWS, ''].join('\n'));
    writeFileSync(join(dir, 'products.csv'), [PRODUCTS, ...PRODUCT_ROWS, ''].join('\n'));
    writeFileSync(join(dir, 'portfolio_transactions.csv'), [PORTFOLIO, ...PORTFOLIO_ROWS, ''].join('\n'));
    // One refused row of nine is above the default 5% gate.
    const run = await runPipeline(engine, { product: 'balances', inputDir: dir, now: TEST_NOW, parameters: { balance_through: '2024-01-06' }, maxQuarantineRate: 1 });
    expect(run.status).toBe('published');
    const subject = reportSubject('balances');
    report = await buildReport(await loadReportData(engine, subject), subject.report);
  });
  afterAll(() => engine.close());

  it('adds the positions chart to the balance charts, without warnings', () => {
    expect(report.warnings).toEqual([]);
    // The two balance charts, the positions and the quality chart of the refused row.
    expect(report.html.match(/<svg role="img"/g)).toHaveLength(4);
    expect(report.html).toContain('<title>Positions by product and location: under lien vs available</title>');
    expect(report.html).toContain('P · WH1 406,250 KG (37% under lien)');
  });

  it('lists the positions on the last day by unit of measure, product and location, in units and in the unit of measure at the size in force', () => {
    expect(report.html).toContain('Positions by product and location, 2024-01-06');
    expect(tableCells(report.html, 'table-positions')).toEqual([
      // 40 units × 500 = 20,000 KG, 10 of them (25%) under lien.
      ['P', 'UNALLOCATED', 'COMMODITY', '1', '40', '10', '30', '500 KG', '20,000 KG', '5,000 KG', '15,000 KG', '25%'],
      // C1 800 + C2 12.5 = 812.5 units × 500 = 406,250 KG; lien 300 / 812.5 = 36.9%.
      ['P', 'WH1', 'COMMODITY', '2', '812.5', '300', '512.5', '500 KG', '406,250 KG', '150,000 KG', '256,250 KG', '37%'],
      ['Q', 'VAULT', 'BOND', '1', '3.25', '0', '3.25', '100 NOTE', '325 NOTE', '0 NOTE', '325 NOTE', '0%'],
    ]);
    expect(report.totals).toMatchObject({ accounts: 3, position_day: '2024-01-06', product_positions: 3 });
    expect(kpiTexts(report.html)).toMatchObject({ rows_quarantined: { value: '1' } });
  });
});

const MOVES = 'MovementID,StoreID,ProductID,QualityLevel,OwnerClientID,CreatedAt,UnitsDelta,ReservedUnitsDelta,VolumeDelta,ReservedVolumeDelta,IsDeleted';
/** P converts at 1,000 KG a unit through 01-04 and at 500 from 01-05; Q at 100 NOTE. */
const MOVE_ROWS = [
  // S1 P A: 10 received, 4 of them reserved, 6 more at the new size: available 12 (9,000 KG), reserved 4 (4,000 KG).
  'M1,S1,P,A,,2024-01-01T09:00:00Z,10,0,10000,0,false',
  'M2,S1,P,A,C1,2024-01-02T09:00:00Z,-4,4,-4000,4000,false',
  'M3,S1,P,B,,2024-01-03T09:00:00Z,2.5,0,2500,0,false',
  'M4,S1,P,A,,2024-01-05T09:00:00Z,6,0,3000,0,false',
  'M5,S2,P,A,,2024-01-04T09:00:00Z,20,0,20000,0,false',
  // Deleted by the source: kept, moves nothing.
  'M6,S2,P,A,,2024-01-05T09:00:00Z,-1000,0,-500000,0,true',
  'M7,S2,Q,A,C2,2024-01-02T09:00:00Z,3.25,0,325,0,false',
  'M8,S2,Q,A,C2,2024-01-03T09:00:00Z,-1.25,1.25,-125,125,false',
  // Refused: releasing 5 of the 4 reserved, and issuing 25 of the 20 available.
  'M9,S1,P,A,C1,2024-01-06T09:00:00Z,5,-5,2500,-2500,false',
  'M10,S2,P,A,,2024-01-06T09:00:00Z,-25,0,-12500,0,false',
];

describe.each(TEST_ENGINES)('balances report with store inventory on $name', ({ create }) => {
  let engine: Engine;
  let report: BuiltReport;
  beforeAll(async () => {
    engine = await create();
    const dir = tempDir();
    writeFileSync(join(dir, 'account_transactions.csv'), [HEADER, ...ROWS, ''].join('\n'));
    writeFileSync(join(dir, 'products.csv'), [PRODUCTS, ...PRODUCT_ROWS, ''].join('\n'));
    writeFileSync(join(dir, 'inventory_movements.csv'), [MOVES, ...MOVE_ROWS, ''].join('\n'));
    // Two refused rows of ten are above the default 5% gate.
    const run = await runPipeline(engine, { product: 'balances', inputDir: dir, now: TEST_NOW, parameters: { balance_through: '2024-01-06' }, maxQuarantineRate: 1 });
    expect(run.status).toBe('published');
    const subject = reportSubject('balances');
    report = await buildReport(await loadReportData(engine, subject), subject.report);
  });
  afterAll(() => engine.close());

  it('adds the inventory chart to the balance charts, per store summed over products and grades, without warnings', () => {
    expect(report.warnings).toEqual([]);
    // The two balance charts, the inventory and the quality chart of the refused rows; no portfolio, no positions.
    expect(report.html.match(/<svg role="img"/g)).toHaveLength(4);
    expect(report.html).not.toContain('data-testid="positions"');
    expect(report.html).toContain('<title>Inventory by store: reserved vs available</title>');
    // KG: S1 9,000 + 2,500 available and 4,000 reserved of 15,500 (25.8%); S2 20,000, none reserved.
    expect(report.html).toContain('S1 15,500 KG (26% reserved)');
    expect(report.html).toContain('S2 20,000 KG (0% reserved)');
    // NOTE: S2 200 available and 125 reserved of 325 (38.5%).
    expect(report.html).toContain('S2 325 NOTE (38% reserved)');
  });

  it('lists the stocks on the last day by store, unit of measure, product and quality, in units and in volume', () => {
    expect(report.html).toContain('Inventory by store, 2024-01-06');
    expect(tableCells(report.html, 'table-inventory')).toEqual([
      // 10 − 4 + 6 available, 4 reserved; the volume as booked: 10,000 − 4,000 + 3,000.
      ['S1', 'P', 'A', '12', '4', '16', '9,000 KG', '4,000 KG', '13,000 KG'],
      ['S1', 'P', 'B', '2.5', '0', '2.5', '2,500 KG', '0 KG', '2,500 KG'],
      // The deleted −1,000 and the refused −25 moved nothing.
      ['S2', 'P', 'A', '20', '0', '20', '20,000 KG', '0 KG', '20,000 KG'],
      ['S2', 'Q', 'A', '2', '1.25', '3.25', '200 NOTE', '125 NOTE', '325 NOTE'],
    ]);
    expect(report.totals).toMatchObject({ accounts: 3, inventory_day: '2024-01-06', stocks: 4 });
    expect(report.totals).not.toHaveProperty('position_day');
    expect(kpiTexts(report.html)).toMatchObject({ rows_quarantined: { value: '2' } });
  });
});
