import { captureStack, CapturedStack } from '../testing/capture';
import type { Rec } from '../testing/mocks';
import { runPolicies, toPolicyResources } from '../testing/policy-graph';
import { knownBadCases } from '../testing/known-bad';
import { CHECKLIST, policies } from './policies';

/*
 * Every rule against a known-bad resource, the rules called as plain functions: start from the good
 * dev graph (captured under mocks), break one thing, and expect that rule to fire on that resource.
 * (That every stack passes every rule is tested in infra/stack-*.test.ts; the same cases against
 * the served pack in a first preview are in engine.test.ts.)
 */

let good: CapturedStack;
beforeAll(async () => {
  good = await captureStack('dev');
});
const clone = (): Rec[] => JSON.parse(JSON.stringify(good.records));
const cases = knownBadCases;

describe('policy pack', () => {
  it('the untouched dev graph passes every rule (baseline of the cases below)', async () => {
    expect(await runPolicies(policies, toPolicyResources(good.records, 'dev'))).toEqual([]);
  });

  it.each(cases)('%s fires on a known-bad resource: %s', async (name, _what, mutate, resource, fragment) => {
    const policy = policies.find((p) => p.name === name)!;
    expect(policy).toBeDefined();
    const violations = await runPolicies([policy], toPolicyResources(mutate(clone()), 'dev'));
    expect(violations.length).toBeGreaterThan(0);
    const onResource = violations.filter((v) => (resource ? v.urn?.endsWith(`::${resource}`) : v.urn === undefined)).map((v) => v.message);
    expect(onResource).toEqual(expect.arrayContaining([expect.stringContaining(fragment)]));
  });

  it('every rule has at least one known-bad case', () => {
    const tested = new Set(cases.map((c) => c[0]));
    expect(policies.map((p) => p.name).filter((n) => !tested.has(n))).toEqual([]);
  });

  it('covers every item of the checklist (1–37) with rules that exist, and names are unique', () => {
    const names = policies.map((p) => p.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    expect(Object.keys(CHECKLIST).map(Number)).toEqual(Array.from({ length: 37 }, (_, i) => i + 1));
    expect(Object.values(CHECKLIST).flat().filter((n) => !names.includes(n))).toEqual([]);
    expect(names.filter((n) => !Object.values(CHECKLIST).flat().includes(n))).toEqual([]);
  });
});
