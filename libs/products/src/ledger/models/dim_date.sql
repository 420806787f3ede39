-- A continuous calendar over every day of every month a GL line or budget line refers to
-- (the seed's calendar spanned only the first to the last GL line and cut the budget's months).
with bounds as (
    select min(month_start) as first_day, max(month_end) as last_day
    from {{ ref('dim_period') }}
),

-- digits and day_offsets (0 to 99,999 days), without generate_series (leader-node-only on Redshift).
{{ day_offsets() }},

days as (
    select cast(bounds.first_day + day_offsets.n as date) as date_day
    from bounds
    inner join day_offsets on day_offsets.n <= bounds.last_day - bounds.first_day
)

select
    {{ date_key(date_day) }} as date_key,
    date_day,
    cast(substr(cast(date_day as varchar), 1, 4) as integer) * 100 + cast(substr(cast(date_day as varchar), 6, 2) as integer) as period_key,
    cast(extract(day from date_day) as integer) as day_of_month
from days
