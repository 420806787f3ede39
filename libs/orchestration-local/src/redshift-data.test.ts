import type { Engine } from '@finlake/engine';
import { memoryEngine, readFixture, tempDir, TEST_NOW } from '@finlake/pipeline/testing';
import { LocalGlueJob, LocalLake, LocalRedshiftData, parseCall } from './index';

describe('parseCall', () => {
  it.each([
    ["CALL finlake.sp_copy_processed('commerce/')", { schema: 'finlake', procedure: 'sp_copy_processed', args: ['commerce/'] }],
    ['call FINLAKE.SP_BUILD_MODELS();', { schema: 'finlake', procedure: 'sp_build_models', args: [] }],
    ["  CALL finlake . sp_x ( 'a' , 'it''s' )  ", { schema: 'finlake', procedure: 'sp_x', args: ['a', "it's"] }],
    ["CALL finlake.sp_x('')", { schema: 'finlake', procedure: 'sp_x', args: [''] }],
  ])('%s', (sql, parsed) => expect(parseCall(sql)).toEqual(parsed));

  it.each([
    ['select 1', 'only CALL'],
    ['CALL sp_build_models()', 'only CALL'],
    ['CALL finlake.sp_x(1)', "only 'text' literals"],
    ["CALL finlake.sp_x('a)", 'unterminated text literal'],
    ["CALL finlake.sp_x('a' 'b')", 'expected ","'],
    ["CALL finlake.sp_x('a',)", 'missing argument'],
  ])('refuses %s', (sql, message) => expect(() => parseCall(sql)).toThrow(message));
});

