-- One row per account that ever booked a transaction (type 1: the source sends no holder
-- attributes): its currency (one per account, MIXED_CURRENCY otherwise) and first and last days.
select
    account_id,
    min(currency) as currency,
    min(business_date) as first_business_date,
    max(business_date) as last_business_date,
    cast(count(*) as integer) as transactions,
    cast(sum(case when is_counted then 1 else 0 end) as integer) as counted_transactions
from {{ ref('fact_account_transaction') }}
group by account_id
