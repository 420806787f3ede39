/**
 * Every category of "Bad input a trustworthy loader is tried with" (shared checklist), on the
 * real DuckDB engine. Each case leaves a ledger entry; quarantined rows keep file, line, column,
 * reason code and raw text; a rejected file writes nothing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '@finlake/engine';
import { GOLDEN, TEST_ENGINES, fingerprint, inputDir, readFixture, run } from '../testing';
import type { RunResult } from './run';

const HEADER = readFixture('transactions.csv').split('\n')[0]!;
const GOOD = [
  'G1,2024-01-03T10:00:00Z,P1,C1,Online Store,2,50.00,5.00,7.20,4.99,6.50,1.75,USD,false',
  'G2,2024-01-04T10:00:00Z,P2,C2,Amazon,1,12.99,0.00,1.00,0.00,0.00,1.95,USD,false',
];
/** A transaction line with one field replaced (by header name). */
function line(id: string, changes: Record<string, string> = {}): string {
  const names = HEADER.split(',');
  const base = ['X', '2024-01-05T10:00:00Z', 'P1', 'C9', 'Online Store', '1', '50.00', '0.00', '3.60', '0.00', '0.00', '1.00', 'USD', 'false'];
  base[0] = id;
  for (const [name, value] of Object.entries(changes)) base[names.indexOf(name)] = value;
  return base.join(',');
}
const file = (...rows: string[]) => [HEADER, ...GOOD, ...rows].join('\n') + '\n';

