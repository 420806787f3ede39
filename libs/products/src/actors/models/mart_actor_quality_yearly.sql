-- Actors per year and quality class, each of the four classes every year (0 when none): all
-- actors with a row that year (a class carried over in a year without films) and the active ones.
with classes as (
    select 1 as class_rank, 'star' as quality_class
    union all select 2, 'good'
    union all select 3, 'average'
    union all select 4, 'bad'
),

years as (
    select distinct current_year
    from {{ ref('actors') }}
),

counts as (
    select
        current_year,
        quality_class,
        count(*) as actors,
        sum(case when is_active then 1 else 0 end) as active_actors
    from {{ ref('actors') }}
    group by current_year, quality_class
)

select
    y.current_year,
    c.class_rank,
    c.quality_class,
    cast(coalesce(n.actors, 0) as integer) as actors,
    cast(coalesce(n.active_actors, 0) as integer) as active_actors
from years as y
cross join classes as c
left join counts as n on n.current_year = y.current_year and n.quality_class = c.quality_class
