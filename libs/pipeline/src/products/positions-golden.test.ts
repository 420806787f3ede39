/**
 * The balances product's portfolio positions (products.md B.2): fixture B-5 (liens), the
 * invariants checked per transaction in time order, the trading-unit size as of the day, and the
 * seed's warehouse bugs, on every engine.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine, Row } from '@finlake/engine';
import { TEST_ENGINES, tempDir } from '../../testing';
import { runPipeline } from '../run';
import type { RunOptions } from '../context';

const NOW = new Date('2024-12-31T00:00:00Z');
const W = 'balances_warehouse';
const PRODUCTS = 'ProductCode,ProductType,UnitOfMeasure,TradingUnitSize,MaturityDate,EffectiveFrom';
const TXNS = 'TransactionID,ClientID,ProductCode,LocationCode,CreatedAt,TransactionType,UnitsDelta,LienDelta,TotalUnitsAfter,LienUnitsAfter,AvailableUnitsAfter,Status';
const PRODUCT_ROWS = ['P,COMMODITY,KG,1,,2023-01-01', 'Q,BOND,NOTE,1000,2030-12-31,2023-01-01'];

/** B-5: client C1, product P: D1 DEPOSIT 1,000; D2 LIEN 300; D3 SELL 200; D4 LIEN_RELEASE 300 then SELL 900 (refused). */
const B5 = [
  'T1,C1,P,WH1,2024-01-01T09:00:00Z,DEPOSIT,1000,0,1000,0,1000,SUCCESSFUL',
  'T2,C1,P,WH1,2024-01-02T09:00:00Z,LIEN,0,300,1000,300,700,SUCCESSFUL',
  'T3,C1,P,WH1,2024-01-03T09:00:00Z,SELL,-200,0,800,300,500,SUCCESSFUL',
  'T4,C1,P,WH1,2024-01-04T09:00:00Z,LIEN_RELEASE,0,-300,800,0,800,SUCCESSFUL',
  'T5,C1,P,WH1,2024-01-04T10:00:00Z,SELL,-900,0,,,,SUCCESSFUL',
];

function input(files: Record<string, readonly string[]>): string {
  const dir = tempDir('finlake-positions-');
  for (const [name, rows] of Object.entries(files)) writeFileSync(join(dir, name), [name.startsWith('products') ? PRODUCTS : TXNS, ...rows, ''].join('\n'));
  return dir;
}
const run = (engine: Engine, dir: string, parameters: Record<string, string> = {}, options: Partial<RunOptions> = {}) =>
  runPipeline(engine, { product: 'balances', inputDir: dir, now: NOW, parameters, maxQuarantineRate: 1, ...options });

const units = (v: unknown) => (v === null || v === undefined ? null : Number(v));
/** [day, total, lien, available, carried] of one position, day by day. */
async function positions(engine: Engine, client: string, product: string, location = 'WH1') {
  const rows = await engine.query<Row>(
    `select position_date, total_units, lien_units, available_units, is_carried_forward from ${W}.fact_portfolio_daily_position where client_id = ? and product_code = ? and location_code = ? order by position_date`,
    [client, product, location],
  );
  return rows.map((r) => [r.position_date, units(r.total_units), units(r.lien_units), units(r.available_units), r.is_carried_forward]);
}
const quarantined = async (engine: Engine) =>
  (await engine.query<Row>(`select file_name, line_number, reason_code from meta.quarantine order by file_name, line_number`)).map((r) => [r.file_name, Number(r.line_number), r.reason_code]);

