import './promise-polyfill';
import { isDeepStrictEqual } from 'node:util';
import { ExecutionAbortedError, ExecutionTimeoutError, StateMachine, type StateMachineDefinition as LocalDefinition } from 'aws-local-stepfunctions';
import { EXECUTION_NAME_PATTERN, executionForObjectCreated, type S3ObjectCreatedEvent, type S3TriggerOptions, type StateMachineDefinition } from '@finlake/orchestration';
import { awsError } from './aws-error';
import type { LocalGlueJob } from './glue';
import type { LocalRedshiftData } from './redshift-data';
import type { LocalSns } from './sns';

export type EventLog = ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer E> ? E : never;
type Json = Parameters<StateMachine['run']>[0];

export interface LocalServices {
  glue: LocalGlueJob;
  redshiftData: LocalRedshiftData;
  sns: LocalSns;
}

export interface LocalStepFunctionsOptions {
  /** How long every Wait state pauses, in milliseconds (default 0: poll again at once). */
  waitMilliseconds?: number;
  /** The pause before every retry, in milliseconds (default 0 instead of the definition's backoff). */
  retryMilliseconds?: number;
  stateMachineName?: string;
}

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface LocalExecution {
  name: string;
  input: unknown;
  status: ExecutionStatus;
  output?: unknown;
  /** The error that ended a failed execution (a Fail state's Error and Cause). */
  error?: { Error: string; Cause: unknown };
  /** The execution's history: states entered, exited, failed, retried, caught. */
  events: EventLog[];
  /** Resolves (never rejects) when the execution has ended. */
  done: Promise<LocalExecution>;
}

/**
 * Runs the pipeline's real state machine definition with aws-local-stepfunctions, every Task
 * bound by its Resource to a local service: Glue startJobRun.sync → LocalGlueJob, the Redshift
 * Data API → LocalRedshiftData, SNS publish → LocalSns. A Task whose Resource has no local
 * service is refused when the runner is built, so nothing ever calls AWS.
 */
export class LocalStepFunctions {
  readonly executions = new Map<string, LocalExecution>();
  private readonly machine: StateMachine;
  private readonly overrides: NonNullable<NonNullable<Parameters<StateMachine['run']>[1]>['overrides']>;
  private readonly stateMachineArn: string;

  constructor(
    readonly definition: StateMachineDefinition,
    services: LocalServices,
    options: LocalStepFunctionsOptions = {},
  ) {
    this.machine = new StateMachine(definition as unknown as LocalDefinition);
    this.overrides = { taskResourceLocalHandlers: {}, waitTimeOverrides: {}, retryIntervalOverrides: {} };
    for (const [name, state] of Object.entries(definition.States)) {
      if (state.Type === 'Task') this.overrides.taskResourceLocalHandlers![name] = handlerFor(name, String(state.Resource), { ...services, sfn: this });
      if (state.Type === 'Wait') this.overrides.waitTimeOverrides![name] = options.waitMilliseconds ?? 0;
      if ('Retry' in state) this.overrides.retryIntervalOverrides![name] = options.retryMilliseconds ?? 0;
    }
    this.stateMachineArn = `arn:aws:states:local:000000000000:stateMachine:${options.stateMachineName ?? 'finlake-local-pipeline'}`;
  }

  /**
   * StartExecution: names are unique per state machine. The same name and input as a running
   * execution returns that execution; any other reuse fails with ExecutionAlreadyExists.
   */
  startExecution(args: { name: string; input?: unknown }): LocalExecution {
    const input = args.input ?? {};
    if (!EXECUTION_NAME_PATTERN.test(args.name)) throw awsError('InvalidName', `Execution name "${args.name}" must be 1 to 80 of A-Z a-z 0-9 _ -.`);
    const existing = this.executions.get(args.name);
    if (existing) {
      if (existing.status === 'RUNNING' && isDeepStrictEqual(existing.input, input)) return existing;
      throw awsError('ExecutionAlreadyExists', `Execution ${args.name} already exists (${existing.status}).`);
    }
    const execution = { name: args.name, input, status: 'RUNNING', events: [] } as unknown as LocalExecution;
    this.executions.set(args.name, execution);
    const context = { Execution: { Id: `${this.stateMachineArn.replace(':stateMachine:', ':execution:')}:${args.name}`, Name: args.name } };
    const run = this.machine.run(input as Json, { overrides: this.overrides, context });
    const history = (async () => {
      for await (const event of run.eventLogs) execution.events.push(event);
    })();
    execution.done = run.result.then(
      (output) => Object.assign(execution, { status: 'SUCCEEDED', output }),
      (err: unknown) => {
        const status: ExecutionStatus = err instanceof ExecutionTimeoutError ? 'TIMED_OUT' : err instanceof ExecutionAbortedError ? 'ABORTED' : 'FAILED';
        const cause = (err as Error).cause as Error | undefined;
        return Object.assign(execution, { status, error: { Error: cause?.name ?? (err as Error).name, Cause: cause?.message ?? (err as Error).message } });
      },
    ).then(async (e) => {
      await history;
      return e;
    });
    return execution;
  }

