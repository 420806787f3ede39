/**
 * generateActors: actor_films.csv into outDir, the credits year by year over a span of years
 * ending on a fixed year, each film cast with one to four actors whose careers cover the year
 * (so actors have gaps, comebacks and ratings that drift across the class thresholds). The same
 * options always give byte-identical files; memory grows with the actors, not with the credits
 * (one film at a time).
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { allocate, BadSlotPlan, ChunkedWriter, csvLine, Rng } from '@finlake/generator';
import type { GenerateOptions, GenerateResult, IncrementOptions, IncrementResult } from '../../types';
import { checkGenerateOptions } from '../../generate-options';

export const ACTORS_FILE = 'actor_films.csv';
export const ACTORS_HEADER = ['actor', 'actorid', 'film', 'year', 'votes', 'rating', 'filmid'] as const;
/** The last generated year (the homework's data ends there): in the contract's range whenever the files load. */
export const ACTORS_GENERATED_LAST_YEAR = 2021;

/** Credits written to be rejected; each replaces a credit, so the file keeps `rows` rows. */
export const ACTORS_BAD_ROW_KINDS = ['duplicate_credit', 'conflicting_credit', 'rating_out_of_range', 'rating_too_precise', 'year_out_of_range', 'votes_with_separator', 'missing_actorid', 'missing_rating'] as const;
export type ActorsBadKind = (typeof ACTORS_BAD_ROW_KINDS)[number];

/** Every bad row kind with the reason a correct loader quarantines it with. */
export const ACTORS_BAD_KINDS: Readonly<Record<ActorsBadKind, string>> = {
  duplicate_credit: 'DUPLICATE_ROW',
  // Sinks the credit it contradicts too: two rejected rows per conflict.
  conflicting_credit: 'DUPLICATE_KEY',
  rating_out_of_range: 'OUT_OF_RANGE',
  rating_too_precise: 'TOO_MANY_DECIMALS',
  year_out_of_range: 'OUT_OF_RANGE',
  votes_with_separator: 'INVALID_INTEGER',
  missing_actorid: 'REQUIRED_MISSING',
  missing_rating: 'REQUIRED_MISSING',
};

export interface ActorsGenerateResult extends GenerateResult {
  /** Rejected rows per kind (ACTORS_BAD_KINDS), only kinds that occur; a conflict counts both its rows. */
  badRowsByKind: Record<string, number>;
}

const FIRST_NAMES = ['Ada', 'Alan', 'Anna', 'Ben', 'Carla', 'Chen', 'Dana', 'David', 'Elena', 'Emil', 'Fatima', 'Felix', 'Grace', 'Hugo', 'Ines', 'Ivan', 'Jonas', 'Julia', 'Kofi', 'Lena', 'Liam', 'Maria', 'Marta', 'Nadia', 'Noah', 'Olga', 'Omar', 'Paula', 'Priya', 'Rosa', 'Sam', 'Sofia', 'Tariq', 'Vera', 'Yuki', 'Zoe'];
const LAST_NAMES = ['Abe', 'Berg', 'Costa', 'Dubois', 'Eriksen', 'Fontaine', 'García', 'Hart', 'Ibsen', 'Jansen', 'Kowalski', 'Lindqvist', 'Moreau', 'Nakamura', "O'Neill", 'Petrov', 'Quinn', 'Rossi', 'Santos', 'Tanaka', 'Ueda', 'Varga', 'Weber', 'Xu', 'Young', 'Zimmer'];
const TITLE_FIRST = ['The Last', 'A Quiet', 'The Silent', 'Midnight', 'The Long', 'Broken', 'The Red', 'Golden', 'The Hidden', 'Northern', 'Paper', 'The Second', 'Winter', 'The Glass', 'Distant'];
const TITLE_SECOND = ['River', 'Summer', 'Letter', 'Harbour', 'Garden', 'Station', 'Mirror', 'Road', 'Island', 'Promise', 'Orchard', 'Signal', 'Frontier', 'Storm', 'Crossing'];
/** Some titles need CSV quoting: a comma, or quotes inside. */
const TITLE_SUFFIX = ['', '', '', '', '', '', ' II', ' Returns', ', Again', ': "Part One"'];

interface Shape {
  actors: number;
  firstYear: number;
  years: number;
}

/** Actors and years for `rows` credits: the increment derives the same from the full file's rows. */
function shapeOf(rows: number): Shape {
  const years = Math.min(52, Math.max(20, Math.ceil(rows / 50)));
  return { actors: Math.max(10, Math.ceil(rows / 20)), firstYear: ACTORS_GENERATED_LAST_YEAR - years + 1, years };
}

/** Who acts: drawn first from its own stream, so the increment sees the same actors. */
interface Actor {
  id: string;
  name: string;
  debut: number;
  /** The last year the career covers (it may run past the generated span). */
  last: number;
  /** Chance of a film in a year of the career: below 1, so careers have gaps. */
  activity: number;
  /** Rating level at the debut and its drift per year: classes change over a career. */
  talent: number;
  trend: number;
  /** Scales the votes of the actor's films. */
  popularity: number;
}

