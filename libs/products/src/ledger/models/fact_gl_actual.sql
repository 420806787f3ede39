-- One row per GL line, in the reporting currency, with the department and account versions in
-- force on the line's date. amount_natural turns the debit-positive amount into the account's
-- natural sign: s = +1 for Expense and Asset (debit-normal), -1 for Revenue, Liability, Equity.
with lines as (
    select
        t.transaction_id,
        t.txn_date,
        substr(cast(t.txn_date as varchar), 1, 7) as period,
        t.department_id,
        t.account_id,
        t.currency,
        t.amount,
        t.description,
        t.batch_id
    from {{ source('stg_transactions') }} as t
),

converted as (
    select
        l.*,
        case when l.currency = {{ param('reporting_currency') }} then cast(1 as decimal(18, 6)) else r.rate_to_reporting end as fx_rate
    from lines as l
    -- Every other currency has a rate for its month: the contract quarantines the rest (FX_RATE_MISSING).
    left join {{ source('stg_fx_rates') }} as r
        on r.currency = l.currency and r.period = l.period
)

select
    c.transaction_id,
    {{ date_key(c.txn_date) }} as date_key,
    c.txn_date,
    cast(substr(c.period, 1, 4) as integer) * 100 + cast(substr(c.period, 6, 2) as integer) as period_key,
    c.period,
    c.department_id,
    d.department_sk,
    c.account_id,
    a.account_sk,
    a.account_type,
    c.currency,
    c.amount as amount_original,
    c.fx_rate,
    {{ money(round(c.amount * c.fx_rate, 2)) }} as amount_dr,
    {{ money(round(c.amount * c.fx_rate, 2) * case when a.account_type in ('Expense', 'Asset') then 1 else -1 end) }} as amount_natural,
    c.description,
    c.batch_id
from converted as c
inner join {{ ref('dim_department') }} as d
    on d.department_id = c.department_id and {{ valid_at(d, c.txn_date) }}
inner join {{ ref('dim_account') }} as a
    on a.account_id = c.account_id and {{ valid_at(a, c.txn_date) }}
