/**
 * The deployed state machine definition, executed locally (aws-local-stepfunctions) against the
 * local Glue job, Data API and SNS on a real DuckDB warehouse in a temporary directory. Every
 * path is checked on the warehouse itself, not only by the execution's final state.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '@finlake/engine';
import { DuckDbEngine } from '@finlake/engine-duckdb';
import { readTable } from '@finlake/pipeline';
import { fingerprint, GOLDEN, memoryEngine, readFixture, run, scalar, tempDir, TEST_NOW } from '@finlake/pipeline/testing';
import type { S3ObjectCreatedEvent } from '@finlake/orchestration';
import { awsError, createLocalPipeline, stateCounts, type LocalExecution, type LocalPipeline, type LocalPipelineOptions } from './index';

const FIXTURE_FILES = ['products.csv', 'cogs.csv', 'marketing_spend.csv', 'transactions.csv'];
const TX_HEADER = readFixture('transactions.csv').split('\n')[0]!;

const engines: Engine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.close();
});

async function localPipeline(options: Partial<LocalPipelineOptions> = {}): Promise<LocalPipeline> {
  const engine = await DuckDbEngine.create({ path: join(tempDir('finlake-warehouse-'), 'finlake.duckdb') });
  engines.push(engine);
  return createLocalPipeline({ engine, root: tempDir('finlake-lake-'), product: 'commerce', now: TEST_NOW, ...options });
}

/** Upload files into a batch folder of the raw bucket; returns their keys. */
function upload(p: LocalPipeline, folder: string, files: Record<string, string>): string[] {
  return Object.entries(files).map(([name, body]) => {
    const key = `${p.rawPrefix}${folder}/${name}`;
    p.lake.putRawObject(key, body);
    return key;
  });
}

const goldenFiles = () => Object.fromEntries(FIXTURE_FILES.map((f) => [f, readFixture(f)]));

/** The EventBridge event S3 sends for a new object in the local raw bucket. */
function objectCreated(p: LocalPipeline, key: string, etag = 'b1946ac92492d2347c6235b4d2611184'): S3ObjectCreatedEvent {
  return {
    version: '0',
    id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: '000000000000',
    time: '2024-02-01T06:15:03Z',
    region: 'eu-west-1',
    resources: [`arn:aws:s3:::${p.rawBucket}`],
    detail: { version: '0', bucket: { name: p.rawBucket }, object: { key, size: 1024, etag, sequencer: '617f08299329d189' }, reason: 'PutObject' },
  };
}

/** Start from the S3 event of a batch's first file and wait for the end. */
async function runBatch(p: LocalPipeline, keys: string[]): Promise<LocalExecution> {
  const started = p.stepFunctions.startFromS3Event(objectCreated(p, keys[0]!), { rawPrefix: p.rawPrefix, bucketName: p.rawBucket });
  if (!('execution' in started)) throw new Error(`ignored: ${started.ignored}`);
  return started.execution.done;
}

/** Fingerprints of the published tables; a build that did not publish leaves its `__new` tables aside, as on Redshift. */
async function published(engine: Engine) {
  return Object.fromEntries(Object.entries(await fingerprint(engine)).filter(([table]) => !table.endsWith('__new')));
}

const statementsNamed = (p: LocalPipeline, name: string) => p.redshiftData.statements().filter((s) => s.StatementName === name);
const margins = (engine: Engine) =>
  engine.query(`select cast(month as varchar) as month, channel, net_revenue, contribution_margin from commerce_warehouse.mart_monthly_channel_margin order by month, channel`);

// Hand-computed in libs/pipeline/src/__tests__/golden.test.ts.
const GOLDEN_MARGINS = [
  { month: '2024-01-01', channel: 'Amazon', net_revenue: '160.00', contribution_margin: '20.00' },
  { month: '2024-01-01', channel: 'Online Store', net_revenue: '133.97', contribution_margin: '78.73' },
  { month: '2024-02-01', channel: 'Amazon', net_revenue: '115.00', contribution_margin: '35.50' },
  { month: '2024-02-01', channel: 'Online Store', net_revenue: '5.00', contribution_margin: '-5.60' },
  { month: '2024-02-01', channel: 'Retail Store', net_revenue: '50.00', contribution_margin: '37.50' },
];

// A hung statement would keep the polling loop going: fail the test instead of waiting for jest's 2 minutes.
jest.setTimeout(30_000);

