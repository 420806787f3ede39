// Pure planning functions (no resources; table-tested).
export * from './cidr';
export * from './naming';
export * from './network.plan';
export * from './policy-document';
export * from './datalake.plan';
export * from './kms.plan';
export * from './warehouse.plan';
export * from './monitoring.plan';
export * from './orchestration.plan';
export * from './etl.plan';
// Components.
export * from './network';
export * from './datalake';
export * from './warehouse';
export * from './warehouse-sql';
export * from './monitoring';
export * from './orchestration';
export * from './etl';
export * from './mwaa.plan';
export * from './mwaa';
