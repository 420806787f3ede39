/**
 * Seeded pseudo-random numbers (sfc32). Every random choice in the generator goes through an
 * Rng so the same seed and options always give byte-identical files.
 */

/** cyrb128: four 32-bit words from a string, used to seed sfc32 from (seed, stream label). */
function hash128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** One independent stream per label, so adding draws to one file never shifts another file. */
  constructor(seed: number, label: string) {
    [this.a, this.b, this.c, this.d] = hash128(`${seed}:${label}`);
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Uniform real in [min, max). */
  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Index drawn with the weights behind `cumulative` (see cumulativeWeights). */
  weighted(cumulative: readonly number[]): number {
    const x = this.next() * cumulative[cumulative.length - 1];
    let i = 0;
    while (i < cumulative.length - 1 && x >= cumulative[i]) i++;
    return i;
  }

  /** `count` distinct integers from [min, max], ascending (fewer when the range is smaller). */
  distinctInts(count: number, min: number, max: number): number[] {
    const size = max - min + 1;
    const wanted = Math.max(0, Math.min(count, size));
    const chosen = new Set<number>();
    while (chosen.size < wanted) chosen.add(this.int(min, max));
    return [...chosen].sort((x, y) => x - y);
  }
}

export function cumulativeWeights(weights: readonly number[]): number[] {
  let sum = 0;
  return weights.map((w) => (sum += w));
}

const STRIDE_PRIMES = [7919, 104729, 1299709, 15485863];

/**
 * Picks indices 0..n-1 with a power-law skew (a few popular items, a long tail), scattered over
 * the id range by a coprime stride so the popular items are not simply the lowest ids.
 */
export class SkewedPicker {
  private readonly stride: number;
  private readonly offset: number;

  constructor(
    private readonly n: number,
    private readonly exponent: number,
    rng: Rng,
  ) {
    this.stride = STRIDE_PRIMES.find((p) => n % p !== 0) ?? 1;
    this.offset = rng.int(0, n - 1);
  }

  pick(rng: Rng): number {
    const rank = Math.floor(this.n * Math.pow(rng.next(), this.exponent));
    return (rank * this.stride + this.offset) % this.n;
  }
}
