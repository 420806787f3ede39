export { GlueJobRunner, jobArguments, type GlueJobDeps, type GlueJobOptions, type GlueJobResult } from './glue-job-runner';
