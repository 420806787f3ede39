export * from './definition';
export * from './s3-trigger';
export * from './arrival';
