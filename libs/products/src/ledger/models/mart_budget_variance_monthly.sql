-- Budget vs actual per month, department, account, scenario and version: monthly actuals and the
-- budget joined at their common grain, the month (never GL lines against a monthly budget).
with actual as (
    select period, department_id, account_id, sum(amount_natural) as actual
    from {{ ref('fact_gl_actual') }}
    group by period, department_id, account_id
),

budget as (
    select period, department_id, account_id, scenario, version, sum(budget_amount) as budget
    from {{ ref('fact_budget') }}
    group by period, department_id, account_id, scenario, version
),

-- Actuals are compared with every budget version that plans their month (a Q2 re-forecast is
-- no plan for January); a month no version plans is compared with the default one, Budget v1.
versions as (
    select distinct period, scenario, version from budget
),

actual_versions as (
    select
        a.period,
        a.department_id,
        a.account_id,
        coalesce(v.scenario, 'Budget') as scenario,
        coalesce(v.version, 'v1') as version,
        a.actual
    from actual as a
    left join versions as v on v.period = a.period
),

-- One full outer join at the common grain: a key with GL lines, a budget line, or both.
figures as (
    select
        coalesce(a.period, b.period) as period,
        coalesce(a.department_id, b.department_id) as department_id,
        coalesce(a.account_id, b.account_id) as account_id,
        coalesce(a.scenario, b.scenario) as scenario,
        coalesce(a.version, b.version) as version,
        a.actual is not null as has_actual,
        -- Known to be none: a budgeted month without GL lines has an actual of 0.
        coalesce(a.actual, cast(0 as decimal(18, 2))) as actual,
        -- Unknown stays NULL: no budget line is not a budget of 0.
        b.budget,
        coalesce(a.actual, 0) - coalesce(b.budget, 0) as variance
    from actual_versions as a
    full outer join budget as b
        on b.period = a.period and b.department_id = a.department_id and b.account_id = a.account_id
        and b.scenario = a.scenario and b.version = a.version
),

described as (
    select
        f.*,
        p.period_key,
        p.fiscal_year,
        p.fiscal_period,
        p.month_number,
        d.department_name,
        d.business_unit,
        d.current_business_unit,
        acc.account_name,
        acc.account_type,
        acc.chart_of_accounts_category,
        case when f.budget is not null and f.budget <> 0 then cast(f.variance as double precision) / abs(cast(f.budget as double precision)) end as variance_pct
    from figures as f
    -- Left joins, each onto the figures: every figure has its month and versions (the gate's
    -- not_null tests say so), and inner joins of small tables let the planner pair the two
    -- version tables by month first (millions of rows).
    left join {{ ref('dim_period') }} as p on p.period = f.period
    -- As posted: the versions in force on the month's first day, joined on equalities only.
    left join {{ ref('int_department_months') }} as d on d.period = f.period and d.department_id = f.department_id
    left join {{ ref('int_account_months') }} as acc on acc.period = f.period and acc.account_id = f.account_id
)

select
    period,
    period_key,
    fiscal_year,
    fiscal_period,
    month_number,
    department_id,
    department_name,
    business_unit,
    current_business_unit,
    account_id,
    account_name,
    account_type,
    chart_of_accounts_category,
    scenario,
    version,
    {{ money(actual) }} as actual,
    budget,
    {{ money(variance) }} as variance,
    variance_pct,
    case
        when has_actual and coalesce(budget, 0) = 0 then 'UNBUDGETED'
        when not has_actual and budget <> 0 then 'NO_ACTIVITY'
        when variance = 0 then 'ON_BUDGET'
        when variance > 0 then 'OVER'
        else 'UNDER'
    end as status,
    case
        when account_type in ('Liability', 'Equity') then 'N/A'
        when variance = 0 then 'ON_BUDGET'
        when (account_type = 'Revenue') = (variance > 0) then 'FAVOURABLE'
        else 'ADVERSE'
    end as favourable,
    -- Positive is always good: +variance on revenue, -variance on expense and asset (capex) budgets.
    case
        when account_type = 'Revenue' then {{ money(variance) }}
        when account_type in ('Expense', 'Asset') then {{ money(-variance) }}
    end as favourable_variance,
    abs(variance) >= cast({{ param('materiality_amount') }} as decimal(18, 2))
        and (variance_pct is null or abs(variance_pct) >= cast({{ param('materiality_pct') }} as double precision)) as material
from described