describe('local execution of the pipeline state machine', () => {
  it('happy path: an S3 event runs Glue, COPY, models, gate and publish; the marts hold the golden figures', async () => {
    const p = await localPipeline();
    const keys = upload(p, '2024-02-01', goldenFiles());
    const execution = await runBatch(p, keys);

    expect(execution.error).toBeUndefined();
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.input).toMatchObject({ batchPrefix: 'commerce/incoming/2024-02-01/' });
    // The Glue job read the batch's folder and wrote every file to the processed zone, nothing quarantined.
    expect(p.glue.runs).toHaveLength(1);
    expect(p.glue.runs[0]!.Arguments).toEqual({ '--execution_id': execution.name, '--raw_prefix': 'commerce/incoming/2024-02-01/', '--manifest': '{"prefix":true}' });
    expect(p.glue.runs[0]!.files.map((f) => [f.file, f.status, f.rowsQuarantined])).toEqual([
      ['products.csv', 'processed', 0],
      ['cogs.csv', 'processed', 0],
      ['marketing_spend.csv', 'processed', 0],
      ['transactions.csv', 'processed', 0],
    ]);
    expect(readdirSync(join(p.lake.processedDir, 'commerce')).sort()).toEqual(['cogs', 'marketing_spend', 'products', 'transactions']);
    // Four statements, in order, each polled through the wait → describe → choice loop until FINISHED.
    expect(p.redshiftData.statements().map((s) => [s.StatementName, s.QueryString, s.Status])).toEqual([
      ['CopyProcessed', "CALL commerce_pipeline.sp_copy_processed('commerce/')", 'FINISHED'],
      ['BuildModels', 'CALL commerce_pipeline.sp_build_models()', 'FINISHED'],
      ['QualityGate', 'CALL commerce_pipeline.sp_quality_gate()', 'FINISHED'],
      ['Publish', 'CALL commerce_pipeline.sp_publish()', 'FINISHED'],
    ]);
    for (const step of ['CopyProcessed', 'BuildModels', 'QualityGate', 'Publish']) expect(stateCounts(execution, `Describe${step}`).entered).toBeGreaterThanOrEqual(1);

    // The warehouse, read back: the golden figures, and exactly the tables `finlake run` publishes from the same files.
    expect(await margins(p.lake.engine)).toEqual(GOLDEN_MARGINS);
    expect(await scalar(p.lake.engine, `select sum(net_revenue) from commerce_warehouse.fact_transactions`)).toBe('463.97');
    expect(await scalar(p.lake.engine, `select count(distinct batch_seq) from commerce_staging.stg_transactions`)).toBe(1);
    const cli = await memoryEngine();
    try {
      expect((await run(cli, GOLDEN)).status).toBe('published');
      expect(await fingerprint(p.lake.engine)).toEqual(await fingerprint(cli));
    } finally {
      await cli.close();
    }

    expect(p.sns.messages).toEqual([expect.objectContaining({ Subject: 'finlake pipeline published', Message: `Execution ${execution.name} published.` })]);
  });

  it('the same S3 object starts one execution: a redelivered event is refused by name', async () => {
    const p = await localPipeline();
    const keys = upload(p, '2024-02-01', goldenFiles());
    const first = await runBatch(p, keys);
    expect(first.status).toBe('SUCCEEDED');
    expect(() => p.stepFunctions.startFromS3Event(objectCreated(p, keys[0]!), { rawPrefix: p.rawPrefix })).toThrow(expect.objectContaining({ name: 'ExecutionAlreadyExists' }));
    expect(p.glue.runs).toHaveLength(1);
    // Non-CSV objects start nothing.
    expect(p.stepFunctions.startFromS3Event(objectCreated(p, `${p.rawPrefix}2024-02-01/_SUCCESS`), { rawPrefix: p.rawPrefix })).toEqual({ ignored: 'commerce/incoming/2024-02-01/_SUCCESS is not a CSV file' });
  });

  it('a failing statement takes the Catch path: the failure notification names the step, the published tables stay as they were', async () => {
    let failBuild = false;
    const p = await localPipeline({
      redshiftData: {
        beforeProcedure: (name) => {
          if (failBuild && name === 'sp_build_models') throw new Error('injected failure (disk full)');
        },
      },
    });
    expect((await runBatch(p, upload(p, '2024-02-01', goldenFiles()))).status).toBe('SUCCEEDED');
    const before = await published(p.lake.engine);

    failBuild = true;
    const more = upload(p, '2024-02-29', { 'transactions_2024-02-29.csv': `${TX_HEADER}\nT10,2024-02-22T10:00:00Z,P1,C1,Retail Store,1,80.00,0.00,0.00,0.00,0.00,0.00,USD,false\n` });
    const failed = await runBatch(p, more);

    expect(failed.status).toBe('FAILED');
    expect(failed.error).toEqual({ Error: 'PipelineFailed', Cause: 'A step failed; the failure notification names it.' });
    expect(stateCounts(failed, 'BuildModelsFailed').entered).toBe(1);
    expect(stateCounts(failed, 'RunQualityGate').entered).toBe(0);
    expect(stateCounts(failed, 'RunPublish').entered).toBe(0);
    const notice = p.sns.messages.at(-1)!;
    expect(notice.Subject).toBe('finlake pipeline FAILED');
    expect(notice.Message).toContain(`Execution ${failed.name} failed:`);
    expect(notice.Message).toContain('"Error":"BuildModelsFailed"');
    // The statement the notification points to carries the procedure's message.
    const statementId = JSON.parse(notice.Message.slice(notice.Message.indexOf('{'))).StatementId;
    expect(p.redshiftData.describeStatement({ Id: statementId })).toMatchObject({ Status: 'FAILED', Error: 'sp_build_models: injected failure (disk full)' });
    expect(statementsNamed(p, 'Publish')).toHaveLength(1);
    expect(await published(p.lake.engine)).toEqual(before);
    expect(await scalar(p.lake.engine, `select count(*) from commerce_warehouse.fact_transactions where transaction_id = 'T10'`)).toBe(0);

    // The batch was staged (statements commit one by one); the next run, with nothing new, builds and publishes it.
    failBuild = false;
    const next = await p.stepFunctions.run('nightly-2024-03-01', {});
    expect(next.status).toBe('SUCCEEDED');
    expect(p.glue.runs.at(-1)!.Arguments['--raw_prefix']).toBe('commerce/incoming/');
    expect(await scalar(p.lake.engine, `select net_revenue from commerce_warehouse.fact_transactions where transaction_id = 'T10'`)).toBe('80.00');
  });

  it('a throttled executeStatement is retried and then succeeds', async () => {
    let throttled = 0;
    const p = await localPipeline({
      redshiftData: {
        beforeExecute: (input) => {
          if (input.StatementName === 'BuildModels' && throttled === 0) {
            throttled += 1;
            throw awsError('RedshiftData.ThrottlingException', 'Rate exceeded');
          }
        },
      },
    });
    const execution = await runBatch(p, upload(p, '2024-02-01', goldenFiles()));

    expect(execution.status).toBe('SUCCEEDED');
    expect(p.redshiftData.executeCalls.filter((c) => c.StatementName === 'BuildModels')).toHaveLength(2);
    expect(stateCounts(execution, 'RunBuildModels')).toEqual({ entered: 1, retried: 1, failed: 1 });
    expect(statementsNamed(p, 'BuildModels')).toHaveLength(1);
    expect(await margins(p.lake.engine)).toEqual(GOLDEN_MARGINS);
    expect(p.sns.messages.map((m) => m.Subject)).toEqual(['finlake pipeline published']);
  });

  it('a quality-gate failure on real data stops before Publish and leaves the published tables unchanged', async () => {
    const p = await localPipeline();
    expect((await runBatch(p, upload(p, '2024-02-01', goldenFiles()))).status).toBe('SUCCEEDED');
    const before = await published(p.lake.engine);

    // A sale of a product no file has ever described: every field is valid, so the Glue job (which,
    // like the deployed one, checks each file on its own) passes it, and the gate catches it.
    const more = upload(p, '2024-02-29', { 'transactions_2024-02-29.csv': `${TX_HEADER}\nT10,2024-02-22T10:00:00Z,P404,C1,Retail Store,1,80.00,0.00,0.00,0.00,0.00,0.00,USD,false\n` });
    const failed = await runBatch(p, more);

    expect(p.glue.runs.at(-1)!.files).toEqual([expect.objectContaining({ file: 'transactions_2024-02-29.csv', status: 'processed', rowsProcessed: 1, rowsQuarantined: 0 })]);
    expect(failed.status).toBe('FAILED');
    expect(failed.error?.Error).toBe('PipelineFailed');
    expect(stateCounts(failed, 'QualityGateFailed').entered).toBe(1);
    expect(stateCounts(failed, 'RunPublish').entered).toBe(0);
    expect(statementsNamed(p, 'Publish')).toHaveLength(1);
    const gate = statementsNamed(p, 'QualityGate').at(-1)!;
    expect(gate.Status).toBe('FAILED');
    // The fact joins to its dimensions, so the unknown product drops the sale and the reconciliation with staging fails.
    expect(gate.Error).toContain('sp_quality_gate: blocking check(s) failed, nothing is published: ');
    expect(gate.Error).toContain('fact_transactions: reconcile: fact_transactions count(*) = staging (1; expected 10, actual 9)');
    expect(p.redshiftData.procedures.lastGate.filter((g) => !g.passed).map((g) => g.check)).toEqual([
      'reconcile: fact_transactions count(*) = staging',
      'reconcile: fact_transactions sum(abs(quantity)) = staging',
      'reconcile: fact_transactions sum(unit_price) = staging',
    ]);
    expect(await published(p.lake.engine)).toEqual(before);
    expect(p.sns.messages.map((m) => m.Subject)).toEqual(['finlake pipeline published', 'finlake pipeline FAILED']);
    expect(p.sns.messages[1]!.Message).toContain('"Error":"QualityGateFailed"');
    // As on Redshift the batch stays staged, so the next run is blocked again until the file is fixed.
    expect(await scalar(p.lake.engine, `select count(*) from commerce_staging.stg_transactions where product_id = 'P404'`)).toBe(1);
  });

  it('a broken raw file fails the Glue task: nothing is processed, the rejected file is listed and notified', async () => {
    const p = await localPipeline();
    const keys = upload(p, '2024-02-01', { ...goldenFiles(), 'transactions.csv': 'TransactionID;TransactionDate\nT1;2024-01-03\n' });
    const failed = await runBatch(p, keys);

    expect(failed.status).toBe('FAILED');
    expect(stateCounts(failed, 'RunCopyProcessed').entered).toBe(0);
    expect(p.glue.runs[0]!.JobRunState).toBe('FAILED');
    expect(p.glue.runs[0]!.files.find((f) => f.file === 'transactions.csv')).toMatchObject({ status: 'rejected', reasonCode: 'HEADER_MISSING_COLUMN' });
    expect(readdirSync(p.lake.processedDir)).toEqual([]);
    expect(readdirSync(join(p.lake.quarantineDir, 'commerce', '_rejected_files'))).toEqual(['run_date=2025-06-30']);
    const notice = p.sns.messages.at(-1)!;
    expect(notice.Subject).toBe('finlake pipeline FAILED');
    expect(notice.Message).toContain('States.TaskFailed');
    expect(notice.Message).toContain('transactions.csv (HEADER_MISSING_COLUMN');
    expect(await readTable(p.lake.engine, 'commerce', 'fact_transactions', ['transaction_id']).catch(() => [])).toEqual([]);
  });
});

