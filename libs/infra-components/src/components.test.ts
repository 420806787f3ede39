import * as pulumi from '@pulumi/pulumi';
import { awsMocks } from './testing';

/*
 * Components under mocks, two instances side by side: every child name derives from the
 * component name (a second instance never collides) and every child is parented inside its
 * component. The mocks go in before the components are imported.
 */
const created: { type: string; name: string }[] = [];
const parents = new Map<string, string>();

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    awsMocks((a, state) => {
      created.push({ type: a.type, name: a.name });
      if (a.type === 'aws:s3/bucket:Bucket') state.bucket = a.inputs.bucket;
    }),
    'components',
    'test',
    false,
  );
});

it('two Networks and two DataLakes do not collide, and every child sits under its component', async () => {
  const { Network, DataLake } = await import('./index');
  await pulumi.runtime.runInPulumiStack(async () => {
    pulumi.runtime.registerStackTransformation((t) => {
      if (!t.opts.urn && t.opts.parent) parents.set(`${t.type}::${t.name}`, (t.opts.parent as unknown as { __name: string }).__name);
      return undefined;
    });
    const lifecycle = { noncurrentVersionDays: 30, rawInfrequentAccessDays: 30, rawGlacierDays: 90, logRetentionDays: 365 };
    for (const n of ['a', 'b']) {
      new Network(`${n}-net`, { prefix: `p-${n}`, cidr: '10.0.0.0/16', availabilityZones: ['eu-west-1a', 'eu-west-1b'], nat: 'perAz', kmsKeyArn: 'arn:k', flowLogRetentionDays: 7 });
      new DataLake(`${n}-lake`, { prefix: `p-${n}`, lifecycle, keyServices: ['logs'], forceDestroy: false, protect: false });
    }
    return {};
  });
  await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();

  const keys = created.filter((r) => r.type !== 'pulumi:pulumi:Stack').map((r) => `${r.type}::${r.name}`);
  expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  for (const n of ['a', 'b']) {
    const mine = created.filter((r) => r.name.startsWith(`${n}-`));
    expect(mine.filter((r) => r.name.startsWith(`${n}-net`)).length).toBeGreaterThan(20);
    expect(mine.filter((r) => r.type === 'aws:s3/bucket:Bucket').map((r) => r.name).sort()).toEqual(['logs', 'processed', 'quarantine', 'raw', 'scripts'].map((p) => `${n}-lake-${p}`));
  }
  expect(created.filter((r) => r.type !== 'pulumi:pulumi:Stack' && !/^[ab]-(net|lake)/.test(r.name))).toEqual([]);
  // Every AWS resource has a parent chain ending at its own component.
  const root = (k: string): string => {
    const p = parents.get(k);
    if (!p) return k;
    const parentKey = [...parents.keys(), ...created.map((r) => `${r.type}::${r.name}`)].find((x) => x.endsWith(`::${p}`))!;
    return parentKey.startsWith('finlake:infra:') ? parentKey : root(parentKey);
  };
  for (const r of created.filter((x) => x.type.startsWith('aws:'))) {
    expect([r.name, root(`${r.type}::${r.name}`)]).toEqual([r.name, expect.stringMatching(new RegExp(`^finlake:infra:(Network|DataLake)::${r.name.slice(0, 1)}-`))]);
  }
});
