export { planPipeline, type RunPlan } from './plan';
export { runPipeline, productFor, DEFAULT_MAX_QUARANTINE_RATE, type RunOptions, type RunResult, type FileOutcome, type PipelineEvent, type RunStatus, type FileStatus } from './run';
export { FAILPOINTS, failpoint, type Failpoint } from './failpoint';
export { checkHeader, splitHeader } from './header';
export { discoverFiles, inputFiles, inspectFile, type Discovery } from './files';
export type { GateResult } from './gate';
export { META, ensureSchema, inStaging, inWarehouse, productSchemas, stagingTable } from './schema';
export * from './queries';
export { profileWarehouse, compareProfiles, type TableProfile, type ParityDifference } from './parity';
export { buildAside, fullBuild, renderForBuild, swapIntoPlace, updateKeyMaps, type BuildPlan } from './build';
export { testChecks, modelChecks } from './gate';
export { runGate } from './gate';
export { createRunQuarantine, quarantineRejects, loadAndValidate, validRows, isValid, type FileBatch, type KnownKeys } from './validate';
export { checkFile, recogniseFile, type FileCheck, type CheckFileOptions } from './check-file';
export { stagedRowsSql, writeStaging, keyClashSql, keyClashMessage, createStagingViews, stageRun, type StagedFile, type StagingViews } from './staging';
export * from './temp-names';
export { openRun, closeRun, dateBounds, newRunId, loadedBatches, type RunContext, type RunFile } from './context';
export { gateChecks } from './gate';
export type { DateBounds } from './validate-sql';
export { hasCarriageReturns, normaliseLineEndings, type InputFile } from './files';
export {
  buildStrategyModel,
  strategyChecks,
  strategyViolations,
  StrategyCodes,
  StrategyError,
  buildScd2,
  scd2Lookup,
  scd2TableViolations,
  buildCumulative,
  loadCumulativePartition,
  backfillCumulative,
  rebuildCumulative,
  buildSnapshot,
  loadSnapshotDate,
  snapshotAsOfSql,
  buildBridge,
  bridgeChecks,
  type StrategyCheck,
  type StrategyCode,
  type TableName,
} from './strategies';
