/** The Redshift schema holding the stored procedures the state machine calls (sql/ddl/04_procedures.sql). */
export const PROCEDURE_SCHEMA = 'finlake';
