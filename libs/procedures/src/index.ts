/** The Redshift rendering of a data product: its warehouse DDL and the stored procedures the state machine calls. */
export { DDL_COMMAND, modelVarchar, redshiftType, VARCHAR_BYTES, type Column } from './columns';
export { entityLayout, keyMapLayout, META_LAYOUT, metaLayout, modelLayout } from './layouts';
export { RecordingEngine, recorded } from './recording';
export { copyTables, loadedBatches, NOT_ON_REDSHIFT, PROCESSED_EXTRA, processedColumns, proceduresFile, renderProcedures, VARIABLES, type Procedure } from './procedures';
export { DDL_FILES, META_DDL_FILE, renderAllDdl, renderDdl, type DdlFile } from './ddl';
