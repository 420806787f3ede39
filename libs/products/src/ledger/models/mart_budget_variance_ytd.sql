-- Year to date through each fiscal period: the monthly figures summed over fiscal periods 1..p of
-- the same fiscal year, ratios from the sums (never averaged percentages). The full-year budget
-- sums all the year's months; remaining_budget = full-year budget - YTD actual.
with monthly as (
    select * from {{ ref('mart_budget_variance_monthly') }}
),

keys as (
    select fiscal_year, department_id, account_id, scenario, version,
        sum(budget) as fy_budget,
        -- Any month with GL lines or a budget line: the key's year has activity or a plan.
        max(fiscal_period) as last_period
    from monthly
    group by fiscal_year, department_id, account_id, scenario, version
),

-- Every month of the fiscal year in dim_period, from the key's first month on.
through as (
    select k.*, p.period as through_period, p.period_key as through_period_key, p.fiscal_period as through_fiscal_period, p.month_start
    from keys as k
    inner join {{ ref('dim_period') }} as p on p.fiscal_year = k.fiscal_year
),

sums as (
    select
        t.fiscal_year, t.through_period, t.through_period_key, t.through_fiscal_period, t.month_start,
        t.department_id, t.account_id, t.scenario, t.version, t.fy_budget,
        sum(m.actual) as ytd_actual,
        sum(m.budget) as ytd_budget,
        count(m.period) as months_with_figures
    from through as t
    left join monthly as m
        on m.fiscal_year = t.fiscal_year and m.department_id = t.department_id and m.account_id = t.account_id
        and m.scenario = t.scenario and m.version = t.version and m.fiscal_period <= t.through_fiscal_period
    group by t.fiscal_year, t.through_period, t.through_period_key, t.through_fiscal_period, t.month_start,
        t.department_id, t.account_id, t.scenario, t.version, t.fy_budget
),

figures as (
    select
        s.*,
        coalesce(s.ytd_actual, 0) - coalesce(s.ytd_budget, 0) as ytd_variance,
        case when s.ytd_budget is not null and s.ytd_budget <> 0 then cast(coalesce(s.ytd_actual, 0) - s.ytd_budget as double precision) / abs(cast(s.ytd_budget as double precision)) end as ytd_variance_pct
    from sums as s
    -- A key's rows start with its first month of the year.
    where s.months_with_figures > 0
)

select
    f.fiscal_year,
    f.through_period,
    f.through_period_key,
    f.through_fiscal_period,
    f.department_id,
    d.department_name,
    d.business_unit,
    d.current_business_unit,
    f.account_id,
    a.account_name,
    a.account_type,
    f.scenario,
    f.version,
    {{ money(coalesce(f.ytd_actual, 0)) }} as ytd_actual,
    f.ytd_budget,
    {{ money(f.ytd_variance) }} as ytd_variance,
    f.ytd_variance_pct,
    f.fy_budget,
    case when f.fy_budget is not null then {{ money(f.fy_budget - coalesce(f.ytd_actual, 0)) }} end as remaining_budget,
    case
        when a.account_type in ('Liability', 'Equity') then 'N/A'
        when f.ytd_variance = 0 then 'ON_BUDGET'
        when (a.account_type = 'Revenue') = (f.ytd_variance > 0) then 'FAVOURABLE'
        else 'ADVERSE'
    end as favourable,
    case
        when a.account_type = 'Revenue' then {{ money(f.ytd_variance) }}
        when a.account_type in ('Expense', 'Asset') then {{ money(-f.ytd_variance) }}
    end as favourable_variance
from figures as f
inner join {{ ref('dim_department') }} as d
    on d.department_id = f.department_id and {{ valid_at(d, f.month_start) }}
inner join {{ ref('dim_account') }} as a
    on a.account_id = f.account_id and {{ valid_at(a, f.month_start) }}
