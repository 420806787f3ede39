-- The day's delta per account: SUCCESSFUL transactions of each business day. The strategy
-- carries each account from the day of its first counted transaction through the last balance
-- day (parameter balance_through, else the last day with a transaction), a day without rows
-- keeping yesterday's closing balance with a net change and a count of 0.
with ranked as (
    select
        account_id,
        business_date,
        amount,
        created_at,
        end_balance,
        -- The day's last transaction: ties at one instant broken by TransactionID.
        row_number() over (partition by account_id, business_date order by created_at desc, transaction_id desc) as from_last
    from {{ ref('fact_account_transaction') }}
    where is_counted
)

select
    account_id,
    business_date,
    sum(amount) as net_change,
    count(*) as txn_count,
    max(created_at) as last_txn_at,
    max(case when from_last = 1 then end_balance end) as end_balance_reported
from ranked
group by account_id, business_date
