-- One row per credit: an actor in a film, with the film's year, votes and rating as staged. The
-- films stay rows here (no array of structs in the actors table: Redshift has no such type).
select
    actorid,
    actor,
    filmid,
    film,
    year,
    votes,
    rating,
    batch_id
from {{ source('stg_actor_films') }}
