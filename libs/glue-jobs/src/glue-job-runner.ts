import { BatchStopJobRunCommand, GetJobRunCommand, GlueClient, StartJobRunCommand } from '@aws-sdk/client-glue';
import { EngineError } from '@finlake/errors';

export interface GlueJobOptions {
  /** Job parameters without the leading `--` (raw_prefix, run_date, ...). */
  arguments?: Record<string, string>;
  /** First wait between GetJobRun polls; doubles up to maxPollIntervalMs (defaults 5 s, 60 s: jobs take minutes). */
  pollIntervalMs?: number;
  maxPollIntervalMs?: number;
  /** A run still going after this long is stopped and reported (default 2 hours). */
  timeoutMs?: number;
}

export interface GlueJobDeps {
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface GlueJobResult {
  runId: string;
  state: 'SUCCEEDED';
  executionSeconds?: number;
}

const FAILED = new Set(['FAILED', 'ERROR', 'TIMEOUT', 'STOPPED', 'EXPIRED']);
const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Glue wants job parameters as `--name`; finlake code names them plainly. */
export function jobArguments(args: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(args).map(([k, v]) => [k.startsWith('--') ? k : `--${k}`, v]));
}

/** Starts a Glue job run and polls it to the end: success returns, anything else throws with Glue's message and the run id. */
export class GlueJobRunner {
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  constructor(
    private readonly client: GlueClient = new GlueClient({}),
    deps: GlueJobDeps = {},
  ) {
    this.sleep = deps.sleep ?? sleepFor;
    this.now = deps.now ?? Date.now;
  }

  async run(jobName: string, options: GlueJobOptions = {}): Promise<GlueJobResult> {
    const runId = await this.start(jobName, options.arguments ?? {});
    return this.wait(jobName, runId, options);
  }

  async start(jobName: string, args: Record<string, string>): Promise<string> {
    try {
      const { JobRunId } = await this.client.send(new StartJobRunCommand({ JobName: jobName, Arguments: jobArguments(args) }));
      if (!JobRunId) throw new Error('no JobRunId in the answer');
      return JobRunId;
    } catch (err) {
      throw new EngineError(`start Glue job ${jobName}`, (err as Error).message);
    }
  }

  async wait(jobName: string, runId: string, options: GlueJobOptions = {}): Promise<GlueJobResult> {
    const timeoutMs = options.timeoutMs ?? 2 * 3600_000;
    const maxDelay = options.maxPollIntervalMs ?? 60_000;
    let delay = options.pollIntervalMs ?? 5_000;
    const started = this.now();
    for (;;) {
      let run;
      try {
        run = (await this.client.send(new GetJobRunCommand({ JobName: jobName, RunId: runId }))).JobRun;
      } catch (err) {
        throw new EngineError(`poll Glue job ${jobName} run ${runId}`, (err as Error).message);
      }
      const state = run?.JobRunState;
      if (state === 'SUCCEEDED') return { runId, state, ...(run?.ExecutionTime !== undefined ? { executionSeconds: run.ExecutionTime } : {}) };
      if (state && FAILED.has(state)) throw new EngineError(`run Glue job ${jobName}`, `${state}: ${run?.ErrorMessage ?? 'no error message'} [run ${runId}]`);
      const elapsed = this.now() - started;
      if (elapsed >= timeoutMs) {
        const stopped = await this.client.send(new BatchStopJobRunCommand({ JobName: jobName, JobRunIds: [runId] })).then(
          (r) => (r.Errors?.length ? `stop failed: ${r.Errors[0]?.ErrorDetail?.ErrorMessage ?? 'unknown'}` : 'stopped'),
          (err: Error) => `stop failed: ${err.message}`,
        );
        throw new EngineError(`run Glue job ${jobName}`, `still ${state ?? 'unknown'} after ${Math.round(elapsed / 1000)} s, over the ${Math.round(timeoutMs / 1000)} s timeout; ${stopped} [run ${runId}]`);
      }
      await this.sleep(delay);
      delay = Math.min(delay * 2, maxDelay);
    }
  }
}
