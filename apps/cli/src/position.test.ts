/** `finlake position`: the seed's "how many units of P did client C hold, and how many under lien" from a warehouse built by `finlake run`. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '@finlake/pipeline/testing';
import { finlake } from '../testing';

const PRODUCTS = ['ProductCode,ProductType,UnitOfMeasure,TradingUnitSize,MaturityDate,EffectiveFrom', 'P,COMMODITY,KG,1000,,2023-01-01', 'P,COMMODITY,KG,500,,2024-01-03'];
const TXNS = [
  'TransactionID,ClientID,ProductCode,LocationCode,CreatedAt,TransactionType,UnitsDelta,LienDelta,TotalUnitsAfter,LienUnitsAfter,AvailableUnitsAfter,Status',
  'T1,C1,P,WH1,2024-01-01T09:00:00Z,DEPOSIT,1000,0,1000,0,1000,SUCCESSFUL',
  'T2,C1,P,WH1,2024-01-02T09:00:00Z,LIEN,0,300,1000,300,700,SUCCESSFUL',
  'T3,C1,P,,2024-01-02T10:00:00Z,BUY,2.5,0,2.5,0,2.5,SUCCESSFUL',
  'T4,C1,P,WH1,2024-01-03T09:00:00Z,SELL,-200,0,800,300,500,SUCCESSFUL',
];

describe('finlake position', () => {
  const db = join(tempDir(), 'w.duckdb');
  beforeAll(() => {
    const dir = tempDir();
    writeFileSync(join(dir, 'products.csv'), [...PRODUCTS, ''].join('\n'));
    writeFileSync(join(dir, 'portfolio_transactions.csv'), [...TXNS, ''].join('\n'));
    expect(finlake(['--db', db, 'run', 'balances', '--input', dir, '--no-marts', '--param', 'balance_through=2024-01-04']).status).toBe(0);
  });
  const position = (...args: string[]) => finlake(['--db', db, '--json', 'position', '--client', 'C1', '--product', 'P', ...args]);

  it('gives total, lien and available units per location and in the product’s measure as of the day', () => {
    const r = position('--as-of', '2024-01-02');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      client_id: 'C1',
      product_code: 'P',
      as_of: '2024-01-02',
      kind: 'end of day',
      unit_of_measure: 'KG',
      trading_unit_size: '1000.000000',
      locations: [
        { location_code: 'UNALLOCATED', total_units: '2.500000', lien_units: '0.000000', available_units: '2.500000', total_volume: '2500.000000', txn_count: 1, is_carried_forward: false },
        { location_code: 'WH1', total_units: '1000.000000', lien_units: '300.000000', available_units: '700.000000', total_volume: '1000000.000000', txn_count: 1, is_carried_forward: false },
      ],
      total: { total_units: '1002.500000', lien_units: '300.000000', available_units: '702.500000', total_volume: '1002500.000000' },
    });
    // From 2024-01-03 a unit is 500 KG; 01-04 carries the position.
    expect(JSON.parse(position('--as-of', '2024-01-04', '--location', 'WH1').stdout)).toMatchObject({
      trading_unit_size: '500.000000',
      locations: [{ location_code: 'WH1', total_units: '800.000000', lien_units: '300.000000', available_units: '500.000000', total_volume: '400000.000000', is_carried_forward: true }],
    });
    const text = finlake(['--db', db, 'position', '--client', 'C1', '--product', 'P', '--as-of', '2024-01-02']);
    expect(text.stdout).toContain('Position of C1 in P at the end of 2024-01-02: 1002.500000 units, 300.000000 under lien, 702.500000 available');
  });

  it('gives 0 before the first transaction at a location and refuses a day after the last, an unknown client or product, or an instant, with exit 2', () => {
    expect(JSON.parse(position('--as-of', '2024-01-01').stdout).locations[0]).toMatchObject({ location_code: 'UNALLOCATED', total_units: '0.000000', note: expect.stringContaining('2024-01-02') });
    for (const [args, message] of [
      [['--as-of', '2024-01-05'], 'built through 2024-01-04'],
      [['--as-of', '2024-01-02T10:00'], 'business day YYYY-MM-DD for a position'],
      [['--as-of', '2024-01-02', '--location', 'WH9'], 'holds no P at WH9'],
    ] as const) {
      const r = position(...args);
      expect([r.status, r.stderr]).toEqual([2, expect.stringContaining(message)]);
    }
    const unknown = finlake(['--db', db, 'position', '--client', 'NOPE', '--product', 'P', '--as-of', '2024-01-02']);
    expect([unknown.status, unknown.stderr]).toEqual([2, expect.stringContaining('No client NOPE')]);
  });
});
