export { RedshiftEngine, type RedshiftDeps, type RedshiftOptions } from './redshift-engine';
export type { RedshiftSettings } from './settings';
export { layoutClause, REDSHIFT_LAYOUT, type TableLayout } from './layout';
export { processedLocation, publishProcessed } from './stored-pipeline';
