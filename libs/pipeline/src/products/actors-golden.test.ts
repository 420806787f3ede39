/**
 * The actors product's hand-checked fixtures (products.md B.7 B-9: the cumulative table, its SCD2
 * history, the class boundaries, unweighted vs vote-weighted means), the bootcamp's NULL bug, the
 * contract's duplicate and range rules, and year-by-year loads against one run, on every engine.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { redshiftDialect, renderSql, type Engine, type Row } from '@finlake/engine';
import { actorsModels } from '@finlake/products';
import { TEST_ENGINES, tempDir } from '../../testing';
import { runPipeline } from '../run';
import type { RunOptions } from '../context';

const NOW = new Date('2024-12-31T00:00:00Z');
const W = 'actors_warehouse';
const HEADER = 'actor,actorid,film,year,votes,rating,filmid';

const credit = (actor: string, actorid: string, filmid: string, year: number, rating: string, votes = 100) => `${actor},${actorid},Film ${filmid},${year},${votes},${rating},${filmid}`;

/** An input directory with the actor_films files given (name → rows). */
function input(files: Record<string, readonly string[]>): string {
  const dir = tempDir('finlake-actors-');
  for (const [name, rows] of Object.entries(files)) writeFileSync(join(dir, name), [HEADER, ...rows, ''].join('\n'));
  return dir;
}
const run = (engine: Engine, dir: string, options: Partial<RunOptions> = {}) => runPipeline(engine, { product: 'actors', inputDir: dir, now: NOW, ...options });

const ACTOR_COLUMNS = 'current_year, films_in_year, films_count, average_rating, weighted_rating, quality_class, is_active, years_since_last_active, last_active_year';
const actorYears = (engine: Engine, actorid: string) => engine.query<Row>(`select ${ACTOR_COLUMNS} from ${W}.actors where actorid = ? order by current_year`, [actorid]);
const history = async (engine: Engine, actorid: string) =>
  (await engine.query<Row>(`select quality_class, is_active, start_year, end_year, current_year, is_current from ${W}.actors_history_scd where actorid = ? order by start_year`, [actorid])).map((r) => [r.quality_class, r.is_active, r.start_year, r.end_year, r.current_year, r.is_current]);
const quarantined = async (engine: Engine) =>
  (await engine.query<Row>(`select file_name, line_number, column_name, reason_code from meta.quarantine order by file_name, line_number, column_name`)).map((r) => [r.file_name, Number(r.line_number), r.column_name, r.reason_code]);

/** B-9: actor A stars in 1970 (8.5, 8.1), has no film in 1971 (nor has anyone), and one film of 6.5 in 1972 and in 1973. */
const B9 = [credit('Actor A', 'nm0000001', 'tt0000001', 1970, '8.5'), credit('Actor A', 'nm0000001', 'tt0000002', 1970, '8.1'), credit('Actor A', 'nm0000001', 'tt0000003', 1972, '6.5'), credit('Actor A', 'nm0000001', 'tt0000004', 1973, '6.5')];

/**
 * Means of exactly 8.0, 7.0 and 6.0 (the upper bound of good, average and bad), a tenth above
 * each, and 7.0 from four films whose ratings summed as DOUBLE in any order give 7.000000000000001.
 */
const BOUNDARIES = [
  credit('Actor B', 'nm0000002', 'tt0000011', 1970, '8.5'),
  credit('Actor B', 'nm0000002', 'tt0000012', 1970, '7.5'),
  credit('Actor C', 'nm0000003', 'tt0000013', 1970, '7.5'),
  credit('Actor C', 'nm0000003', 'tt0000014', 1970, '6.5'),
  credit('Actor D', 'nm0000004', 'tt0000015', 1970, '6.0'),
  credit('Actor E', 'nm0000005', 'tt0000016', 1970, '7.7'),
  credit('Actor E', 'nm0000005', 'tt0000017', 1970, '8.1'),
  credit('Actor E', 'nm0000005', 'tt0000018', 1970, '8.2'),
  credit('Actor I', 'nm0000013', 'tt0000022', 1970, '3.1'),
  credit('Actor I', 'nm0000013', 'tt0000023', 1970, '8.3'),
  credit('Actor I', 'nm0000013', 'tt0000024', 1970, '8.3'),
  credit('Actor I', 'nm0000013', 'tt0000025', 1970, '8.3'),
  // Just above each bound.
  credit('Actor F', 'nm0000006', 'tt0000019', 1970, '8.1'),
  credit('Actor G', 'nm0000007', 'tt0000020', 1970, '7.1'),
  credit('Actor H', 'nm0000008', 'tt0000021', 1970, '6.1'),
];

