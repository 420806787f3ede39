import { BatchStopJobRunCommand, GetJobRunCommand, GlueClient, StartJobRunCommand } from '@aws-sdk/client-glue';
import { mockClient } from 'aws-sdk-client-mock';
import { EngineError } from '@finlake/errors';
import { GlueJobRunner, jobArguments } from './glue-job-runner';

const glue = mockClient(GlueClient);

function runner() {
  const clock = { t: 0, sleeps: [] as number[] };
  const r = new GlueJobRunner(new GlueClient({ region: 'eu-west-1' }), { now: () => clock.t, sleep: async (ms) => void (clock.sleeps.push(ms), (clock.t += ms)) });
  return { r, clock };
}

beforeEach(() => glue.reset());

describe('GlueJobRunner', () => {
  it('starts the job with -- arguments and polls with doubling waits until SUCCEEDED', async () => {
    const { r, clock } = runner();
    glue.on(StartJobRunCommand).resolves({ JobRunId: 'jr_1' });
    glue
      .on(GetJobRunCommand)
      .resolvesOnce({ JobRun: { JobRunState: 'STARTING' } })
      .resolvesOnce({ JobRun: { JobRunState: 'RUNNING' } })
      .resolvesOnce({ JobRun: { JobRunState: 'RUNNING' } })
      .resolves({ JobRun: { JobRunState: 'SUCCEEDED', ExecutionTime: 93 } });
    const result = await r.run('finlake-dev-commerce', { arguments: { raw_prefix: 'commerce/2024-01-31/' }, pollIntervalMs: 1000, maxPollIntervalMs: 3000 });
    expect(result).toEqual({ runId: 'jr_1', state: 'SUCCEEDED', executionSeconds: 93 });
    expect(glue.commandCalls(StartJobRunCommand).map((c) => c.args[0].input)).toEqual([{ JobName: 'finlake-dev-commerce', Arguments: { '--raw_prefix': 'commerce/2024-01-31/' } }]);
    expect(glue.commandCalls(GetJobRunCommand).map((c) => c.args[0].input)).toEqual(Array(4).fill({ JobName: 'finlake-dev-commerce', RunId: 'jr_1' }));
    expect(clock.sleeps).toEqual([1000, 2000, 3000]);
  });

  it.each(['FAILED', 'ERROR', 'TIMEOUT', 'STOPPED', 'EXPIRED'] as const)('reports a %s run with Glue’s message and the run id', async (state) => {
    const { r } = runner();
    glue.on(StartJobRunCommand).resolves({ JobRunId: 'jr_2' });
    glue.on(GetJobRunCommand).resolves({ JobRun: { JobRunState: state, ErrorMessage: 'finlake: rejected file(s), nothing processed: products.csv (HEADER_MISSING_COLUMN)' } });
    await expect(r.run('job')).rejects.toThrow(new EngineError('run Glue job job', `${state}: finlake: rejected file(s), nothing processed: products.csv (HEADER_MISSING_COLUMN) [run jr_2]`));
  });

  it('stops a run past the timeout and reports it', async () => {
    const { r } = runner();
    glue.on(StartJobRunCommand).resolves({ JobRunId: 'jr_3' });
    glue.on(GetJobRunCommand).resolves({ JobRun: { JobRunState: 'RUNNING' } });
    glue.on(BatchStopJobRunCommand).resolves({ SuccessfulSubmissions: [{ JobName: 'job', JobRunId: 'jr_3' }], Errors: [] });
    await expect(r.run('job', { timeoutMs: 60_000, pollIntervalMs: 10_000, maxPollIntervalMs: 20_000 })).rejects.toThrow('Failed to run Glue job job: still RUNNING after 70 s, over the 60 s timeout; stopped [run jr_3]');
    expect(glue.commandCalls(BatchStopJobRunCommand).map((c) => c.args[0].input)).toEqual([{ JobName: 'job', JobRunIds: ['jr_3'] }]);
  });

  it('reports a start that Glue refuses', async () => {
    const { r } = runner();
    glue.on(StartJobRunCommand).rejects(new Error('Concurrent runs exceeded for job'));
    await expect(r.run('job')).rejects.toThrow('Failed to start Glue job job: Concurrent runs exceeded for job');
  });

  it('prefixes argument names once', () => {
    expect(jobArguments({ raw_prefix: 'a', '--run_date': '2024-01-31' })).toEqual({ '--raw_prefix': 'a', '--run_date': '2024-01-31' });
  });
});
