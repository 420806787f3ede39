export { RedshiftEngine, type RedshiftDeps, type RedshiftOptions } from './redshift-engine';
export { REDSHIFT_ENV, resolveTarget, settingsFrom, targetFields, targetLabel, type RedshiftSettings, type RedshiftTarget } from './settings';
export { SecretLookup, parseCredentials, type RedshiftCredentials } from './secrets';
export { layoutClause, REDSHIFT_LAYOUT, type TableLayout } from './layout';
export { bindParameters, fieldValue, splitStatements, toRows } from './statements';
export { processedLocation, publishProcessed, PROCEDURE_SCHEMA } from './stored-pipeline';
