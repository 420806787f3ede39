import { join } from 'node:path';
import { loadModel, type ProductModels } from '@finlake/models';

/** Build order: the credits, the cumulative table by year, its SCD2 history, the mart. */
const MODEL_NAMES = ['fact_actor_film', 'actors', 'actors_history_scd', 'mart_actor_quality_yearly'] as const;

export function actorsModels(): ProductModels {
  return {
    product: 'actors',
    keyMaps: [],
    models: MODEL_NAMES.map((name) => loadModel(join(__dirname, 'models'), name)),
    reconciliations: [
      // The fact keeps every staged credit.
      {
        name: 'fact_actor_film count(*) = staging',
        table: 'fact_actor_film',
        expected: `select count(*) from {{ source('stg_actor_films') }}`,
        actual: `select count(*) from {{ ref('fact_actor_film') }}`,
      },
      // The last year's rows count every credit once: nothing dropped or counted twice by the calendar.
      {
        name: 'actors films_count in the last year = fact_actor_film',
        table: 'actors',
        expected: `select count(*) from {{ ref('fact_actor_film') }}`,
        actual: `select coalesce(sum(films_count), 0) from {{ ref('actors') }} where current_year = (select max(current_year) from {{ ref('actors') }})`,
      },
      // The versions cover each actor's years exactly once: contiguous, no overlap, no year lost.
      {
        name: 'actors_history_scd years = actors rows',
        table: 'actors_history_scd',
        expected: `select count(*) from {{ ref('actors') }}`,
        actual: `select coalesce(sum(end_year - start_year + 1), 0) from {{ ref('actors_history_scd') }}`,
      },
      {
        name: 'actors_history_scd one current version per actor',
        table: 'actors_history_scd',
        expected: `select count(distinct actorid) from {{ ref('actors') }}`,
        actual: `select count(*) from {{ ref('actors_history_scd') }} where is_current`,
      },
    ],
  };
}