describe('LocalRedshiftData', () => {
  let engine: Engine;
  let lake: LocalLake;
  beforeEach(async () => {
    engine = await memoryEngine();
    lake = new LocalLake({ engine, root: tempDir('finlake-lake-'), product: 'commerce', now: TEST_NOW });
  });
  afterEach(() => engine.close());

  it('runs a statement in the background: not ended when executeStatement returns, then FINISHED', async () => {
    const api = new LocalRedshiftData(lake);
    const { Id } = await api.executeStatement({ Sql: 'CALL commerce_pipeline.sp_build_models()', StatementName: 'BuildModels' });
    const status = api.describeStatement({ Id }).Status;
    await api.idle();
    expect(['SUBMITTED', 'STARTED']).toContain(status);
    expect(api.describeStatement({ Id })).toMatchObject({ Id, Status: 'FINISHED', QueryString: 'CALL commerce_pipeline.sp_build_models()', StatementName: 'BuildModels' });
    expect(api.describeStatement({ Id }).Error).toBeUndefined();
  });

  it.each([
    ['CALL other.sp_build_models()', 'schema "other" does not exist.'],
    ['CALL commerce_pipeline.sp_drop_everything()', 'procedure commerce_pipeline.sp_drop_everything(0 arguments) does not exist.'],
    ["CALL commerce_pipeline.sp_build_models('x')", 'procedure commerce_pipeline.sp_build_models(1 arguments) does not exist.'],
    ['CALL commerce_pipeline.tostring()', 'procedure commerce_pipeline.tostring(0 arguments) does not exist.'],
    ['DROP TABLE commerce_warehouse.fact_transactions', 'syntax error: the local Data API runs only CALL'],
    ["CALL commerce_pipeline.sp_copy_processed('../../etc/')", 'sp_copy_processed: Key "../../etc/" points outside the bucket.'],
  ])('%s ends FAILED with a clear error', async (sql, error) => {
    const api = new LocalRedshiftData(lake, { synchronous: true });
    const { Id } = await api.executeStatement({ Sql: sql });
    expect(api.describeStatement({ Id })).toMatchObject({ Status: 'FAILED', Error: expect.stringContaining(error) });
  });

  it('refuses calls the real API refuses, with the error names the state machine matches', async () => {
    const api = new LocalRedshiftData(lake);
    await expect(api.executeStatement({})).rejects.toMatchObject({ name: 'RedshiftData.ValidationException' });
    expect(() => api.describeStatement({ Id: 'no-such-statement' })).toThrow(expect.objectContaining({ name: 'RedshiftData.ResourceNotFoundException' }));
  });

  it('sp_copy_processed refuses a fact key found in two new batches (KEY_ALREADY_LOADED) and stages nothing', async () => {
    const glue = new LocalGlueJob(lake, { jobName: 'job' });
    const tx = readFixture('transactions.csv');
    const [header, t1] = tx.split('\n');
    lake.putRawObject('commerce/incoming/b/products.csv', readFixture('products.csv'));
    lake.putRawObject('commerce/incoming/b/transactions_a.csv', `${header}\n${t1}\n`);
    // The same transaction again, corrected: each file is valid on its own, as the Glue job checks them.
    lake.putRawObject('commerce/incoming/b/transactions_b.csv', `${header}\n${t1!.replace(',2,50.00,', ',3,50.00,')}\n`);
    await glue.startJobRunSync({ JobName: 'job', Arguments: { '--raw_prefix': 'commerce/incoming/b/' } });
    expect(glue.runs[0]!.files.map((f) => [f.file, f.status])).toEqual([
      ['products.csv', 'processed'],
      ['transactions_a.csv', 'processed'],
      ['transactions_b.csv', 'processed'],
    ]);

    const api = new LocalRedshiftData(lake, { synchronous: true });
    const { Id } = await api.executeStatement({ Sql: "CALL commerce_pipeline.sp_copy_processed('commerce/')" });
    expect(api.describeStatement({ Id })).toMatchObject({
      Status: 'FAILED',
      Error: 'sp_copy_processed: 1 key(s) of transactions were already loaded by an earlier batch (KEY_ALREADY_LOADED), e.g. T1; nothing was staged. Remove the file from the raw zone and its batch from the processed zone, then run again.',
    });
    expect(await engine.query(`select (select count(*) from commerce_staging.stg_products) as products, (select count(*) from commerce_staging.stg_transactions) as transactions`)).toEqual([{ products: 0, transactions: 0 }]);
  });

  it('sp_copy_processed stages each new batch once, numbered after the staged ones; reference data keeps the latest batch', async () => {
    const glue = new LocalGlueJob(lake, { jobName: 'job' });
    const api = new LocalRedshiftData(lake, { synchronous: true });
    const copy = async () => {
      const { Id } = await api.executeStatement({ Sql: "CALL commerce_pipeline.sp_copy_processed('commerce/')" });
      expect(api.describeStatement({ Id }).Status).toBe('FINISHED');
      return api.statements().at(-1)!.result;
    };
    lake.putRawObject('commerce/incoming/1/products.csv', readFixture('products.csv'));
    await glue.startJobRunSync({ JobName: 'job', Arguments: { '--raw_prefix': 'commerce/incoming/1/' } });
    expect(await copy()).toEqual([expect.objectContaining({ entity: 'products', batchSeq: 1, rows: 3 })]);
    expect(await copy()).toEqual([]);

    lake.putRawObject('commerce/incoming/2/products_renamed.csv', 'ProductID,ProductName,Category\nP2,Water Bottle XL,Accessories\n');
    await glue.startJobRunSync({ JobName: 'job', Arguments: { '--raw_prefix': 'commerce/incoming/2/' } });
    expect(await copy()).toEqual([expect.objectContaining({ entity: 'products', batchSeq: 2, rows: 1 })]);
    expect(await engine.query(`select product_id, product_name, batch_seq from commerce_staging.stg_products order by product_id`)).toEqual([
      { product_id: 'P1', product_name: 'Trail Backpack', batch_seq: 1 },
      { product_id: 'P2', product_name: 'Water Bottle XL', batch_seq: 2 },
      { product_id: 'P3', product_name: expect.any(String), batch_seq: 1 },
    ]);
  });
});
