export { awsError } from './aws-error';
export { LocalLake, type LocalLakeOptions } from './lake';
export { LocalGlueJob, type LocalGlueJobOptions, type LocalJobRun, type GlueFileOutcome } from './glue';
export { LocalRedshiftData, parseCall, type ExecuteStatementInput, type LocalRedshiftDataOptions, type ParsedCall, type StatementRecord, type StatementStatus } from './redshift-data';
export { LocalSns, type SnsMessage } from './sns';
export { LocalStepFunctions, stateCounts, type EventLog, type ExecutionStatus, type LocalExecution, type LocalServices, type LocalStepFunctionsOptions } from './step-functions';
export { createLocalPipeline, type Arrival, type LocalPipeline, type LocalPipelineOptions } from './local-pipeline';
