/**
 * The actors page's figures, read small whatever the warehouse's size: every year of
 * mart_actor_quality_yearly (four rows a year), the longest star streaks from actors_history_scd,
 * one actor's history as the example, and the last year's actors from actors. Row shapes are type
 * aliases, so they are engine Rows.
 */
import type { Engine } from '@finlake/engine';

/** Star streaks listed, longest first. */
export const LISTED_STREAKS = 10;

/** The classes in rank order: the mart's class_rank, the legend's order. */
export const QUALITY_CLASSES = ['star', 'good', 'average', 'bad'] as const;
export type QualityClass = (typeof QUALITY_CLASSES)[number];

export type ClassYear = { current_year: number; class_rank: number; quality_class: string; actors: number; active_actors: number };
/**
 * A run of consecutive star versions of one actor (merged over is_active), from its first year
 * through its last year with films (last_year): years carried after the last film do not count.
 * Then: the class that followed (next_class from run_end + 1), else none (run_end is the latest year).
 */
export type StarStreak = { actorid: string; actor: string; first_year: number; last_year: number; years: number; active_years: number; run_end: number; next_class: string | null };
export type Version = { quality_class: string; is_active: boolean; start_year: number; end_year: number; is_current: boolean };
/** An actor of the last year whose vote-weighted mean would put them in another class. */
export type WeightedExample = { actorid: string; actor: string; last_active_year: number; average_rating: number; weighted_rating: number; quality_class: string; weighted_class: string };

export interface ActorsFigures {
  firstYear: number | null;
  lastYear: number | null;
  /** Every year's four classes, in year then class order. */
  classYears: ClassYear[];
  streaks: StarStreak[];
  /** The history of the first streak's actor (else none). */
  example: { actorid: string; actor: string; versions: Version[] } | null;
  /** Rows of actors_history_scd and actors it tells the history of. */
  versions: number;
  historyActors: number;
  /** Actors of the last year whose class would differ by the vote-weighted mean, and the first of them. */
  weightedDiffers: number;
  weightedRated: number;
  weightedExample: WeightedExample | null;
}

const one = async (engine: Engine, sql: string) => (await engine.query(sql))[0] ?? {};
const year = (value: unknown) => (value === null || value === undefined ? null : Number(value));

/** quality_class's rule over a mean written in SQL (the weighted one is DOUBLE: no exact sum to compare). */
const classOf = (mean: string) => `case when ${mean} > 8 then 'star' when ${mean} > 7 then 'good' when ${mean} > 6 then 'average' else 'bad' end`;

export async function loadActorsFigures(engine: Engine, mart: (name: string) => string): Promise<ActorsFigures> {
  const yearly = mart('mart_actor_quality_yearly');
  const span = await one(engine, `select min(current_year) as first_year, max(current_year) as last_year from ${yearly}`);
  const lastYear = year(span.last_year);
  const classYears = await engine.query<ClassYear>(`select current_year, class_rank, quality_class, actors, active_actors from ${yearly} order by current_year, class_rank`);

  // Star years of an actor are consecutive versions with quality_class star, merged across
  // is_active: a pause keeps the class. A streak ends with the last film as a star, so a star who
  // stopped making films is not a star for ever after. A class changes only in a year with films,
  // so every streak starts with an active version.
  const history = mart('actors_history_scd');
  const actors = mart('actors');
  const streakRows = await engine.query<Omit<StarStreak, 'actor'>>(
    `with versions as (
       select actorid, start_year, end_year, is_active,
              case when quality_class = 'star' then 1 else 0 end as is_star,
              lag(case when quality_class = 'star' then 1 else 0 end) over (partition by actorid order by start_year) as previous_star
       from ${history}
     ),
     runs as (
       select *, sum(case when is_star = 1 and previous_star = 1 then 0 else 1 end) over (partition by actorid order by start_year rows between unbounded preceding and current row) as run
       from versions
     ),
     streaks as (
       select actorid, min(start_year) as first_year, max(end_year) as run_end,
              max(case when is_active then end_year end) as last_year,
              sum(case when is_active then end_year - start_year + 1 else 0 end) as active_years
       from runs where is_star = 1
       group by actorid, run
     )
     select s.actorid, cast(s.first_year as integer) as first_year, cast(s.last_year as integer) as last_year,
            cast(s.last_year - s.first_year + 1 as integer) as years, cast(s.active_years as integer) as active_years,
            cast(s.run_end as integer) as run_end, n.quality_class as next_class
     from streaks as s
     left join ${history} as n on n.actorid = s.actorid and n.start_year = s.run_end + 1
     order by years desc, active_years desc, first_year, s.actorid
     limit ${LISTED_STREAKS}`,
  );
  const names = new Map<string, string>();
  if (streakRows.length && lastYear !== null) {
    const ids = [...new Set(streakRows.map((s) => s.actorid))];
    const rows = await engine.query<{ actorid: string; actor: string }>(`select actorid, actor from ${actors} where current_year = ${lastYear} and actorid in (${ids.map(() => '?').join(', ')})`, ids);
    for (const r of rows) names.set(r.actorid, r.actor);
  }
  const streaks = streakRows.map((s) => ({ ...s, actor: names.get(s.actorid) ?? s.actorid }));

  const first = streaks[0];
  const example = first
    ? {
        actorid: first.actorid,
        actor: first.actor,
        versions: await engine.query<Version>(`select quality_class, is_active, start_year, end_year, is_current from ${history} where actorid = ? order by start_year`, [first.actorid]),
      }
    : null;
  const counted = await one(engine, `select cast(count(*) as integer) as versions, cast(count(distinct actorid) as integer) as actors from ${history}`);

  // The ambiguity in the data itself: the last year's actors the vote-weighted mean would class otherwise.
  const onLast = lastYear === null ? null : `from ${actors} where current_year = ${lastYear} and weighted_rating is not null`;
  const differs = onLast === null ? {} : await one(engine, `select cast(count(*) as integer) as rated, cast(sum(case when quality_class <> ${classOf('weighted_rating')} then 1 else 0 end) as integer) as differs ${onLast}`);
  const [weightedExample] = onLast === null
    ? []
    : await engine.query<WeightedExample>(
        `select actorid, actor, last_active_year, average_rating, weighted_rating, quality_class, ${classOf('weighted_rating')} as weighted_class ${onLast}
         and quality_class <> ${classOf('weighted_rating')} order by abs(average_rating - weighted_rating) desc, actorid limit 1`,
      );

  return {
    firstYear: year(span.first_year),
    lastYear,
    classYears,
    streaks,
    example,
    versions: Number(counted.versions ?? 0),
    historyActors: Number(counted.actors ?? 0),
    weightedDiffers: Number(differs.differs ?? 0),
    weightedRated: Number(differs.rated ?? 0),
    weightedExample: weightedExample ?? null,
  };
}
