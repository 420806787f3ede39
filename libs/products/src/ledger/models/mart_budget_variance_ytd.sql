-- Year to date through each fiscal period: the monthly figures summed over fiscal periods 1..p of
-- the same fiscal year, ratios from the sums (never averaged percentages). The full-year budget
-- sums all the year's months; remaining_budget = full-year budget - YTD actual.
with monthly as (
    select * from {{ ref('mart_budget_variance_monthly') }}
),

-- One row per key and fiscal year, numbered so the running sums partition by one integer.
keys as (
    select *, row_number() over (order by fiscal_year, department_id, account_id, scenario, version) as key_id
    from (
        select fiscal_year, department_id, account_id, scenario, version, sum(budget) as fy_budget
        from monthly
        group by fiscal_year, department_id, account_id, scenario, version
    ) as k
),

-- Every month of the key's fiscal year in dim_period, with the key's figures of that month (if any).
months as (
    select
        k.key_id, k.fiscal_year, k.department_id, k.account_id, k.scenario, k.version, k.fy_budget,
        p.period as through_period, p.period_key as through_period_key, p.fiscal_period as through_fiscal_period, p.month_start,
        m.actual, m.budget, m.period as figures_period
    from keys as k
    inner join {{ ref('dim_period') }} as p on p.fiscal_year = k.fiscal_year
    left join monthly as m
        on m.period = p.period and m.department_id = k.department_id and m.account_id = k.account_id
        and m.scenario = k.scenario and m.version = k.version
),

-- Running sums over the fiscal periods 1..p: one pass per key, in fiscal order.
sums as (
    select
        fiscal_year, through_period, through_period_key, through_fiscal_period, month_start,
        department_id, account_id, scenario, version, fy_budget,
        sum(actual) over (partition by key_id order by through_fiscal_period rows between unbounded preceding and current row) as ytd_actual,
        sum(budget) over (partition by key_id order by through_fiscal_period rows between unbounded preceding and current row) as ytd_budget,
        count(figures_period) over (partition by key_id order by through_fiscal_period rows between unbounded preceding and current row) as months_with_figures
    from months
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
inner join {{ ref('int_department_months') }} as d on d.period = f.through_period and d.department_id = f.department_id
inner join {{ ref('int_account_months') }} as a on a.period = f.through_period and a.account_id = f.account_id
