-- Each host's month as arrays: element i (1-based) is day i of the month, through the month's last
-- activity day. Monthly unique visitors are counted distinct over the month's hits: distinct
-- counts do not add up, so the sum of the daily uniques is shown beside it, never used for it.
with bounds as (
    -- The last activity day, as fact_host_daily_activity decided it.
    select max(activity_date) as last_day
    from {{ ref('fact_host_daily_activity') }}
),

monthly_visitors as (
    select e.host, {{ month_start(e.business_date) }} as month_start, count(distinct e.user_id) as unique_visitors
    from {{ ref('fact_event') }} as e
    cross join bounds as b
    where e.business_date <= b.last_day
    group by e.host, {{ month_start(e.business_date) }}
)

select
    d.host,
    d.month_start,
    {{ int_array(d.hits, d.activity_date) }} as hit_array,
    {{ int_array(d.unique_visitors, d.activity_date) }} as unique_visitors_array,
    cast(count(*) as integer) as days_in_array,
    cast(sum(d.hits) as bigint) as monthly_hits,
    cast(max(v.unique_visitors) as bigint) as monthly_unique_visitors,
    cast(sum(d.unique_visitors) as bigint) as sum_of_daily_unique_visitors
from {{ ref('fact_host_daily_activity') }} as d
left join monthly_visitors as v on v.host = d.host and v.month_start = d.month_start
group by d.host, d.month_start
