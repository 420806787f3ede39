/**
 * Typed errors thrown by libraries and mapped to exit codes at the CLI's single error boundary.
 * Libraries never call process.exit.
 */
export const ExitCode = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  dataRejected: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export class FinlakeError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad flags, unknown product, missing input directory, invalid configuration. */
export class UsageError extends FinlakeError {
  constructor(message: string) {
    super(message, ExitCode.usage);
  }
}

/** Input was rejected or the quality gate blocked the publish: nothing was published. */
export class DataRejectedError extends FinlakeError {
  constructor(message: string) {
    super(message, ExitCode.dataRejected);
  }
}

/** The warehouse database is held by another running process. */
export class DatabaseBusyError extends FinlakeError {
  constructor(message: string) {
    super(message, ExitCode.unexpected);
  }
}

/** A failure of the engine or the environment, with the operation that failed. */
export class EngineError extends FinlakeError {
  constructor(operation: string, cause: string) {
    super(`Failed to ${operation}: ${cause}`, ExitCode.unexpected);
  }
}
