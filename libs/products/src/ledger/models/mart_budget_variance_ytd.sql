-- Year to date through each fiscal period: the monthly figures summed over fiscal periods 1..p of
-- the same fiscal year, ratios from the sums (never averaged percentages). The full-year budget
-- sums all the year's months; remaining_budget = full-year budget - YTD actual.
with monthly as (
    select fiscal_year, fiscal_period, department_id, account_id, scenario, version, actual, budget
    from {{ ref('mart_budget_variance_monthly') }}
),

-- Each month's figures count toward its own and every later period of its fiscal year: a key's
-- rows start with its first month of the year. (A hash aggregate; running sums over windows sort.)
sums as (
    select
        m.fiscal_year,
        p.period as through_period,
        p.period_key as through_period_key,
        p.fiscal_period as through_fiscal_period,
        m.department_id,
        m.account_id,
        m.scenario,
        m.version,
        sum(m.actual) as ytd_actual,
        sum(m.budget) as ytd_budget
    from monthly as m
    inner join {{ ref('dim_period') }} as p on p.fiscal_year = m.fiscal_year and p.fiscal_period >= m.fiscal_period
    group by m.fiscal_year, p.period, p.period_key, p.fiscal_period, m.department_id, m.account_id, m.scenario, m.version
),

years as (
    select fiscal_year, department_id, account_id, scenario, version, sum(budget) as fy_budget
    from monthly
    group by fiscal_year, department_id, account_id, scenario, version
),

figures as (
    select
        s.*,
        y.fy_budget,
        coalesce(s.ytd_actual, 0) - coalesce(s.ytd_budget, 0) as ytd_variance,
        case when s.ytd_budget is not null and s.ytd_budget <> 0 then cast(coalesce(s.ytd_actual, 0) - s.ytd_budget as double precision) / abs(cast(s.ytd_budget as double precision)) end as ytd_variance_pct
    from sums as s
    inner join years as y
        on y.fiscal_year = s.fiscal_year and y.department_id = s.department_id and y.account_id = s.account_id
        and y.scenario = s.scenario and y.version = s.version
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