describe.each(TEST_ENGINES)('bad input on $name', ({ create }) => {
  interface Outcome {
    result: RunResult;
    engine: Engine;
    quarantine: { line_number: number; column_name: string | null; reason_code: string; raw_value: string | null; raw_record: string | null; file_name: string }[];
    ledger: { file_name: string; status: string; reason_code: string | null; rows_read: number; rows_loaded: number; rows_quarantined: number }[];
  }

  async function load(transactions: string | Buffer, name = 'transactions.csv'): Promise<Outcome> {
    const engine = await create();
    engines.push(engine);
    const dir = inputDir(GOLDEN, { 'transactions.csv': null, [name]: transactions });
    const result = await run(engine, dir, { maxQuarantineRate: 1 });
    const quarantine = (await engine.query(`select line_number, column_name, reason_code, raw_value, raw_record, file_name from meta.quarantine where entity = 'transactions' order by line_number, column_name`)) as Outcome['quarantine'];
    const ledger = (await engine.query(`select file_name, status, reason_code, rows_read, rows_loaded, rows_quarantined from meta.ledger where entity = 'transactions'`)) as Outcome['ledger'];
    return { result, engine, quarantine, ledger };
  }

  const engines: Engine[] = [];
  afterEach(async () => {
    while (engines.length > 0) await engines.pop()!.close();
  });
  const loaded = load;

  describe('row-level bad input is quarantined with line, column, reason and raw text', () => {
    it.each([
      ['N/A amount (null marker)', { UnitPrice: 'N/A' }, 'UnitPrice', 'REQUIRED_MISSING', 'N/A'],
      ['currency-formatted amount', { UnitPrice: '"$1,200.00"' }, 'UnitPrice', 'INVALID_NUMBER', '$1,200.00'],
      ['accounting negative', { DiscountAmount: '(100.00)' }, 'DiscountAmount', 'INVALID_NUMBER', '(100.00)'],
      ['European decimal', { UnitPrice: '"1.234,56"' }, 'UnitPrice', 'INVALID_NUMBER', '1.234,56'],
      ['NaN', { TaxAmount: 'NaN' }, 'TaxAmount', 'INVALID_NUMBER', 'NaN'],
      ['Infinity', { PlatformFee: 'Infinity' }, 'PlatformFee', 'INVALID_NUMBER', 'Infinity'],
      ['overflow', { UnitPrice: '99999999999999999999.99' }, 'UnitPrice', 'OUT_OF_RANGE', '99999999999999999999.99'],
      ['too many decimals', { DiscountAmount: '1.234' }, 'DiscountAmount', 'TOO_MANY_DECIMALS', '1.234'],
      ['negative money', { ActualShippingCost: '-3.00' }, 'ActualShippingCost', 'OUT_OF_RANGE', '-3.00'],
      ['non-integer quantity', { Quantity: '1.5' }, 'Quantity', 'INVALID_INTEGER', '1.5'],
      ['zero quantity', { Quantity: '0' }, 'quantity_positive_on_sales', 'BUSINESS_RULE', null],
      ['negative quantity on a sale', { Quantity: '-2' }, 'quantity_positive_on_sales', 'BUSINESS_RULE', null],
      ['discount above gross', { DiscountAmount: '60.00' }, 'discount_within_gross', 'BUSINESS_RULE', null],
      ['impossible date 2023-02-30', { TransactionDate: '2023-02-30T10:00:00Z' }, 'TransactionDate', 'INVALID_TIMESTAMP', '2023-02-30T10:00:00Z'],
      ['non-leap 2023-02-29', { TransactionDate: '2023-02-29T10:00:00Z' }, 'TransactionDate', 'INVALID_TIMESTAMP', '2023-02-29T10:00:00Z'],
      ['ambiguous date format', { TransactionDate: '03/04/2024' }, 'TransactionDate', 'INVALID_TIMESTAMP', '03/04/2024'],
      ['far future date', { TransactionDate: '2999-01-01T00:00:00Z' }, 'TransactionDate', 'DATE_OUT_OF_RANGE', '2999-01-01T00:00:00Z'],
      ['far past date', { TransactionDate: '1899-12-31T00:00:00Z' }, 'TransactionDate', 'DATE_OUT_OF_RANGE', '1899-12-31T00:00:00Z'],
      ['unknown product', { ProductID: 'P404' }, 'ProductID', 'UNKNOWN_REFERENCE', 'P404'],
      ['unknown channel', { Channel: 'Carrier Pigeon' }, 'Channel', 'NOT_ACCEPTED', 'Carrier Pigeon'],
      ['unknown currency', { Currency: 'EUR' }, 'Currency', 'NOT_ACCEPTED', 'EUR'],
      ['null marker in a required id', { CustomerID: 'NULL' }, 'CustomerID', 'REQUIRED_MISSING', 'NULL'],
      ['empty required field', { ProductID: '' }, 'ProductID', 'REQUIRED_MISSING', null],
      ['very long field', { CustomerID: 'C'.repeat(5000) }, 'CustomerID', 'FIELD_TOO_LONG', 'C'.repeat(5000)],
      ['formula injection in an id', { CustomerID: '"=HYPERLINK(""http://evil"",""x"")"' }, 'CustomerID', 'INVALID_ID', '=HYPERLINK("http://evil","x")'],
      ['invalid boolean', { ReturnFlag: 'maybe' }, 'ReturnFlag', 'INVALID_BOOLEAN', 'maybe'],
      // Surrounding spaces are trimmed before every check, and kept in the raw value.
      ['padded amount with too many decimals', { DiscountAmount: ' 1.234 ' }, 'DiscountAmount', 'TOO_MANY_DECIMALS', ' 1.234 '],
      ['padded null marker', { UnitPrice: ' N/A ' }, 'UnitPrice', 'REQUIRED_MISSING', ' N/A '],
      ['padded unknown channel', { Channel: ' Pigeon ' }, 'Channel', 'NOT_ACCEPTED', ' Pigeon '],
      ['padded far past date', { TransactionDate: ' 1899-12-31T00:00:00Z ' }, 'TransactionDate', 'DATE_OUT_OF_RANGE', ' 1899-12-31T00:00:00Z '],
      ['padded out-of-range quantity', { Quantity: ' 100001 ' }, 'Quantity', 'OUT_OF_RANGE', ' 100001 '],
      ['a tab is not trimmed', { Quantity: '2\t' }, 'Quantity', 'INVALID_INTEGER', '2\t'],
      ['a lone sign as an amount', { TaxAmount: '+' }, 'TaxAmount', 'INVALID_NUMBER', '+'],
      ['an integer past the 32-bit range', { Quantity: '2147483648' }, 'Quantity', 'OUT_OF_RANGE', '2147483648'],
      // The business rules see only rows whose values are valid: this price times this quantity would overflow.
      ['out-of-range price on a large quantity', { UnitPrice: '1000000000.01', Quantity: '100000' }, 'UnitPrice', 'OUT_OF_RANGE', '1000000000.01'],
    ] as const)('%s', async (_name, changes, column, reason, rawValue) => {
      const { result, quarantine, ledger } = await loaded(file(line('B1', changes as Record<string, string>)));
      expect(result.status).toBe('published');
      expect(quarantine).toEqual([expect.objectContaining({ file_name: 'transactions.csv', line_number: 4, column_name: column, reason_code: reason, raw_value: rawValue })]);
      expect(quarantine[0]!.raw_record).toContain('B1,');
      expect(ledger).toEqual([expect.objectContaining({ status: 'loaded', rows_read: 3, rows_loaded: 2, rows_quarantined: 1 })]);
    });

    it('padded values and other spellings of valid values load as their trimmed, typed values', async () => {
      const { engine, quarantine, ledger } = await loaded(
        file(
          line('S1', { TransactionID: ' S1 ', TransactionDate: ' 2024-01-05T10:00:00+01:00 ', ProductID: ' P2 ', Channel: ' Amazon ', Quantity: ' 2 ', UnitPrice: ' 12.50 ', TaxAmount: ' 1 ', Currency: ' USD ', ReturnFlag: ' TRUE ' }),
          line('S2', { UnitPrice: '12.5', DiscountAmount: '0', TaxAmount: '3.600', ReturnFlag: 'True' }),
          line('S3', { UnitPrice: '.5', Quantity: '-1', ReturnFlag: 'tRuE' }),
          line('S4', { UnitPrice: '12.', Quantity: '+3', ReturnFlag: '0', TransactionDate: '2024-01-05 10:00' }),
          line('S5', { UnitPrice: '0012.3400', Quantity: '007', ReturnFlag: 'FALSE', TransactionDate: '2024-01-05' }),
        ),
      );
      expect(quarantine).toEqual([]);
      expect(ledger[0]).toMatchObject({ rows_read: 7, rows_loaded: 7, rows_quarantined: 0 });
      const rows = await engine.query(
        `select transaction_id, cast(transaction_ts as varchar) as ts, product_id, channel, quantity, cast(unit_price as varchar) as unit_price, cast(discount_amount as varchar) as discount, cast(tax_amount as varchar) as tax, currency, is_return
         from commerce_staging.stg_transactions where transaction_id like 'S%' order by 1`,
      );
      const row = (id: string, ts: string, product: string, channel: string, quantity: number, price: string, tax: string, isReturn: boolean) => ({ transaction_id: id, ts, product_id: product, channel, quantity, unit_price: price, discount: '0.00', tax, currency: 'USD', is_return: isReturn });
      expect(rows).toEqual([
        row('S1', '2024-01-05 09:00:00', 'P2', 'Amazon', 2, '12.5000', '1.00', true),
        row('S2', '2024-01-05 10:00:00', 'P1', 'Online Store', 1, '12.5000', '3.60', true),
        row('S3', '2024-01-05 10:00:00', 'P1', 'Online Store', -1, '0.5000', '3.60', true),
        row('S4', '2024-01-05 10:00:00', 'P1', 'Online Store', 3, '12.0000', '3.60', false),
        row('S5', '2024-01-05 00:00:00', 'P1', 'Online Store', 7, '12.3400', '3.60', false),
      ]);
    });

    it('reports every failing column of a row, and counts the row once', async () => {
      const { quarantine, ledger } = await loaded(file(line('B1', { UnitPrice: 'abc', Currency: 'GBP' })));
      expect(quarantine.map((q) => [q.line_number, q.column_name, q.reason_code])).toEqual([
        [4, 'Currency', 'NOT_ACCEPTED'],
        [4, 'UnitPrice', 'INVALID_NUMBER'],
      ]);
      expect(ledger[0]).toMatchObject({ rows_read: 3, rows_loaded: 2, rows_quarantined: 1 });
    });

    it('mixed currencies: only the foreign rows are quarantined', async () => {
      const { quarantine, ledger } = await loaded(file(line('B1', { Currency: 'EUR' }), line('B2'), line('B3', { Currency: 'usd' })));
      expect(quarantine.map((q) => [q.line_number, q.reason_code])).toEqual([[4, 'NOT_ACCEPTED'], [6, 'NOT_ACCEPTED']]);
      expect(ledger[0]).toMatchObject({ rows_loaded: 3, rows_quarantined: 2 });
    });

    it('2024-02-29 loads; offsets convert to UTC across a DST change', async () => {
      const { engine, quarantine } = await loaded(file(line('L1', { TransactionDate: '2024-02-29T12:00:00Z' }), line('L2', { TransactionDate: '2024-03-10T01:30:00-08:00' }), line('L3', { TransactionDate: '2024-03-31T02:30:00+0200' })));
      expect(quarantine).toEqual([]);
      const rows = await engine.query(`select transaction_id, cast(transaction_ts as varchar) as ts from commerce_warehouse.fact_transactions where transaction_id like 'L%' order by 1`);
      expect(rows).toEqual([
        { transaction_id: 'L1', ts: '2024-02-29 12:00:00' },
        { transaction_id: 'L2', ts: '2024-03-10 09:30:00' },
        { transaction_id: 'L3', ts: '2024-03-31 00:30:00' },
      ]);
    });

    it('identical duplicates load once; conflicting duplicates are all quarantined', async () => {
      const { engine, quarantine, ledger } = await loaded(file(line('D1'), line('D1'), line('D2', { Quantity: '1' }), line('D2', { Quantity: '2' })));
      expect(quarantine.map((q) => [q.line_number, q.column_name, q.reason_code])).toEqual([
        [5, 'TransactionID', 'DUPLICATE_ROW'],
        [6, 'TransactionID', 'DUPLICATE_KEY'],
        [7, 'TransactionID', 'DUPLICATE_KEY'],
      ]);
      expect(ledger[0]).toMatchObject({ rows_read: 6, rows_loaded: 3, rows_quarantined: 3 });
      expect(await engine.query(`select transaction_id from commerce_warehouse.fact_transactions where transaction_id like 'D%'`)).toEqual([{ transaction_id: 'D1' }]);
    });

    it('a key already loaded by an earlier batch is quarantined, never overwritten', async () => {
      const engine = await create();
      engines.push(engine);
      await run(engine, inputDir(GOLDEN));
      const before = await fingerprint(engine);
      const later = inputDir(GOLDEN, { 'transactions_late.csv': [HEADER, line('T1', { Quantity: '9' }), line('N1')].join('\n') + '\n' });
      const result = await run(engine, later, { maxQuarantineRate: 1 });
      expect(result.status).toBe('published');
      expect(await engine.query(`select line_number, reason_code from meta.quarantine where file_name = 'transactions_late.csv'`)).toEqual([{ line_number: 2, reason_code: 'KEY_ALREADY_LOADED' }]);
      expect(await engine.query(`select quantity from commerce_warehouse.fact_transactions where transaction_id = 'T1'`)).toEqual([{ quantity: 2 }]);
      const after = await fingerprint(engine);
      expect(after.fact_transactions!.rows).toBe(before.fact_transactions!.rows + 1);
    });

    it('a sale without an applicable COGS row loads uncosted and is reported', async () => {
      const { engine, quarantine } = await loaded(file(line('U1', { ProductID: 'P3', TransactionDate: '2024-01-20T10:00:00Z' })));
      expect(quarantine).toEqual([]);
      expect(await engine.query(`select unit_cogs, total_cogs, is_costed from commerce_warehouse.fact_transactions where transaction_id = 'U1'`)).toEqual([{ unit_cogs: null, total_cogs: null, is_costed: false }]);
      const [jan] = await engine.query(`select cast(sum(uncosted_lines) as integer) as n from commerce_warehouse.mart_monthly_channel_margin where month = '2024-01-01'`);
      expect(jan!.n).toBe(1);
    });
  });

  describe('structural problems', () => {
    it.each([
      ['short row', 'R1,2024-01-05T10:00:00Z,P1,C9,Online Store,1,50.00', 'ROW_TOO_FEW_FIELDS'],
      ['long row', `${line('R1')},extra,fields`, 'ROW_TOO_MANY_FIELDS'],
    ])('%s is quarantined with its raw text', async (_name, bad, reason) => {
      const { quarantine, ledger } = await loaded(file(bad, line('OK1')));
      expect(quarantine).toEqual([expect.objectContaining({ line_number: 4, column_name: null, reason_code: reason, raw_record: bad })]);
      expect(ledger[0]).toMatchObject({ status: 'loaded', rows_read: 4, rows_loaded: 3, rows_quarantined: 1 });
    });

    it('a truncated last line is quarantined; a last line without a newline loads', async () => {
      const truncated = await loaded([HEADER, ...GOOD, 'R1,2024-01-05T10:00:00Z,P1,C9,Onl'].join('\n'));
      expect(truncated.quarantine).toEqual([expect.objectContaining({ line_number: 4, reason_code: 'ROW_TOO_FEW_FIELDS' })]);
      const noNewline = await loaded([HEADER, ...GOOD, line('R1')].join('\n'));
      expect(noNewline.quarantine).toEqual([]);
      expect(noNewline.ledger[0]).toMatchObject({ rows_read: 3, rows_loaded: 3 });
    });

    it('invalid UTF-8 in a row is quarantined as INVALID_ENCODING', async () => {
      const bad = Buffer.concat([Buffer.from(file().trimEnd() + '\n' + 'E1,2024-01-05T10:00:00Z,P1,C'), Buffer.from([0xff, 0xfe]), Buffer.from(',Online Store,1,50.00,0.00,3.60,0.00,0.00,1.00,USD,false\n')]);
      const { quarantine, ledger } = await loaded(bad);
      expect(quarantine).toEqual([expect.objectContaining({ line_number: 4, reason_code: 'INVALID_ENCODING' })]);
      expect(ledger[0]).toMatchObject({ rows_read: 3, rows_loaded: 2, rows_quarantined: 1 });
    });

    it('record numbers stay exact after rejected rows and quoted line breaks', async () => {
      const products = ['ProductID,ProductName,Category', 'P1,"Trail\nBackpack ""Pro""",Bags', 'P2,Water Bottle', 'P3,Rain Jacket,Apparel', 'P4,"=1+1",Apparel', 'P5,Odd,Bags,extra', 'P6,,Bags'].join('\n') + '\n';
      const engine = await create();
      engines.push(engine);
      const result = await run(engine, inputDir(GOLDEN, { 'products.csv': products }), { maxQuarantineRate: 1 });
      expect(result.status).toBe('published');
      expect(await engine.query(`select line_number, column_name, reason_code from meta.quarantine where entity = 'products' order by 1`)).toEqual([
        { line_number: 3, column_name: null, reason_code: 'ROW_TOO_FEW_FIELDS' },
        { line_number: 6, column_name: null, reason_code: 'ROW_TOO_MANY_FIELDS' },
        { line_number: 7, column_name: 'ProductName', reason_code: 'REQUIRED_MISSING' },
      ]);
      // Quoted newline and "" escapes load as text; formula-like text is data, escaped on export.
      expect(await engine.query(`select product_id, product_name from commerce_warehouse.dim_product where product_id in ('P1', 'P4') order by 1`)).toEqual([
        { product_id: 'P1', product_name: 'Trail\nBackpack "Pro"' },
        { product_id: 'P4', product_name: '=1+1' },
      ]);
    });

    it.each([
      ['UTF-8 BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(file(line('B1')))])],
      ['CRLF line endings', file(line('B1')).replace(/\n/g, '\r\n')],
      ['mixed line endings', [HEADER, GOOD[0], GOOD[1], line('B1')].join('\r\n').replace(/\r\n(G2)/, '\n$1') + '\n'],
      ['oddly cased and padded header', file(line('B1')).replace('TransactionID,TransactionDate', ' transactionid , TRANSACTIONDATE ')],
      ['an extra column', file(line('B1')).split('\n').map((l, i) => (l ? `${l},${i === 0 ? 'Notes' : 'x'}` : l)).join('\n')],
    ])('%s loads every row', async (_name, content) => {
      const { quarantine, ledger, result } = await loaded(content);
      expect(result.status).toBe('published');
      expect(quarantine).toEqual([]);
      expect(ledger[0]).toMatchObject({ status: 'loaded', rows_read: 3, rows_loaded: 3, rows_quarantined: 0 });
    });

    it('a header-only file loads zero rows and is recorded', async () => {
      const { ledger, result } = await loaded(HEADER + '\n');
      expect(result.status).toBe('published');
      expect(ledger).toEqual([expect.objectContaining({ status: 'loaded', rows_read: 0, rows_loaded: 0 })]);
    });

    it("an input directory path with SQL in it is just a path", async () => {
      const engine = await create();
      engines.push(engine);
      const dir = join(inputDir(GOLDEN), "x'); drop table meta.ledger; --");
      mkdirSync(dir);
      for (const name of ['products.csv', 'cogs.csv', 'marketing_spend.csv', 'transactions.csv']) writeFileSync(join(dir, name), readFixture(name));
      expect((await run(engine, dir)).status).toBe('published');
      expect(await engine.query(`select count(*) as n from meta.ledger where status = 'loaded'`)).toEqual([{ n: 4 }]);
    });

    it("a file name with SQL in it is just a name", async () => {
      const name = "transactions_'; drop table meta.ledger; --.csv";
      const { ledger, result } = await loaded(file(), name);
      expect(result.status).toBe('published');
      expect(ledger).toEqual([expect.objectContaining({ file_name: name, status: 'loaded', rows_loaded: 2 })]);
    });
  });

  describe('rejected files write nothing but the ledger entry', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(file(), 'utf16le')]);
    it.each([
      ['empty file', '', 'FILE_EMPTY'],
      ['UTF-16 file', utf16, 'FILE_ENCODING'],
      ['missing column', file().replace(',PlatformFee', '').replace(/,1\.75,USD/, ',USD').replace(/,1\.95,USD/, ',USD'), 'HEADER_MISSING_COLUMN'],
      ['renamed column', file().replace('UnitPrice', 'Price'), 'HEADER_MISSING_COLUMN'],
      ['wrong delimiter', file().replace(/,/g, ';'), 'HEADER_MISSING_COLUMN'],
      ['duplicated column', file().replace('Currency,ReturnFlag', 'Currency,Currency'), 'HEADER_DUPLICATE_COLUMN'],
      ['SQL in a header', file().replace('Channel', 'Channel"; drop table meta.ledger; --'), 'HEADER_MISSING_COLUMN'],
      ['unterminated quote', file('Q1,"2024-01-05T10:00:00Z,P1,C9,Online Store,1,50.00,0.00,3.60,0.00,0.00,1.00,USD,false', line('Q2')), 'UNTERMINATED_QUOTE'],
    ])('%s', async (_name, content, reason) => {
      const { result, engine, quarantine, ledger } = await loaded(content);
      expect(result.status).toBe('rejected');
      expect(ledger).toEqual([expect.objectContaining({ status: 'rejected', reason_code: reason })]);
      expect(quarantine).toEqual([]);
      // Nothing staged, nothing published, and the other files of the run are held back too.
      const [counts] = await engine.query(`select (select count(*) from commerce_staging.stg_transactions) as staged, (select count(*) from commerce_staging.stg_products) as products, (select count(*) from information_schema.tables where table_schema = 'warehouse') as published`);
      expect(counts).toEqual({ staged: 0, products: 0, published: 0 });
      expect(await engine.query(`select distinct status, reason_code from meta.ledger where entity <> 'transactions'`)).toEqual([{ status: 'blocked', reason_code: 'RUN_BLOCKED' }]);
    });
  });
});
