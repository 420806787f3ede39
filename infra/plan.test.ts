import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Rec } from './testing/mocks';
import { renderPlan } from './testing/plan-render';

const rec = (type: string, name: string, inputs: Record<string, unknown>, extra: Partial<Rec> = {}): Rec => ({ type, name, inputs, custom: true, id: `${name}-id`, state: {}, ...extra });

describe('renderPlan', () => {
  const text = renderPlan('dev', [
    rec('aws:s3/bucket:Bucket', 'b', { bucket: 'x', tags: { a: '1' } }, { parent: 'finlake:infra:DataLake::lake', protect: true }),
    rec('aws:rds/instance:Instance', 'db', { password: 'hunter2', manageMasterUserPassword: true, masterPasswordSecretKmsKeyId: 'arn:k' }),
    rec('aws:iam/rolePolicy:RolePolicy', 'p', { policy: '{"Version":"2012-10-17","Statement":[]}' }),
    rec('finlake:infra:DataLake', 'lake', {}, { custom: false }),
    rec('aws:glue/job:Job', 'j', {}, { aliases: ['old-j'], dependsOn: ['aws:cloudwatch/logGroup:LogGroup::g'] }),
  ]);

  it('sorts by type then name and counts per type', () => {
    const headers = text.split('\n').filter((l) => l.includes(' :: '));
    expect(headers).toEqual(['aws:glue/job:Job :: j', 'aws:iam/rolePolicy:RolePolicy :: p', 'aws:rds/instance:Instance :: db', 'aws:s3/bucket:Bucket :: b', 'finlake:infra:DataLake :: lake']);
    expect(text).toContain('# 5 resources (4 AWS resources, 1 components)');
    expect(text).toContain('   1  aws:s3/bucket:Bucket');
  });

  it('redacts secrets but keeps booleans and key ids', () => {
    expect(text).not.toContain('hunter2');
    expect(text).toContain('password: "[redacted]"');
    expect(text).toContain('manageMasterUserPassword: true');
    expect(text).toContain('masterPasswordSecretKmsKeyId: "arn:k"');
  });

  it('shows parents and options, indents JSON documents, leaves tags out', () => {
    expect(text).toContain('aws:s3/bucket:Bucket :: b\n  parent: finlake:infra:DataLake::lake\n  options: protect\n  bucket: "x"\n');
    expect(text).toContain('aws:glue/job:Job :: j\n  options: aliases old-j\n  dependsOn: aws:cloudwatch/logGroup:LogGroup::g\n');
    expect(text).toContain('  policy: (json)\n    {\n      "Version": "2012-10-17",');
    expect(text).not.toContain('tags');
  });
});

describe('docs/infrastructure.md', () => {
  it('states the resource counts of the committed plans', () => {
    const root = path.join(__dirname, '..');
    const doc = readFileSync(path.join(root, 'docs', 'infrastructure.md'), 'utf8');
    for (const stack of ['dev', 'staging', 'prod']) {
      const header = readFileSync(path.join(root, 'infra', 'plan', `${stack}.txt`), 'utf8').split('\n')[1];
      const [, total, aws, components] = /# (\d+) resources \((\d+) AWS resources, (\d+) components\)/.exec(header)!;
      expect(doc).toContain(`| ${stack} | ${total} | ${aws} | ${components} |`);
    }
  });
});
