-- Year to date through each fiscal period: the monthly figures summed over fiscal periods 1..p of
-- the same fiscal year, ratios from the sums (never averaged percentages). The full-year budget
-- sums all the year's months; remaining_budget = full-year budget - YTD actual.
with monthly as (
    select fiscal_year, fiscal_period, department_id, account_id, scenario, version, actual, budget
    from {{ ref('mart_budget_variance_monthly') }}
),

-- Running sums over the key's months with figures, in fiscal order (one sort of the monthly rows),
-- with the next such month: a month's sums hold through every period before the next one.
running as (
    select
        fiscal_year,
        fiscal_period,
        department_id,
        account_id,
        scenario,
        version,
        sum(actual) over (partition by fiscal_year, department_id, account_id, scenario, version order by fiscal_period rows between unbounded preceding and current row) as ytd_actual,
        sum(budget) over (partition by fiscal_year, department_id, account_id, scenario, version order by fiscal_period rows between unbounded preceding and current row) as ytd_budget,
        sum(budget) over (partition by fiscal_year, department_id, account_id, scenario, version) as fy_budget,
        lead(fiscal_period) over (partition by fiscal_year, department_id, account_id, scenario, version order by fiscal_period) as next_fiscal_period
    from monthly
),

-- Each through-period of the year from the key's first month on: a key's rows start there.
figures as (
    select
        r.fiscal_year,
        p.period as through_period,
        p.period_key as through_period_key,
        p.fiscal_period as through_fiscal_period,
        r.department_id,
        r.account_id,
        r.scenario,
        r.version,
        r.ytd_actual,
        r.ytd_budget,
        r.fy_budget,
        coalesce(r.ytd_actual, 0) - coalesce(r.ytd_budget, 0) as ytd_variance,
        case when r.ytd_budget is not null and r.ytd_budget <> 0 then cast(coalesce(r.ytd_actual, 0) - r.ytd_budget as double precision) / abs(cast(r.ytd_budget as double precision)) end as ytd_variance_pct
    from running as r
    inner join {{ ref('dim_period') }} as p
        on p.fiscal_year = r.fiscal_year and p.fiscal_period >= r.fiscal_period
        and (r.next_fiscal_period is null or p.fiscal_period < r.next_fiscal_period)
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
-- Left joins onto the figures, as in the monthly mart (the not_null tests check the versions).
left join {{ ref('int_department_months') }} as d on d.period = f.through_period and d.department_id = f.department_id
left join {{ ref('int_account_months') }} as a on a.period = f.through_period and a.account_id = f.account_id