/** 8.5 with 10 votes and 7.9 with 1,000: unweighted 8.2 (star), vote-weighted (85 + 7,900) / 1,010 = 7.906 (good by weight). */
const WEIGHTED = [credit('Actor W', 'nm0000009', 'tt0000031', 1972, '8.5', 10), credit('Actor W', 'nm0000009', 'tt0000032', 1972, '7.9', 1000)];

/**
 * Flips: V stars, pauses, stars again (is_active alone changes twice); X is good then star
 * while active (quality alone changes); Y debuts in the last year (no row before: a new key).
 */
const FLIPS = [
  credit('Actor V', 'nm0000010', 'tt0000041', 1970, '8.8'),
  credit('Actor V', 'nm0000010', 'tt0000042', 1972, '8.6'),
  credit('Actor X', 'nm0000011', 'tt0000043', 1971, '7.5'),
  credit('Actor X', 'nm0000011', 'tt0000044', 1972, '8.4'),
  credit('Actor X', 'nm0000011', 'tt0000045', 1973, '8.4'),
  credit('Actor Y', 'nm0000012', 'tt0000046', 1973, '5.0', 0),
];

/**
 * What the models must not use to run on Redshift too: IS DISTINCT FROM, leader-node-only or
 * engine-specific functions, :: casts, arrays and structs, unsized varchar.
 */
const NOT_PORTABLE = /\bis (not )?distinct from\b|\b(generate_series|qualify|try_cast|strftime|string_agg|array_agg|list|unnest|struct|least|greatest)\b|::|\[|\bvarchar\b(?!\()/i;
/** An aggregate over an ordered window, with its window clause (Redshift needs an explicit frame there). */
const ORDERED_AGGREGATE = /\b(sum|min|max|count|avg)\((?:[^()]|\([^()]*\))*\)\s+over\s*\(([^)]*order by[^)]*)\)/gi;

const KEYS: Record<string, string> = {
  fact_actor_film: 'actorid, filmid',
  actors: 'actorid, current_year',
  actors_history_scd: 'actorid, start_year',
  mart_actor_quality_yearly: 'current_year, class_rank',
};

