/** The Redshift rendering of a data product: its warehouse DDL and the stored procedures the state machine calls. */
export { DDL_COMMAND, redshiftType, VARCHAR_BYTES, type Column } from './columns';
export { RecordingEngine, recorded } from './recording';
export { copyTables, LOADED_BATCHES, NOT_ON_REDSHIFT, PROCEDURE_SCHEMA, PROCESSED_EXTRA, processedColumns, proceduresFile, renderProcedures, VARIABLES, type Procedure } from './procedures';
export { DDL_FILES, renderAllDdl, renderDdl, type DdlFile } from './ddl';
