import { describeStack } from './testing/stack-suite';

describeStack('staging', { azs: 3, natGateways: 1, nodeType: 'ra3.xlplus', clusterType: 'single-node', keepFinalSnapshot: false, protectData: false, logRetentionDays: 90, mwaa: false });
