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

days as (
    select cast(g.day_ts as date) as date_day
    from bounds
    cross join generate_series(cast(bounds.first_day as timestamp), cast(bounds.last_day as timestamp), interval '1 day') as g(day_ts)
)

select
    {{ date_key(date_day) }} as date_key,
    date_day,
    cast(extract(year from date_day) as integer) as year_number,
    cast(extract(quarter from date_day) as integer) as quarter_number,
    cast(extract(month from date_day) as integer) as month_number,
    {{ month_start(date_day) }} as month_start,
    cast(extract(isodow from date_day) as integer) as iso_day_of_week,
    extract(isodow from date_day) in (6, 7) as is_weekend
from days
