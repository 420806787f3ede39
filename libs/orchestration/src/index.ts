export * from './definition';
export * from './s3-trigger';
