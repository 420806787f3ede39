-- Every calendar month from the first to the last month any GL line or budget line refers to:
-- the budget's own grain (a monthly budget is never spread over days).
-- The GL's first and last day, not every line's month: min and max of a date column cost little.
with months as (
    select substr(cast(min(txn_date) as varchar), 1, 7) as first_period, substr(cast(max(txn_date) as varchar), 1, 7) as last_period
    from {{ source('stg_transactions') }}
    union all
    select min(period), max(period) from {{ source('stg_budget') }}
),

bounds as (
    select
        cast(substr(min(first_period), 1, 4) as integer) * 12 + cast(substr(min(first_period), 6, 2) as integer) - 1 as first_month,
        cast(substr(max(last_period), 1, 4) as integer) * 12 + cast(substr(max(last_period), 6, 2) as integer) - 1 as last_month
    from months
),

-- digits and day_offsets (0 to 99,999), used here as month offsets.
{{ day_offsets() }},

-- m: months since year 0 (year * 12 + month - 1), for the month and the one after it.
numbered as (
    select bounds.first_month + day_offsets.n as m
    from bounds
    inner join day_offsets on day_offsets.n <= bounds.last_month - bounds.first_month
),

parts as (
    select
        cast((m - m % 12) / 12 as integer) as calendar_year,
        m % 12 + 1 as month_number,
        cast((m + 1 - (m + 1) % 12) / 12 as integer) as next_year,
        (m + 1) % 12 + 1 as next_month_number,
        cast({{ param('fiscal_year_start_month') }} as integer) as fiscal_start
    from numbered
),

starts as (
    select
        *,
        cast(calendar_year as varchar) || '-' || lpad(cast(month_number as varchar), 2, '0') as period,
        cast(cast(calendar_year as varchar) || '-' || lpad(cast(month_number as varchar), 2, '0') || '-01' as date) as month_start,
        cast(cast(next_year as varchar) || '-' || lpad(cast(next_month_number as varchar), 2, '0') || '-01' as date) as next_month_start
    from parts
)

select
    calendar_year * 100 + month_number as period_key,
    period,
    month_start,
    cast(next_month_start - 1 as date) as month_end,
    cast(next_month_start - month_start as integer) as days_in_month,
    calendar_year,
    month_number,
    case month_number
        when 1 then 'January' when 2 then 'February' when 3 then 'March' when 4 then 'April'
        when 5 then 'May' when 6 then 'June' when 7 then 'July' when 8 then 'August'
        when 9 then 'September' when 10 then 'October' when 11 then 'November' else 'December'
    end as month_name,
    cast((month_number + 2 - (month_number + 2) % 3) / 3 as integer) as calendar_quarter,
    -- A fiscal year is named by the calendar year it ends in (April 2024 starts FY2025 when it starts in April).
    calendar_year + case when fiscal_start > 1 and month_number >= fiscal_start then 1 else 0 end as fiscal_year,
    (month_number - fiscal_start + 12) % 12 + 1 as fiscal_period,
    cast(((month_number - fiscal_start + 12) % 12 + 3 - ((month_number - fiscal_start + 12) % 12 + 3) % 3) / 3 as integer) as fiscal_quarter
from starts
