-- A continuous calendar over every day that any fact or cost refers to.
with bounds as (
    select min(d) as first_day, max(d) as last_day
    from (
        select cast(transaction_ts as date) as d from {{ source('stg_transactions') }}
        union all
        select spend_date from {{ source('stg_marketing_spend') }}
        union all
        select effective_date from {{ source('stg_cogs') }}
    ) as all_days
),

-- digits and day_offsets (0 to 99,999 days), without generate_series (leader-node-only on Redshift).
{{ day_offsets() }},

days as (
    select cast(bounds.first_day + day_offsets.n as date) as date_day
    from bounds
    inner join day_offsets on day_offsets.n <= bounds.last_day - bounds.first_day
),

-- Day of week 0 (Sunday) to 6: the one day-of-week part DuckDB, PostgreSQL and Redshift share.
weekdays as (
    select date_day, cast(extract(dow from date_day) as integer) as dow
    from days
)

select
    {{ date_key(date_day) }} as date_key,
    date_day,
    cast(extract(year from date_day) as integer) as year_number,
    cast(extract(quarter from date_day) as integer) as quarter_number,
    cast(extract(month from date_day) as integer) as month_number,
    {{ month_start(date_day) }} as month_start,
    case when dow = 0 then 7 else dow end as iso_day_of_week,
    dow in (0, 6) as is_weekend
from weekdays
