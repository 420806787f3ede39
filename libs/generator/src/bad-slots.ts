/**
 * Where bad rows go in a streamed file, for every product's generator: positions spread over the
 * file, kinds cycling in a product's order, so a loader test sees every kind at small counts.
 */
import { csvLine } from './format';
import type { Rng } from './prng';

/**
 * Which rows of a file of known length become bad and of which kind: `count` rows, one per equal
 * stratum of the file at a random position inside it, cycling through `kinds` in order. Bad rows
 * are never adjacent while strata are at least two rows wide, so a duplicate kind always has a
 * clean row before it to copy.
 */
export class BadSlotPlan<K extends string> {
  private made = 0;
  private nextSlot: number;
  private readonly minGap: number;

  constructor(
    private readonly rows: number,
    private readonly count: number,
    private readonly rng: Rng,
    private readonly kinds: readonly K[],
  ) {
    this.minGap = rows >= 2 * count ? 2 : 1;
    this.nextSlot = this.slotAfter(-this.minGap);
  }

  /** The planned kind for row `i`, or undefined for a valid row. Call with i = 0, 1, 2, ... */
  kindAt(i: number): K | undefined {
    if (i !== this.nextSlot) return undefined;
    const kind = this.kinds[this.made % this.kinds.length];
    this.made++;
    this.nextSlot = this.slotAfter(i);
    return kind;
  }

  /** A stratum is at least minGap rows wide, so `previous + minGap` stays inside the file. */
  private slotAfter(previous: number): number {
    if (this.made >= this.count) return -1;
    return Math.max(previous + this.minGap, Math.floor(((this.made + this.rng.next()) * this.rows) / this.count));
  }
}

/**
 * The same for a file whose length is not known until it is written (derived rows, such as a
 * budget line per key with activity): about `rate` of the rows, one in each run of 1/rate rows at
 * a random position inside it, kinds cycling in order; bad rows are never adjacent while rate <= 0.5.
 */
export class RateSlotPlan<K extends string> {
  private made = 0;
  private readonly width: number;
  private nextSlot: number;

  constructor(
    rate: number,
    private readonly rng: Rng,
    private readonly kinds: readonly K[],
  ) {
    this.width = rate > 0 ? 1 / rate : Infinity;
    this.nextSlot = this.slotAfter(-2);
  }

  /** The planned kind for row `i`, or undefined for a valid row. Call with i = 0, 1, 2, ... */
  kindAt(i: number): K | undefined {
    if (i !== this.nextSlot) return undefined;
    const kind = this.kinds[this.made % this.kinds.length];
    this.made++;
    this.nextSlot = this.slotAfter(i);
    return kind;
  }

  private slotAfter(previous: number): number {
    if (this.width === Infinity) return -1;
    const gap = this.width >= 2 ? 2 : 1;
    return Math.max(previous + gap, Math.floor((this.made + this.rng.next()) * this.width));
  }
}

/** A written row, kept so the next row can duplicate it. */
export interface EmittedRow {
  readonly fields: readonly string[];
  readonly line: string | Buffer;
  /** Valid and not yet in conflict with another row. */
  readonly clean: boolean;
}

/** A bad row and how many rows it makes the loader reject (2 for a conflicting duplicate: it sinks the row it copies). */
export interface BadRow {
  readonly row: EmittedRow;
  readonly rejected: number;
}

/** A row written to be rejected. */
export const badRow = (fields: string[], line: string | Buffer = csvLine(fields)): EmittedRow => ({ fields, line, clean: false });
