import { BadSlotPlan, RateSlotPlan } from './bad-slots';
import { Rng } from './prng';

const KINDS = ['a', 'b', 'c'] as const;

function slots(plan: { kindAt(i: number): string | undefined }, rows: number): [number, string][] {
  const out: [number, string][] = [];
  for (let i = 0; i < rows; i++) {
    const kind = plan.kindAt(i);
    if (kind) out.push([i, kind]);
  }
  return out;
}

describe('BadSlotPlan', () => {
  it('places exactly count slots, cycling the kinds, never adjacent while strata are two rows wide', () => {
    const got = slots(new BadSlotPlan(1000, 30, new Rng(1, 'x'), KINDS), 1000);
    expect(got).toHaveLength(30);
    expect(got.map(([, k]) => k)).toEqual(Array.from({ length: 30 }, (_, i) => KINDS[i % 3]));
    for (let j = 1; j < got.length; j++) expect(got[j][0] - got[j - 1][0]).toBeGreaterThanOrEqual(2);
  });

  it('places none for a zero count and every row at count = rows', () => {
    expect(slots(new BadSlotPlan(100, 0, new Rng(1, 'x'), KINDS), 100)).toEqual([]);
    expect(slots(new BadSlotPlan(10, 10, new Rng(1, 'x'), KINDS), 10)).toHaveLength(10);
  });
});

describe('RateSlotPlan', () => {
  it('places about rate × rows slots, one per run of 1/rate rows, never adjacent', () => {
    const got = slots(new RateSlotPlan(0.02, new Rng(2, 'y'), KINDS), 10_000);
    expect(got.length).toBeGreaterThanOrEqual(199);
    expect(got.length).toBeLessThanOrEqual(200);
    got.forEach(([i], n) => expect(Math.floor(i / 50)).toBe(n));
    for (let j = 1; j < got.length; j++) expect(got[j][0] - got[j - 1][0]).toBeGreaterThanOrEqual(2);
    expect(got.slice(0, 4).map(([, k]) => k)).toEqual(['a', 'b', 'c', 'a']);
  });

  it('places none at rate 0 and every row at rate 1', () => {
    expect(slots(new RateSlotPlan(0, new Rng(1, 'x'), KINDS), 100)).toEqual([]);
    expect(slots(new RateSlotPlan(1, new Rng(1, 'x'), KINDS), 20)).toHaveLength(20);
  });
});