describe.each(TEST_ENGINES)('actors on $name', ({ create }) => {
  let engine: Engine;
  beforeEach(async () => {
    engine = await create();
  });
  afterEach(() => engine.close());

  it('B-9: one row per year from the first film on, the class carried over an inactive year, and the SCD2 history as of 1973', async () => {
    expect((await run(engine, input({ 'actor_films.csv': B9 }))).status).toBe('published');
    const years = await actorYears(engine, 'nm0000001');
    expect(years.map((r) => [r.current_year, r.quality_class, r.is_active, r.films_in_year, r.films_count, r.years_since_last_active, r.last_active_year])).toEqual([
      [1970, 'star', true, 2, 2, 0, 1970],
      // No film by anyone in 1971: the calendar still has the year, the class is 1970's.
      [1971, 'star', false, 0, 2, 1, 1970],
      [1972, 'average', true, 1, 3, 0, 1972],
      [1973, 'average', true, 1, 4, 0, 1973],
    ]);
    // (8.5 + 8.1) / 2 = 8.3, carried into 1971.
    expect(years.map((r) => r.average_rating)).toEqual([8.3, 8.3, 6.5, 6.5]);
    expect(await history(engine, 'nm0000001')).toEqual([
      ['star', true, 1970, 1970, 1973, false],
      ['star', false, 1971, 1971, 1973, false],
      ['average', true, 1972, 1973, 1973, true],
    ]);
    expect(await engine.query<Row>(`select current_year, quality_class, actors, active_actors from ${W}.mart_actor_quality_yearly where quality_class in ('star', 'average') order by current_year, class_rank`)).toEqual([
      { current_year: 1970, quality_class: 'star', actors: 1, active_actors: 1 },
      { current_year: 1970, quality_class: 'average', actors: 0, active_actors: 0 },
      { current_year: 1971, quality_class: 'star', actors: 1, active_actors: 0 },
      { current_year: 1971, quality_class: 'average', actors: 0, active_actors: 0 },
      { current_year: 1972, quality_class: 'star', actors: 0, active_actors: 0 },
      { current_year: 1972, quality_class: 'average', actors: 1, active_actors: 1 },
      { current_year: 1973, quality_class: 'star', actors: 0, active_actors: 0 },
      { current_year: 1973, quality_class: 'average', actors: 1, active_actors: 1 },
    ]);
  });

  it('classes a mean of exactly 8.0 good, 7.0 average and 6.0 bad (on the exact sums, never a DOUBLE a hair above), and a tenth above each one class up', async () => {
    expect((await run(engine, input({ 'actor_films.csv': BOUNDARIES }))).status).toBe('published');
    const rows = await engine.query<Row>(`select actorid, average_rating, quality_class from ${W}.actors order by actorid`);
    expect(rows.map((r) => [r.actorid, r.quality_class])).toEqual([
      ['nm0000002', 'good'],
      ['nm0000003', 'average'],
      ['nm0000004', 'bad'],
      ['nm0000005', 'good'],
      ['nm0000006', 'star'],
      ['nm0000007', 'good'],
      ['nm0000008', 'average'],
      ['nm0000013', 'average'],
    ]);
    expect(rows.map((r) => Number(r.average_rating))).toEqual([8, 7, 6, 8, 8.1, 7.1, 6.1, 7]);
  });

  it('classes on the unweighted mean and shows the vote-weighted one beside it (8.2 star; 7.906 weighted)', async () => {
    expect((await run(engine, input({ 'actor_films.csv': WEIGHTED }))).status).toBe('published');
    const [row] = await actorYears(engine, 'nm0000009');
    expect(row).toMatchObject({ current_year: 1972, quality_class: 'star', is_active: true, films_in_year: 2 });
    expect(Number(row!.average_rating)).toBeCloseTo(8.2, 12);
    expect(Number(row!.weighted_rating)).toBeCloseTo(7985 / 1010, 12);
    expect(Number(row!.weighted_rating).toFixed(3)).toBe('7.906');
  });

  it('opens a version on every change of is_active or quality_class alone, starts a new actor, and loses no year', async () => {
    expect((await run(engine, input({ 'actor_films.csv': FLIPS }))).status).toBe('published');
    expect(await history(engine, 'nm0000010')).toEqual([
      ['star', true, 1970, 1970, 1973, false],
      ['star', false, 1971, 1971, 1973, false],
      ['star', true, 1972, 1972, 1973, false],
      ['star', false, 1973, 1973, 1973, true],
    ]);
    expect(await history(engine, 'nm0000011')).toEqual([
      ['good', true, 1971, 1971, 1973, false],
      ['star', true, 1972, 1973, 1973, true],
    ]);
    // No votes at all: the weighted mean has no denominator and is NULL, never 0.
    expect(await actorYears(engine, 'nm0000012')).toEqual([
      { current_year: 1973, films_in_year: 1, films_count: 1, average_rating: 5, weighted_rating: null, quality_class: 'bad', is_active: true, years_since_last_active: 0, last_active_year: 1973 },
    ]);
    // Every actor-year is in exactly one version.
    const [cover] = await engine.query<Row>(`select (select count(*) from ${W}.actors) as years, (select sum(end_year - start_year + 1) from ${W}.actors_history_scd) as covered`);
    expect(Number(cover!.covered)).toBe(Number(cover!.years));
  });

  it('the bootcamp bug: a NULL class on either side of a change is a change, NULL to NULL is not, and no year disappears', async () => {
    // The history's own SQL over a hand-made actors table: the contract never lets a rating be
    // empty, so a NULL class can only come from a future change upstream; the SQL must hold then too.
    await engine.run(`create temporary table null_actors (actorid varchar, current_year integer, quality_class varchar, is_active boolean)`);
    await engine.run(
      `insert into null_actors values
       ('a1', 2000, 'star', true), ('a1', 2001, null, true), ('a1', 2002, null, true), ('a1', 2003, 'star', true),
       ('a2', 2000, null, true), ('a2', 2001, 'good', true), ('a2', 2002, 'good', null), ('a2', 2003, 'good', null)`,
    );
    const model = actorsModels().models.find((m) => m.name === 'actors_history_scd')!;
    const sql = renderSql(model.sql, engine.dialect, (kind, name) => {
      if (kind !== 'ref' || name !== 'actors') throw new Error(`unexpected ${kind} ${name}`);
      return 'null_actors';
    });
    const rows = (await engine.query<Row>(`select * from (${sql}) as h order by actorid, start_year`)).map((r) => [r.actorid, r.quality_class, r.is_active, r.start_year, r.end_year]);
    expect(rows).toEqual([
      ['a1', 'star', true, 2000, 2000],
      ['a1', null, true, 2001, 2002],
      ['a1', 'star', true, 2003, 2003],
      ['a2', null, true, 2000, 2000],
      ['a2', 'good', true, 2001, 2001],
      ['a2', 'good', null, 2002, 2003],
    ]);
    // What the bootcamp's `<>` flag gives on the same rows: the NULL years merge into their neighbours' streak.
    const naive = sql.replace(/case\s+when previous_year is not null[\s\S]*?end as changed/, 'case when previous_class <> quality_class or previous_active <> is_active then 1 else 0 end as changed');
    expect(naive).not.toBe(sql);
    const merged = await engine.query<Row>(`select quality_class, start_year, end_year from (${naive}) as h where actorid = 'a1' order by start_year`);
    // Overlapping versions: 2001 and 2002 are both star and NULL.
    expect(merged.map((r) => [r.quality_class, r.start_year, r.end_year])).toEqual([
      ['star', 2000, 2003],
      [null, 2001, 2002],
    ]);
  });

  it('collapses identical copies (DUPLICATE_ROW), quarantines conflicting ones (DUPLICATE_KEY), checks the ranges, and refuses a credit loaded before', async () => {
    const dir = input({
      'actor_films.csv': [
        credit('Actor A', 'nm0000001', 'tt0000001', 1970, '8.5'),
        credit('Actor A', 'nm0000001', 'tt0000001', 1970, '8.5'),
        credit('Actor B', 'nm0000002', 'tt0000002', 1970, '7.0'),
        credit('Actor B', 'nm0000002', 'tt0000002', 1970, '7.1'),
        credit('Actor C', 'nm0000003', 'tt0000003', 1899, '5.0'),
        credit('Actor C', 'nm0000003', 'tt0000004', 2028, '5.0'),
        credit('Actor C', 'nm0000003', 'tt0000005', 1900, '10.0'),
        credit('Actor C', 'nm0000003', 'tt0000006', 2027, '0.0', 0),
        credit('Actor C', 'nm0000003', 'tt0000007', 1980, '10.1'),
        credit('Actor C', 'nm0000003', 'tt0000008', 1980, '7.25'),
        credit('Actor C', 'nm0000003', 'tt0000009', 1980, '7.0', -1),
        'Actor C,nm0000003,Film tt0000010,1980,"1,000",7.0,tt0000010',
        credit('Actor C', 'nm0000003', 'tt0000011', 1980, ''),
      ],
    });
    expect((await run(engine, dir, { maxQuarantineRate: 1 })).status).toBe('published');
    expect(await quarantined(engine)).toEqual([
      ['actor_films.csv', 3, 'actorid+filmid', 'DUPLICATE_ROW'],
      ['actor_films.csv', 4, 'actorid+filmid', 'DUPLICATE_KEY'],
      ['actor_films.csv', 5, 'actorid+filmid', 'DUPLICATE_KEY'],
      ['actor_films.csv', 6, 'year', 'OUT_OF_RANGE'],
      ['actor_films.csv', 7, 'year', 'OUT_OF_RANGE'],
      ['actor_films.csv', 10, 'rating', 'OUT_OF_RANGE'],
      ['actor_films.csv', 11, 'rating', 'TOO_MANY_DECIMALS'],
      ['actor_films.csv', 12, 'votes', 'OUT_OF_RANGE'],
      ['actor_films.csv', 13, 'votes', 'INVALID_INTEGER'],
      ['actor_films.csv', 14, 'rating', 'REQUIRED_MISSING'],
    ]);
    expect((await engine.query<Row>(`select actorid, filmid, year, rating from ${W}.fact_actor_film order by actorid, filmid`)).map((r) => [r.actorid, r.filmid, r.year, r.rating])).toEqual([
      ['nm0000001', 'tt0000001', 1970, '8.5'],
      ['nm0000003', 'tt0000005', 1900, '10.0'],
      ['nm0000003', 'tt0000006', 2027, '0.0'],
    ]);
    // The same credit in a later file: facts are never overwritten.
    writeFileSync(join(dir, 'actor_films_again.csv'), [HEADER, credit('Actor A', 'nm0000001', 'tt0000001', 1970, '9.0'), ''].join('\n'));
    expect((await run(engine, dir, { maxQuarantineRate: 1 })).status).toBe('published');
    expect((await quarantined(engine)).filter((q) => q[0] === 'actor_films_again.csv').map((q) => q[3])).toEqual(['KEY_ALREADY_LOADED']);
  });

  it('gives the same tables loaded one year per run (in order, and latest year first) as one run over every file', async () => {
    const all = [...B9, ...BOUNDARIES, ...WEIGHTED, ...FLIPS];
    const byYear = (year: number) => all.filter((r) => r.includes(`,${year},`));
    const files = Object.fromEntries([1970, 1971, 1972, 1973].map((y) => [`actor_films_${y}.csv`, byYear(y)]));
    expect((await run(engine, input(files))).status).toBe('published');
    const dump = (e: Engine, table: string) => e.query<Row>(`select * from ${W}.${table} order by ${KEYS[table]}`);
    for (const order of [
      [1970, 1971, 1972, 1973],
      [1973, 1972, 1971, 1970],
    ]) {
      const yearly = await create();
      try {
        const dir = input({});
        for (const y of order) {
          writeFileSync(join(dir, `actor_films_${y}.csv`), [HEADER, ...byYear(y), ''].join('\n'));
          expect((await run(yearly, dir)).status).toBe('published');
        }
        for (const table of Object.keys(KEYS)) expect([order[0], table, await dump(yearly, table)]).toEqual([order[0], table, await dump(engine, table)]);
      } finally {
        await yearly.close();
      }
    }
  });

  it('renders every model for Redshift without SQL it does not run, every ordered aggregate window with an explicit frame', () => {
    for (const model of actorsModels().models) {
      const sql = renderSql(model.sql, redshiftDialect, (kind, name) => (kind === 'source' ? `actors_staging."${name}"` : `actors_warehouse."${name}__new"`)).replace(/--[^\n]*/g, '');
      const unframed = [...sql.matchAll(ORDERED_AGGREGATE)].map((m) => m[0]).filter((w) => !/rows between/i.test(w));
      // Named, so a failure says which model.
      expect({ model: model.name, unsupported: NOT_PORTABLE.exec(sql)?.[0] ?? null, macro: sql.includes('{{'), unframed }).toEqual({ model: model.name, unsupported: null, macro: false, unframed: [] });
    }
    // The check sees the windows it is meant to: the cumulative table's two running aggregates.
    const actorsSql = actorsModels().models.find((m) => m.name === 'actors')!.sql;
    expect([...actorsSql.matchAll(ORDERED_AGGREGATE)]).toHaveLength(2);
  });
});
