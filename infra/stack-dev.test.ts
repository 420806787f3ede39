import { describeStack } from './testing/stack-suite';

describeStack('dev', { azs: 2, natGateways: 1, nodeType: 'ra3.large', clusterType: 'single-node', keepFinalSnapshot: false, protectData: false, logRetentionDays: 30, mwaa: false });
