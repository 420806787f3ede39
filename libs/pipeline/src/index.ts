export { runPipeline, productFor, DEFAULT_MAX_QUARANTINE_RATE, type RunOptions, type RunResult, type FileOutcome, type PipelineEvent, type RunStatus, type FileStatus } from './run';
export { FAILPOINTS, failpoint, type Failpoint } from './failpoint';
export { checkHeader, splitHeader } from './header';
export { discoverFiles, inspectFile } from './files';
export type { GateResult } from './gate';
export { META, STAGING, WAREHOUSE, ensureSchema } from './schema';
export * from './queries';
export { profileWarehouse, compareProfiles, type TableProfile, type ParityDifference } from './parity';
