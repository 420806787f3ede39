import { capturePreview, EngineResource, servePolicyPack, ServedPack, UNKNOWN } from '../testing/policy-engine';
import { find, knownBadCases } from '../testing/known-bad';
import { policies } from './policies';

/*
 * The policy pack as the engine runs it in a first `pulumi preview`: nothing exists yet, so every
 * id, ARN and value derived from one is unknown. The real pack (`index.ts`) is served over gRPC
 * and asked per resource (`Analyze`) and for the stack (`AnalyzeStack`). A rule that touches an
 * unknown value is downgraded by @pulumi/policy to advisory, so each known-bad case must still
 * come back as a mandatory violation on the resource it names.
 */

let good: EngineResource[];
let pack: ServedPack;
beforeAll(async () => {
  good = await capturePreview('dev');
  pack = await servePolicyPack();
});
afterAll(() => pack?.close());
const clone = (): EngineResource[] => JSON.parse(JSON.stringify(good));

describe('policy pack in a first preview', () => {
  it('the preview graph is a first preview: ids and ARNs are unknown, links come from the engine', () => {
    const cluster = find(good, 'aws:redshift/cluster:Cluster');
    expect(cluster.inputs.kmsKeyId).toBe(UNKNOWN);
    expect(cluster.propertyDependencies.kmsKeyId).toEqual([expect.stringMatching(/::lake-key$/)]);
    expect(find(good, 'aws:s3/bucketPolicy:BucketPolicy', 'lake-raw-policy').inputs.policy).toBe(UNKNOWN);
  });

  it('the untouched dev graph has no mandatory violation, and no stack rule gives up on an unknown', async () => {
    const ds = await pack.run(clone());
    expect(ds.filter((d) => d.level === 'mandatory')).toEqual([]);
    expect(ds.filter((d) => d.call === 'analyzeStack')).toEqual([]);
  });

  it.each(knownBadCases)('%s blocks a first preview: %s', async (name, _what, mutate, resource, fragment) => {
    const ds = await pack.run(mutate(clone()));
    const hits = ds.filter((d) => d.policy === name && d.level === 'mandatory' && (resource ? d.urn?.endsWith(`::${resource}`) : d.urn === undefined));
    expect(hits.map((d) => d.message)).toEqual(expect.arrayContaining([expect.stringContaining(fragment)]));
  });

  it('every rule is mandatory and has a known-bad case here', () => {
    expect(policies.filter((p) => p.enforcementLevel !== 'mandatory').map((p) => p.name)).toEqual([]);
    const tested = new Set(knownBadCases.map((c) => c[0]));
    expect(policies.map((p) => p.name).filter((n) => !tested.has(n))).toEqual([]);
  });
});