describe.each(TEST_ENGINES)('portfolio positions on $name', ({ create }) => {
  let engine: Engine;
  beforeEach(async () => {
    engine = await create();
  });
  afterEach(() => engine.close());

  it('B-5: total, lien and available per day; a SELL beyond the available units is refused and the day keeps its position; a quiet day carries it', async () => {
    const result = await run(engine, input({ 'products.csv': PRODUCT_ROWS, 'portfolio_transactions.csv': B5 }), { balance_through: '2024-01-05' });
    expect(result.status).toBe('published');
    expect(await quarantined(engine)).toEqual([['portfolio_transactions.csv', 6, 'INSUFFICIENT_AVAILABLE_UNITS']]);
    expect(await positions(engine, 'C1', 'P')).toEqual([
      ['2024-01-01', 1000, 0, 1000, false],
      ['2024-01-02', 1000, 300, 700, false],
      ['2024-01-03', 800, 300, 500, false],
      ['2024-01-04', 800, 0, 800, false],
      ['2024-01-05', 800, 0, 800, true],
    ]);
  });

  it('checks each transaction against the position as it stands then: a refused SELL moves nothing, so a later one fits; a LIEN_RELEASE beyond the lien is LIEN_UNDERFLOW', async () => {
    const rows = [
      'A1,C2,P,,2024-02-01T09:00:00Z,DEPOSIT,100,0,,,,SUCCESSFUL',
      'A2,C2,P,,2024-02-02T09:00:00Z,SELL,-150,0,,,,SUCCESSFUL',
      'A3,C2,P,,2024-02-02T10:00:00Z,SELL,-60,0,,,,SUCCESSFUL',
      'A4,C2,P,,2024-02-03T09:00:00Z,LIEN,0,50,,,,SUCCESSFUL',
      'A5,C2,P,,2024-02-03T10:00:00Z,LIEN_RELEASE,0,-80,,,,SUCCESSFUL',
      // A DECLINED row moves nothing, however large.
      'A6,C2,P,,2024-02-03T11:00:00Z,WITHDRAWAL,-5000,0,,,,DECLINED',
      'A7,C2,P,,2024-02-03T12:00:00Z,LIEN,0,0.5,,,,SUCCESSFUL',
    ];
    expect((await run(engine, input({ 'products.csv': PRODUCT_ROWS, 'portfolio_transactions.csv': rows }))).status).toBe('published');
    // A2 (150 > 100); A4 (a lien of 50 > the 40 available after A3); A5 (the lien is 0: A4 was refused).
    expect(await quarantined(engine)).toEqual([
      ['portfolio_transactions.csv', 3, 'INSUFFICIENT_AVAILABLE_UNITS'],
      ['portfolio_transactions.csv', 5, 'INSUFFICIENT_AVAILABLE_UNITS'],
      ['portfolio_transactions.csv', 6, 'LIEN_UNDERFLOW'],
    ]);
    // The empty location is UNALLOCATED (the seed drops such rows).
    expect(await positions(engine, 'C2', 'P', 'UNALLOCATED')).toEqual([
      ['2024-02-01', 100, 0, 100, false],
      ['2024-02-02', 40, 0, 40, false],
      ['2024-02-03', 40, 0.5, 39.5, false],
    ]);
  });

  it('converts units to the product’s measure with the trading-unit size in force on the day (SCD2), never a hard-coded factor', async () => {
    const products = [...PRODUCT_ROWS, 'Q,BOND,NOTE,500,2030-12-31,2024-03-02'];
    const rows = ['B1,C3,Q,VAULT,2024-03-01T09:00:00Z,BUY,2,0,2,0,2,SUCCESSFUL', 'B2,C4,Q,VAULT,2024-03-01T10:00:00Z,BUY,1.5,0,1.5,0,1.5,SUCCESSFUL'];
    expect((await run(engine, input({ 'products.csv': products, 'portfolio_transactions.csv': rows }), { balance_through: '2024-03-02' })).status).toBe('published');
    const marts = await engine.query<Row>(`select position_date, clients, total_units, trading_unit_size, total_volume, unit_of_measure from ${W}.mart_product_position_daily where product_code = 'Q' order by position_date`);
    expect(marts.map((r) => [r.position_date, Number(r.clients), units(r.total_units), units(r.trading_unit_size), units(r.total_volume), r.unit_of_measure])).toEqual([
      ['2024-03-01', 2, 3.5, 1000, 3500, 'NOTE'],
      ['2024-03-02', 2, 3.5, 500, 1750, 'NOTE'],
    ]);
    expect((await engine.query<Row>(`select count(*) as n from ${W}.dim_product where product_code = 'Q'`))[0]).toEqual({ n: 2 });
  });

  it('refuses a late, back-dated transaction that would break a position already loaded (the later SELL would exceed what is available)', async () => {
    const dir = input({ 'products.csv': PRODUCT_ROWS, 'portfolio_transactions.csv': ['L1,C5,P,WH1,2024-04-01T09:00:00Z,DEPOSIT,100,0,,,,SUCCESSFUL', 'L2,C5,P,WH1,2024-04-03T09:00:00Z,SELL,-100,0,,,,SUCCESSFUL'] });
    expect((await run(engine, dir)).status).toBe('published');
    // Fine on its own day (100 available on 04-02), but the SELL of 04-03 would then exceed the 50 left.
    writeFileSync(join(dir, 'portfolio_transactions_late.csv'), [TXNS, 'L3,C5,P,WH1,2024-04-02T09:00:00Z,LIEN,0,50,,,,SUCCESSFUL', 'L4,C5,P,WH1,2024-04-02T10:00:00Z,DEPOSIT,10,0,,,,SUCCESSFUL', ''].join('\n'));
    expect((await run(engine, dir)).status).toBe('published');
    expect(await quarantined(engine)).toEqual([['portfolio_transactions_late.csv', 2, 'INSUFFICIENT_AVAILABLE_UNITS']]);
    expect(await positions(engine, 'C5', 'P')).toEqual([
      ['2024-04-01', 100, 0, 100, false],
      ['2024-04-02', 110, 0, 110, false],
      ['2024-04-03', 10, 0, 10, false],
    ]);
  });

  it('gives the same positions loaded day by day as in one run', async () => {
    const oneRun = input({ 'products.csv': PRODUCT_ROWS, 'portfolio_transactions.csv': B5 });
    expect((await run(engine, oneRun)).status).toBe('published');
    const daily = await create();
    try {
      const dir = input({ 'products.csv': PRODUCT_ROWS });
      for (const day of ['01', '02', '03', '04']) {
        writeFileSync(join(dir, `portfolio_transactions_${day}.csv`), [TXNS, ...B5.filter((r) => r.includes(`2024-01-${day}T`)), ''].join('\n'));
        expect((await run(daily, dir)).status).toBe('published');
      }
      const all = (e: Engine) => e.query<Row>(`select * from ${W}.fact_portfolio_daily_position order by client_id, product_code, location_code, position_date`);
      expect(await all(daily)).toEqual(await all(engine));
      expect(await quarantined(daily)).toEqual([['portfolio_transactions_04.csv', 3, 'INSUFFICIENT_AVAILABLE_UNITS']]);
    } finally {
      await daily.close();
    }
  });
});

