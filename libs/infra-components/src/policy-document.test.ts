import { doc, policyAllows } from './policy-document';

describe('policyAllows', () => {
  const key = 'arn:aws:kms:eu-west-1:1:key/k';
  const policy = doc(
    { Effect: 'Allow', Action: ['s3:GetObject*'], Resource: 'arn:aws:s3:::b/*' },
    { Effect: 'Allow', Action: 'kms:Decrypt', Resource: key, Condition: { StringEquals: { 'kms:ViaService': 'states.eu-west-1.amazonaws.com' } } },
    { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/secret/*' },
  );
  it.each([
    ['a wildcard action and resource', { action: 's3:GetObjectVersion', resource: 'arn:aws:s3:::b/x.csv' }, true],
    ['another bucket', { action: 's3:GetObject', resource: 'arn:aws:s3:::c/x.csv' }, false],
    ['an explicit deny', { action: 's3:GetObject', resource: 'arn:aws:s3:::b/secret/x' }, false],
    ['the key through the named service', { action: 'kms:Decrypt', resource: key, context: { 'kms:ViaService': 'states.eu-west-1.amazonaws.com' } }, true],
    ['the key through another service', { action: 'kms:Decrypt', resource: key, context: { 'kms:ViaService': 'sqs.eu-west-1.amazonaws.com' } }, false],
    ['the key without the condition key', { action: 'kms:Decrypt', resource: key }, false],
    ['an action not granted', { action: 'kms:GenerateDataKey', resource: key, context: { 'kms:ViaService': 'states.eu-west-1.amazonaws.com' } }, false],
  ])('%s', (_what, request, allowed) => expect(policyAllows(policy, request)).toBe(allowed));
});