function population(seed: number, shape: Shape): Actor[] {
  const rng = new Rng(seed, 'actors:population');
  const lastYear = shape.firstYear + shape.years - 1;
  return Array.from({ length: shape.actors }, (_, i) => {
    // Distinct by construction: an ascending id with a random step.
    const id = `nm${String(100_000 + i * 7 + rng.int(0, 6)).padStart(7, '0')}`;
    const name = `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
    // Some careers began before the span: the first year already has a cast.
    const debut = rng.int(shape.firstYear - 15, Math.max(shape.firstYear, lastYear - 2));
    return {
      id,
      name,
      debut,
      last: debut + rng.int(3, 45),
      activity: rng.between(0.45, 0.95),
      talent: rng.between(4.6, 8.9),
      trend: rng.between(-0.08, 0.08),
      // A few stars of the box office, a long tail.
      popularity: Math.pow(rng.next(), 3) * 20 + 0.2,
    };
  });
}

const talentIn = (a: Actor, year: number) => a.talent + a.trend * (year - a.debut);

/** Makes films: a title, a cast from the year's actors, one shared year, votes and rating. */
class Films {
  private next: number;

  constructor(
    private readonly rng: Rng,
    /** Film ids from here on: the increment starts in a range of its own. */
    firstId: number,
  ) {
    this.next = firstId;
  }

  /** Distinct actors of `pool` (up to `size`), then one credit row each, in actor_films.csv's column order. */
  film(pool: readonly Actor[], year: number, size: number): string[][] {
    const rng = this.rng;
    const cast = new Set<Actor>();
    for (let tries = 0; cast.size < Math.min(size, pool.length) && tries < 8 * size; tries++) cast.add(pool[rng.int(0, pool.length - 1)]!);
    const actors = [...cast];
    const filmid = `tt${String(this.next).padStart(7, '0')}`;
    this.next += rng.int(1, 3);
    const title = `${rng.pick(TITLE_FIRST)} ${rng.pick(TITLE_SECOND)}${rng.pick(TITLE_SUFFIX)}`;
    const level = actors.reduce((s, a) => s + talentIn(a, year), 0) / actors.length;
    // Tenths, 1.0 … 9.8: written as integer arithmetic, never a float's last digit.
    const tenths = Math.min(98, Math.max(10, Math.round((level + rng.between(-0.9, 0.9)) * 10)));
    const popularity = actors.reduce((s, a) => s + a.popularity, 0) / actors.length;
    const votes = Math.round(Math.pow(10, rng.between(1.5, 4.8)) * popularity) + 5;
    const rating = `${Math.floor(tenths / 10)}.${tenths % 10}`;
    return actors.map((a) => [a.name, a.id, title, String(year), String(votes), rating, filmid]);
  }
}

/** Credits per year: in step with the actors whose careers cover the year, ±20% noise. */
function yearCounts(seed: number, shape: Shape, actors: readonly Actor[], rows: number): number[] {
  const rng = new Rng(seed, 'actors:years');
  const working = Array.from({ length: shape.years }, () => 0);
  for (const a of actors) for (let y = Math.max(a.debut, shape.firstYear); y <= Math.min(a.last, shape.firstYear + shape.years - 1); y++) working[y - shape.firstYear]! += a.activity;
  return allocate(rows, working.map((w) => (w + 0.5) * rng.between(0.8, 1.2)));
}

/** The actors with a film in `year`: careers covering it, each with its chance of working that year. */
function activeIn(actors: readonly Actor[], year: number, rng: Rng): Actor[] {
  const active = actors.filter((a) => a.debut <= year && year <= a.last && (a.debut === year || rng.chance(a.activity)));
  // A year always has someone to cast.
  return active.length ? active : [actors[rng.int(0, actors.length - 1)]!];
}

export async function generateActors(opts: GenerateOptions): Promise<ActorsGenerateResult> {
  checkGenerateOptions(opts);
  const rows = opts.rows;
  const badRate = opts.badRate ?? 0;
  const shape = shapeOf(rows);
  const actors = population(opts.seed, shape);
  const counts = yearCounts(opts.seed, shape, actors, rows);
  const rng = new Rng(opts.seed, 'actors:films');
  const badRng = new Rng(opts.seed, 'actors:bad');
  const plan = new BadSlotPlan<ActorsBadKind>(rows, Math.round(rows * badRate), badRng, ACTORS_BAD_ROW_KINDS);
  const byKind: Record<string, number> = {};
  const count = (kind: ActorsBadKind, n = 1) => (byKind[kind] = (byKind[kind] ?? 0) + n);

  await mkdir(opts.outDir, { recursive: true });
  const path = join(opts.outDir, ACTORS_FILE);
  const out = new ChunkedWriter(path);
  let rejected = 0;
  try {
    out.add(csvLine(ACTORS_HEADER));
    const films = new Films(rng, 100_000);
    let written = 0;
    // The clean row before a bad one, for the copies; each is copied at most once.
    let lastClean: string[] | undefined;
    for (let y = 0; y < shape.years; y++) {
      const year = shape.firstYear + y;
      let left = counts[y]!;
      const pool = left > 0 ? activeIn(actors, year, rng) : [];
      while (left > 0) {
        const credits = films.film(pool, year, Math.min(left, rng.int(1, 4)));
        for (const clean of credits) {
          const i = written++;
          let fields = clean;
          let kind = plan.kindAt(i);
          if ((kind === 'duplicate_credit' || kind === 'conflicting_credit') && lastClean === undefined) kind = 'rating_out_of_range';
          if (kind === undefined) lastClean = fields;
          else {
            if (kind === 'duplicate_credit') fields = lastClean!;
            else if (kind === 'conflicting_credit') fields = conflicting(lastClean!);
            else fields = badFields(kind, clean, badRng);
            const sunk = kind === 'conflicting_credit' ? 2 : 1;
            if (kind === 'duplicate_credit' || kind === 'conflicting_credit') lastClean = undefined;
            rejected += sunk;
            count(kind, sunk);
          }
          if (out.add(csvLine(fields))) await out.flush();
          if (i % 4096 === 4095) opts.onProgress?.(written, rows);
        }
        left -= credits.length;
      }
    }
    await out.close();
  } catch (err) {
    await out.abort();
    await rm(path, { force: true });
    throw err;
  }
  opts.onProgress?.(rows, rows);
  return { files: [{ name: ACTORS_FILE, path, rows, badRows: rejected }], badRowsByKind: byKind };
}

/** The credit again with another rating (or votes at 10.0): the same key with other values. */
function conflicting(row: readonly string[]): string[] {
  const [actor, actorid, film, year, votes, rating, filmid] = row as [string, string, string, string, string, string, string];
  const tenths = Math.round(Number(rating) * 10);
  return tenths < 100 ? [actor, actorid, film, year, votes, `${Math.floor((tenths + 1) / 10)}.${(tenths + 1) % 10}`, filmid] : [actor, actorid, film, year, String(Number(votes) + 1), rating, filmid];
}

/** A valid credit with one defect of the kind (the copies are made by the caller). */
function badFields(kind: Exclude<ActorsBadKind, 'duplicate_credit' | 'conflicting_credit'>, row: readonly string[], rng: Rng): string[] {
  const [actor, actorid, film, year, votes, rating, filmid] = row as [string, string, string, string, string, string, string];
  switch (kind) {
    case 'rating_out_of_range':
      return [actor, actorid, film, year, votes, `10.${rng.int(1, 9)}`, filmid];
    case 'rating_too_precise':
      return [actor, actorid, film, year, votes, `${rating}${rng.int(1, 9)}`, filmid];
    case 'year_out_of_range':
      // A key stroke too many.
      return [actor, actorid, film, `${year}${rng.int(0, 9)}`, votes, rating, filmid];
    case 'votes_with_separator': {
      const n = Number(votes) + 1000;
      return [actor, actorid, film, year, `${Math.floor(n / 1000)},${String(n % 1000).padStart(3, '0')}`, rating, filmid];
    }
    case 'missing_actorid':
      return [actor, '', film, year, votes, rating, filmid];
    case 'missing_rating':
      return [actor, actorid, film, year, votes, 'N/A', filmid];
  }
}

/** The increment's file: the next year's films, named by year (a yearly drop). */
export const actorsIncrementFile = (year: number) => `actor_films_${year}.csv`;

/**
 * The bench's incremental run: `rows` credits of the year after the generated span by the
 * generated actors, on films of their own id range: every row new and valid. Assumes the full
 * generation took the default shape.
 */
export async function generateActorsIncrement(opts: IncrementOptions): Promise<IncrementResult> {
  const fullRows = opts.full.files.find((f) => f.name === ACTORS_FILE)?.rows ?? 0;
  const shape = shapeOf(fullRows);
  const actors = population(opts.seed, shape);
  const rng = new Rng(opts.seed, 'actors:increment');
  const year = ACTORS_GENERATED_LAST_YEAR + 1;
  const name = actorsIncrementFile(year);
  await mkdir(opts.outDir, { recursive: true });
  const path = join(opts.outDir, name);
  const out = new ChunkedWriter(path);
  try {
    out.add(csvLine(ACTORS_HEADER));
    // Eight-digit ids: never one of the full generation's seven-digit ones.
    const films = new Films(rng, 20_000_000);
    const pool = activeIn(actors, year, rng);
    let left = opts.rows;
    while (left > 0) {
      const credits = films.film(pool, year, Math.min(left, rng.int(1, 4)));
      for (const row of credits) if (out.add(csvLine(row))) await out.flush();
      left -= credits.length;
    }
    await out.close();
  } catch (err) {
    await out.abort();
    await rm(path, { force: true });
    throw err;
  }
  return { name, path, rows: opts.rows };
}
