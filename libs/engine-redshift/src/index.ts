export { RedshiftEngine, type RedshiftDeps, type RedshiftOptions } from './redshift-engine';
export type { RedshiftSettings } from './settings';
export { layoutClause } from './layout';
export { processedLocation, publishProcessed } from './stored-pipeline';
