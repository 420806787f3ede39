// The Pulumi program (Pulumi.yaml: main: infra/). Reads the typed config and builds the platform;
// everything else lives in @finlake/infra-components and infra/program.ts.
import { loadConfig } from './config';
import { build } from './program';

const out = build(loadConfig());

export const bucketNames = out.bucketNames;
export const kmsKeyArn = out.kmsKeyArn;
export const vpcId = out.vpcId;
export const clusterEndpoint = out.clusterEndpoint;
export const clusterSecretArn = out.clusterSecretArn;
export const copyRoleArn = out.copyRoleArn;
export const products = out.products;
export const alertTopicArn = out.alertTopicArn;
export const mwaaEnvironmentArn = out.mwaaEnvironmentArn;
