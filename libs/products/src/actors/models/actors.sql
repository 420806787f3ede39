-- The cumulative table by year (products.md B.0, B.6): one row per actor and year from the actor's
-- first film year through the last year in the data. A year's row depends only on that year and
-- the years before it, so loading the years one run at a time gives the same rows as one run.
-- Plain SQL over a calendar of years, not the cumulative strategy: that strategy's partitions are
-- days, and a year is not a day.
with digits as (
    select 0 as d union all select 1 union all select 2 union all select 3 union all select 4
    union all select 5 union all select 6 union all select 7 union all select 8 union all select 9
),

-- 0 … 999: more than the contract's year range spans (no generate_series: Redshift's leader node only).
offsets as (
    select ones.d + 10 * tens.d + 100 * hundreds.d as n
    from digits as ones
    cross join digits as tens
    cross join digits as hundreds
),

-- The year's delta per actor: the films of the year and their sums (exact DECIMAL sums).
yearly as (
    select
        actorid,
        year,
        max(actor) as actor,
        count(*) as films_in_year,
        sum(rating) as rating_sum,
        sum(votes) as votes_sum,
        sum(rating * votes) as weighted_sum
    from {{ ref('fact_actor_film') }}
    group by actorid, year
),

careers as (
    select actorid, min(year) as first_year
    from yearly
    group by actorid
),

bounds as (
    select min(year) as first_year, max(year) as last_year
    from yearly
),

years as (
    select b.first_year + o.n as current_year
    from bounds as b
    join offsets as o on o.n <= b.last_year - b.first_year
),

-- Every actor in every year from the first film on: a year without films is a row too (FULL
-- state carried), never a missing row.
spine as (
    select c.actorid, y.current_year, t.films_in_year
    from careers as c
    join years as y on y.current_year >= c.first_year
    left join yearly as t on t.actorid = c.actorid and t.year = y.current_year
),

running as (
    select
        actorid,
        current_year,
        coalesce(films_in_year, 0) as films_in_year,
        -- Explicit frames: Redshift needs one on an ordered aggregate window.
        max(case when films_in_year is not null then current_year end) over (partition by actorid order by current_year rows between unbounded preceding and current row) as last_active_year,
        sum(coalesce(films_in_year, 0)) over (partition by actorid order by current_year rows between unbounded preceding and current row) as films_count
    from spine
)

select
    r.actorid,
    a.actor,
    cast(r.current_year as integer) as current_year,
    cast(r.films_in_year as integer) as films_in_year,
    cast(r.films_count as integer) as films_count,
    -- Statistics, not money: DOUBLE. Both from the most recent year with films (carried in a year without).
    cast(a.rating_sum as double precision) / a.films_in_year as average_rating,
    cast(a.weighted_sum as double precision) / nullif(a.votes_sum, 0) as weighted_rating,
    -- Classified on the exact sums (mean > 8 ⇔ sum > 8·n), so a mean of exactly 8.0 is never a
    -- floating-point hair above it.
    case
        when a.rating_sum > 8 * a.films_in_year then 'star'
        when a.rating_sum > 7 * a.films_in_year then 'good'
        when a.rating_sum > 6 * a.films_in_year then 'average'
        else 'bad'
    end as quality_class,
    r.films_in_year > 0 as is_active,
    cast(r.current_year - r.last_active_year as integer) as years_since_last_active,
    cast(r.last_active_year as integer) as last_active_year
from running as r
join yearly as a on a.actorid = r.actorid and a.year = r.last_active_year
