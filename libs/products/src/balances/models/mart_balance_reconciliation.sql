-- Per account and day with a stamped balance: the source's reported end balance against the
-- balance recomputed from the amounts, and the day's stamp breaks.
with breaks as (
    select account_id, business_date, count(*) as chain_breaks
    from {{ ref('fact_account_transaction') }}
    where is_chain_break
    group by account_id, business_date
)

select
    b.account_id,
    b.balance_date,
    a.currency,
    b.end_balance_reported as reported_balance,
    b.closing_balance as recomputed_balance,
    b.reconciliation_diff,
    cast(coalesce(k.chain_breaks, 0) as integer) as chain_breaks,
    case when b.reconciliation_diff = 0 then 'MATCH' else 'MISMATCH' end as status
from {{ ref('fact_account_daily_balance') }} as b
join {{ ref('dim_account') }} as a on a.account_id = b.account_id
left join breaks as k on k.account_id = b.account_id and k.business_date = b.balance_date
where b.end_balance_reported is not null
