// The policy pack entry point: `pulumi preview --policy-pack infra/policy`. Constructing a
// PolicyPack starts a gRPC server, so tests import ./policies instead.
import { PolicyPack } from '@pulumi/policy';
import { policies } from './policies';

new PolicyPack('finlake', { policies, enforcementLevel: 'mandatory' });
