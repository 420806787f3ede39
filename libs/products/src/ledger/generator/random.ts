/** Draws the shared Rng does not offer. */
import type { Rng } from '@finlake/generator';

/** Standard normal (Box–Muller, one value per call; two uniforms). */
export function gaussian(rng: Rng): number {
  const u = 1 - rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}
