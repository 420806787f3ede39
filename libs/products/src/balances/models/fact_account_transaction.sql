-- One row per transaction with its business date: the calendar day its instant falls on in the
-- business time zone. Only SUCCESSFUL rows count toward a balance (is_counted); the others are
-- kept so the report can show what was left out. The source's balance stamps are checked against
-- the previous stamped row of the account in (created_at, transaction_id) order, never trusted.
with stamped as (
    select
        t.*,
        lag(t.end_balance) over (partition by t.account_id order by t.created_at, t.transaction_id) as previous_end_balance
    from {{ source('stg_account_transactions') }} as t
    where t.status = 'SUCCESSFUL'
)

select
    t.transaction_id,
    t.account_id,
    t.created_at,
    {{ business_date(t.created_at, {{ param('business_time_zone') }}) }} as business_date,
    t.amount,
    t.start_balance,
    t.end_balance,
    t.transaction_type,
    t.status,
    t.reverses_transaction_id,
    t.currency,
    t.status = 'SUCCESSFUL' as is_counted,
    coalesce(s.start_balance <> s.previous_end_balance or s.end_balance <> s.start_balance + s.amount, false) as is_chain_break,
    t.batch_id
from {{ source('stg_account_transactions') }} as t
left join stamped as s on s.transaction_id = t.transaction_id
