import { describeStack } from './testing/stack-suite';

describeStack('prod', { azs: 3, natGateways: 3, nodeType: 'ra3.xlplus', clusterType: 'multi-node', keepFinalSnapshot: true, protectData: true, logRetentionDays: 365, mwaa: true });