describe('the arrival rule on the local state machine: one run per drop, all files of a drop in one run', () => {
  /** Upload the files of a drop one by one, each followed by its Object Created event, as S3 and EventBridge deliver them. */
  function dropFiles(p: LocalPipeline, folder: string, files: Record<string, string>) {
    return Object.entries(files).map(([name, body]) => {
      const [key] = upload(p, folder, { [name]: body });
      return { key: key!, arrival: p.arrive(objectCreated(p, key!)) };
    });
  }
  const published = (p: LocalPipeline) => p.sns.messages.filter((m) => m.Subject === 'finlake pipeline published');

  it('a drop of four files gives one execution and one publish; its events and redeliveries start nothing more', async () => {
    const p = await localPipeline();
    const arrivals = dropFiles(p, '2024-02-01', goldenFiles());
    expect(arrivals.slice(0, 3).map((a) => a.arrival)).toEqual([
      { waiting: ['cogs', 'marketing_spend', 'transactions'] },
      { waiting: ['marketing_spend', 'transactions'] },
      { waiting: ['transactions'] },
    ]);
    const last = arrivals[3]!.arrival;
    if (!('execution' in last)) throw new Error(`not started: ${JSON.stringify(last)}`);
    // Every event of the drop plans the same batch: while it runs, the same name and input is the same execution.
    expect(p.arrive(objectCreated(p, arrivals[0]!.key))).toEqual({ execution: last.execution });
    const execution = await last.execution.done;
    expect(execution.status).toBe('SUCCEEDED');
    expect(p.arrive(objectCreated(p, arrivals[3]!.key))).toEqual({ duplicate: execution.name });

    expect(p.stepFunctions.executions.size).toBe(1);
    expect(p.glue.runs).toHaveLength(1);
    const manifest = JSON.parse(p.glue.runs[0]!.Arguments['--manifest']!);
    expect(manifest.files.map((f: { key: string }) => f.key)).toEqual(arrivals.map((a) => a.key).sort());
    expect(p.glue.runs[0]!.files.map((f) => f.status)).toEqual(['processed', 'processed', 'processed', 'processed']);
    expect(statementsNamed(p, 'Publish')).toHaveLength(1);
    expect(published(p)).toHaveLength(1);
    expect(await margins(p.lake.engine)).toEqual(GOLDEN_MARGINS);
  });

  it('two drops in quick succession give two serial runs: the later one waits for its turn, no step overlaps', async () => {
    const p = await localPipeline();
    const first = dropFiles(p, '2024-02-01', goldenFiles())[3]!.arrival;
    const second = dropFiles(p, '2024-02-02', goldenFiles())[3]!.arrival;
    if (!('execution' in first) || !('execution' in second)) throw new Error('not both started');
    const [a, b] = await Promise.all([first.execution.done, second.execution.done]);
    expect([a.status, b.status, a.error, b.error]).toEqual(['SUCCEEDED', 'SUCCEEDED', undefined, undefined]);
    expect(stateCounts(a, 'WaitForTurn').entered).toBe(0);
    expect(stateCounts(b, 'WaitForTurn').entered).toBeGreaterThanOrEqual(1);
    // Never two Glue runs at once (no ConcurrentRunsExceeded retries), and the SQL steps of the runs do not interleave.
    expect([stateCounts(a, 'RunGlueJob').retried, stateCounts(b, 'RunGlueJob').retried]).toEqual([0, 0]);
    const steps = ['CopyProcessed', 'BuildModels', 'QualityGate', 'Publish'];
    expect(p.redshiftData.statements().map((s) => s.StatementName)).toEqual([...steps, ...steps]);
    expect(published(p)).toHaveLength(2);
  });

  it('an empty drop is a recorded no-op: the execution succeeds with its outcome, without Glue or SQL', async () => {
    const p = await localPipeline();
    const execution = await p.stepFunctions.run('2024-02-02-empty', { batchPrefix: `${p.rawPrefix}2024-02-02/`, manifest: { files: [] } });
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.output).toMatchObject({ outcome: { status: 'NO_OP', reason: 'EMPTY_DROP', batchPrefix: `${p.rawPrefix}2024-02-02/` } });
    expect(p.glue.runs).toEqual([]);
    expect(p.redshiftData.statements()).toEqual([]);
  });

  it('the Glue job processes exactly its manifest: an object changed after planning fails the run', async () => {
    const p = await localPipeline();
    const arrivals = dropFiles(p, '2024-02-01', goldenFiles());
    const started = arrivals[3]!.arrival;
    if (!('execution' in started)) throw new Error('not started');
    await started.execution.done;
    expect(p.glue.runs[0]!.files).toHaveLength(4);
    // The same manifest again after transactions.csv was overwritten: the job refuses the changed object.
    const [changed] = upload(p, '2024-02-01', { 'transactions.csv': `${TX_HEADER}\n` });
    const again = await p.stepFunctions.run('replan', { batchPrefix: `${p.rawPrefix}2024-02-01/`, manifest: JSON.parse(p.glue.runs[0]!.Arguments['--manifest']!) });
    expect(again.status).toBe('FAILED');
    expect(p.glue.runs[1]!.ErrorMessage).toContain(`${changed} changed since the drop was planned`);
  });

  it("a rejected file does not block the next day's run: the next drop's manifest names only its own files", async () => {
    const p = await localPipeline();
    const day1 = dropFiles(p, '2024-02-01', { ...goldenFiles(), 'transactions.csv': 'TransactionID;TransactionDate\nT1;2024-01-03\n' });
    const first = day1[3]!.arrival;
    if (!('execution' in first)) throw new Error('day 1 not started');
    expect((await first.execution.done).status).toBe('FAILED');
    expect(p.glue.runs[0]!.files.find((f) => f.file === 'transactions.csv')).toMatchObject({ status: 'rejected' });

    const day2 = dropFiles(p, '2024-02-02', goldenFiles());
    const second = day2[3]!.arrival;
    if (!('execution' in second)) throw new Error('day 2 not started');
    const execution = await second.execution.done;
    expect(execution.error).toBeUndefined();
    expect(execution.status).toBe('SUCCEEDED');
    const manifest = JSON.parse(p.glue.runs[1]!.Arguments['--manifest']!);
    expect(manifest.files.every((f: { key: string }) => f.key.startsWith(`${p.rawPrefix}2024-02-02/`))).toBe(true);
    expect(p.glue.runs[1]!.files.map((f) => f.status)).toEqual(['processed', 'processed', 'processed', 'processed']);
    expect(published(p)).toHaveLength(1);
    expect(await margins(p.lake.engine)).toEqual(GOLDEN_MARGINS);
  });
});
