export * from './types';
export { loadModel, refsOf } from './load';
export { strategySpec, strategyTests, SCD2_COLUMNS } from './strategy';
export { sqlType } from './sql-types';