  /**
   * The `aws-sdk:sfn:listExecutions` integration on this state machine: its executions, newest
   * first (as Step Functions lists them), with the status filter applied.
   */
  listExecutions(params: { StateMachineArn?: string; StatusFilter?: string }): { Executions: { ExecutionArn: string; StateMachineArn: string; Name: string; Status: ExecutionStatus }[] } {
    if (params.StateMachineArn !== this.stateMachineArn) throw awsError('Sfn.StateMachineDoesNotExistException', `State machine ${params.StateMachineArn} does not exist (the local one is ${this.stateMachineArn}).`);
    const all = [...this.executions.values()].reverse().filter((e) => !params.StatusFilter || e.status === params.StatusFilter);
    return { Executions: all.map((e) => ({ ExecutionArn: `${this.stateMachineArn.replace(':stateMachine:', ':execution:')}:${e.name}`, StateMachineArn: this.stateMachineArn, Name: e.name, Status: e.status })) };
  }

  /** Start an execution and wait for it to end. */
  run(name: string, input?: unknown): Promise<LocalExecution> {
    return this.startExecution({ name, input }).done;
  }

  /**
   * What the raw bucket's EventBridge rule does, with the deterministic name a starter can set:
   * the event maps to a name and input (executionForObjectCreated), or is ignored with the reason.
   */
  startFromS3Event(event: S3ObjectCreatedEvent, options: S3TriggerOptions): { execution: LocalExecution } | { ignored: string } {
    const decision = executionForObjectCreated(event, options);
    if (!decision.start) return { ignored: decision.reason };
    return { execution: this.startExecution({ name: decision.name, input: decision.input }) };
  }
}

/** Local implementation of one Task state, chosen by its Resource. */
function handlerFor(state: string, resource: string, services: LocalServices & { sfn: LocalStepFunctions }): (input: Json) => Promise<Json> {
  // A service call is a round trip: answer after the event loop turns. With Wait states at 0 ms the
  // library does not yield at all, and the polling loop would starve the statement it polls.
  const call = (fn: (input: never) => unknown) => async (input: Json) => {
    await new Promise((resolve) => setImmediate(resolve));
    return (await fn(input as never)) as Json;
  };
  switch (resource) {
    case 'arn:aws:states:::glue:startJobRun.sync':
      return call((i) => services.glue.startJobRunSync(i));
    case 'arn:aws:states:::aws-sdk:redshiftdata:executeStatement':
      return call((i) => services.redshiftData.executeStatement(i));
    case 'arn:aws:states:::aws-sdk:redshiftdata:describeStatement':
      return call((i) => services.redshiftData.describeStatement(i));
    case 'arn:aws:states:::sns:publish':
      return call((i) => services.sns.publish(i));
    case 'arn:aws:states:::aws-sdk:sfn:listExecutions':
      return call((i: { StateMachineArn?: string; StatusFilter?: string }) => services.sfn.listExecutions(i));
    default:
      throw new Error(`Task state "${state}" uses ${resource}, which has no local implementation: add one to LocalStepFunctions before running this definition locally.`);
  }
}

/** How often a state was entered, and retried, in an execution's history. */
export function stateCounts(execution: LocalExecution, state: string): { entered: number; retried: number; failed: number } {
  const of = (type: EventLog['type']) => execution.events.filter((e) => e.type === type && 'state' in e && e.state.name === state).length;
  return { entered: of('StateEntered'), retried: of('StateRetried'), failed: of('StateFailed') };
}
