export * from './types';
export { loadModel, refsOf } from './load';
export { sqlType } from './sql-types';
