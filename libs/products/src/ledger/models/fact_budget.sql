-- The budget at its own grain, a month: never spread over days (the seed joined the monthly
-- amount to every day of the month and multiplied it by the days). The department and account
-- versions are those in force on the month's first day.
select
    b.budget_id,
    cast(substr(b.period, 1, 4) as integer) * 100 + cast(substr(b.period, 6, 2) as integer) as period_key,
    b.period,
    b.department_id,
    d.department_sk,
    b.account_id,
    a.account_sk,
    b.scenario,
    b.version,
    b.budget_amount,
    b.batch_id
from {{ source('stg_budget') }} as b
inner join {{ ref('dim_department') }} as d
    on d.department_id = b.department_id and {{ valid_at(d, cast(b.period || '-01' as date)) }}
inner join {{ ref('dim_account') }} as a
    on a.account_id = b.account_id and {{ valid_at(a, cast(b.period || '-01' as date)) }}
