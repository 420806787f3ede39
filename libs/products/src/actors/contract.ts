import { idColumn as id, textColumn as text, type DataProductContract, type EntityContract } from '@finlake/contracts';

/** The first and last film year accepted: the homework's years with room on both sides; a fixed bound keeps a rerun's verdict the same next year. */
export const ACTORS_FIRST_YEAR = 1900;
export const ACTORS_LAST_YEAR = 2027;

/** One actor's credit on one film, as the homework's `actor_films` table exports it (products.md B.6). */
export const actorFilms: EntityContract = {
  name: 'actor_films',
  description: 'Film credits: which actor played in which film, with the film\'s year, votes and rating.',
  grain: 'one row per actor and film',
  columns: [
    text('actor', 'actor', 200, true, 'The actor\'s name as credited.'),
    id('actorid', 'actorid', 20, 'The actor (an IMDb name id, e.g. nm0000001).'),
    text('film', 'film', 500, true, 'The film\'s title.'),
    { header: 'year', name: 'year', type: { kind: 'integer', min: ACTORS_FIRST_YEAR, max: ACTORS_LAST_YEAR }, required: true, description: 'Release year of the film: the year the credit counts in.' },
    { header: 'votes', name: 'votes', type: { kind: 'integer', min: 0, max: 2_000_000_000 }, required: true, description: 'Number of user votes behind the rating (the weight of the vote-weighted rating).' },
    { header: 'rating', name: 'rating', type: { kind: 'decimal', precision: 3, scale: 1, min: '0', max: '10' }, required: true, description: 'Average user rating, 0.0 to 10.0, one decimal.' },
    id('filmid', 'filmid', 20, 'The film (an IMDb title id, e.g. tt0000001).'),
  ],
  // An identical copy is DUPLICATE_ROW (collapsed); two different rows for one credit are DUPLICATE_KEY (neither loads).
  key: ['actorid', 'filmid'],
  loadMode: 'append',
  references: [],
  rules: [],
  redshift: { dist: { key: 'actorid' }, sort: ['year'], why: 'aggregated per actor and year' },
};

export const actorsContract: DataProductContract = {
  name: 'actors',
  description: 'Actors\' film credits, turned into a cumulative table per actor and year and an SCD2 history of their quality class and activity.',
  entities: [actorFilms],
  // No date columns: the year's own range bounds the data.
  earliestDate: '1900-01-01',
  maxFutureDays: 1,
};
