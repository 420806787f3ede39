-- Hits and distinct signed-in visitors per host and business day, with a zero row for every day
-- of the month the host has no hit: each host of a month has one row per day from the 1st through
-- the month's last activity day (the month's arrays are zero-padded, never NULL-padded). Each run
-- recomputes the days, so replaying a day never appends it twice.
with {{ day_offsets() }},

bounds as (
    -- The last activity day: the parameter, else the last day with a hit.
    select coalesce(cast(nullif({{ param('activity_through') }}, '') as date), max(business_date)) as last_day
    from {{ ref('fact_event') }}
),

daily as (
    select e.host, e.business_date, count(*) as hits, count(distinct e.user_id) as unique_visitors
    from {{ ref('fact_event') }} as e
    cross join bounds as b
    where e.business_date <= b.last_day
    group by e.host, e.business_date
),

host_months as (
    select distinct host, {{ month_start(business_date) }} as month_start
    from daily
),

calendar as (
    select h.host, h.month_start, cast(h.month_start + o.n as date) as activity_date
    from host_months as h
    cross join bounds as b
    join day_offsets as o on o.n < 31
    where {{ month_start(h.month_start + o.n) }} = h.month_start and h.month_start + o.n <= b.last_day
)

select
    c.host,
    c.month_start,
    c.activity_date,
    cast(c.activity_date - c.month_start + 1 as integer) as day_of_month,
    cast(coalesce(d.hits, 0) as integer) as hits,
    cast(coalesce(d.unique_visitors, 0) as integer) as unique_visitors
from calendar as c
left join daily as d on d.host = c.host and d.business_date = c.activity_date
