-- SCD2 over years (products.md B.6), by the streak method: per actor in year order, a year whose
-- quality_class or is_active differs from the year before starts a new streak; the streak id is
-- the running sum of those flags, and each streak is one version with its first and last year.
-- The comparison is NULL-safe by hand (no IS DISTINCT FROM, which Redshift lacks): with plain
-- `=` / `<>` a NULL on either side is neither unchanged nor changed, and the bootcamp's
-- incremental query loses the row.
with ordered as (
    select
        actorid,
        current_year,
        quality_class,
        is_active,
        lag(current_year) over (partition by actorid order by current_year) as previous_year,
        lag(quality_class) over (partition by actorid order by current_year) as previous_class,
        lag(is_active) over (partition by actorid order by current_year) as previous_active
    from {{ ref('actors') }}
),

flagged as (
    select
        actorid,
        current_year,
        quality_class,
        is_active,
        case
            when previous_year is not null
                and (previous_class = quality_class or (previous_class is null and quality_class is null))
                and (previous_active = is_active or (previous_active is null and is_active is null))
                then 0
            else 1
        end as changed
    from ordered
),

streaks as (
    select
        actorid,
        current_year,
        quality_class,
        is_active,
        -- Explicit frame: Redshift needs one on an ordered aggregate window.
        sum(changed) over (partition by actorid order by current_year rows between unbounded preceding and current row) as streak_id
    from flagged
),

-- The history is as of the last year of the data.
as_of as (
    select max(current_year) as current_year
    from {{ ref('actors') }}
)

select
    s.actorid,
    s.quality_class,
    s.is_active,
    cast(min(s.current_year) as integer) as start_year,
    cast(max(s.current_year) as integer) as end_year,
    cast(a.current_year as integer) as current_year,
    max(s.current_year) = a.current_year as is_current
from streaks as s
cross join as_of as a
-- One streak holds one value of each tracked column; GROUP BY puts NULLs together, so a NULL
-- streak stays one version.
group by s.actorid, s.streak_id, s.quality_class, s.is_active, a.current_year
