-- Per account and month: the month-end balance (closing on the month's last day built), the
-- average daily balance over the days the account existed in the month, and the month's
-- activity. A month the last balance day cuts short is flagged partial.
with days as (
    select
        b.account_id,
        {{ month_start(b.balance_date) }} as month_start,
        b.balance_date,
        b.closing_balance,
        b.net_change,
        b.txn_count,
        row_number() over (partition by b.account_id, {{ month_start(b.balance_date) }} order by b.balance_date desc) as from_last
    from {{ ref('fact_account_daily_balance') }} as b
),

last_day as (
    select max(balance_date) as balance_date from {{ ref('fact_account_daily_balance') }}
)

select
    d.account_id,
    substr(cast(d.month_start as varchar), 1, 7) as period,
    a.currency,
    count(*) as days_in_month,
    max(case when d.from_last = 1 then d.balance_date end) as month_end_date,
    cast(max(case when d.from_last = 1 then d.closing_balance end) as decimal(18, 2)) as month_end_balance,
    cast(sum(d.closing_balance) / count(*) as decimal(18, 4)) as average_daily_balance,
    cast(min(d.closing_balance) as decimal(18, 2)) as min_balance,
    cast(max(d.closing_balance) as decimal(18, 2)) as max_balance,
    cast(sum(d.net_change) as decimal(18, 2)) as net_change,
    cast(sum(d.txn_count) as integer) as txn_count,
    max(d.balance_date) = max(l.balance_date) and max(d.balance_date) < cast(d.month_start + interval '1 month' - interval '1 day' as date) as is_partial_month
from days as d
join {{ ref('dim_account') }} as a on a.account_id = d.account_id
cross join last_day as l
group by d.account_id, d.month_start, a.currency