describe.each(TEST_ENGINES)('store inventory on $name', ({ create }) => {
  const MOVES = 'MovementID,StoreID,ProductID,QualityLevel,OwnerClientID,CreatedAt,UnitsDelta,ReservedUnitsDelta,VolumeDelta,ReservedVolumeDelta,IsDeleted';
  let engine: Engine;
  beforeEach(async () => {
    engine = await create();
  });
  afterEach(() => engine.close());
  const stock = async (store: string) =>
    (await engine.query<Row>(`select position_date, available_units, reserved_units, total_units, total_volume, movement_count from ${W}.fact_inventory_daily_position where store_id = ? and product_id = 'P' and quality_level = 'A' order by position_date`, [store])).map((r) => [
      r.position_date,
      units(r.available_units),
      units(r.reserved_units),
      units(r.total_units),
      units(r.total_volume),
      Number(r.movement_count),
    ]);

  it('keeps available and reserved stock per store and day after all of the day’s movements; deleted movements move nothing; a movement taking more than is there is refused', async () => {
    const dir = tempDir('finlake-inventory-');
    writeFileSync(join(dir, 'products.csv'), [PRODUCTS, ...PRODUCT_ROWS, ''].join('\n'));
    writeFileSync(
      join(dir, 'inventory_movements.csv'),
      [
        MOVES,
        'M1,S1,P,A,,2024-05-01T08:00:00Z,100,0,250,0,false',
        // Reserve 30 of them: available 70, reserved 30, total 100.
        'M2,S1,P,A,C9,2024-05-01T12:00:00Z,-30,30,-75,75,false',
        // Deleted by the source: kept, moves nothing.
        'M3,S1,P,A,,2024-05-02T08:00:00Z,500,0,1250,0,true',
        // More than is available (70): refused.
        'M4,S1,P,A,,2024-05-02T09:00:00Z,-80,0,-200,0,false',
        // Releasing more than is reserved (30): refused.
        'M5,S1,P,A,C9,2024-05-02T10:00:00Z,40,-40,100,-100,false',
        'M6,S1,P,A,C9,2024-05-03T10:00:00Z,30,-30,75,-75,false',
        'M7,S2,P,A,,2024-05-02T10:00:00Z,5.5,0,13.75,0,false',
        '',
      ].join('\n'),
    );
    expect((await run(engine, dir, { balance_through: '2024-05-03' })).status).toBe('published');
    expect(await quarantined(engine)).toEqual([
      ['inventory_movements.csv', 5, 'INSUFFICIENT_AVAILABLE_UNITS'],
      ['inventory_movements.csv', 6, 'RESERVED_UNDERFLOW'],
    ]);
    expect(await stock('S1')).toEqual([
      ['2024-05-01', 70, 30, 100, 250, 2],
      ['2024-05-02', 70, 30, 100, 250, 0],
      ['2024-05-03', 100, 0, 100, 250, 1],
    ]);
    expect(await stock('S2')).toEqual([
      ['2024-05-02', 5.5, 0, 5.5, 13.75, 1],
      ['2024-05-03', 5.5, 0, 5.5, 13.75, 0],
    ]);
    // The company-wide inventory of a day: the sum over stores.
    const [total] = await engine.query<Row>(`select sum(total_units) as units from ${W}.fact_inventory_daily_position where position_date = cast('2024-05-03' as date)`);
    expect(units(total!.units)).toBe(105.5);
  });
});
