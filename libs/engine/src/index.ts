export * from './engine';
export * from './dialect';
export * from './sql';
