-- Customers seen in transactions; keys from the append-only key map.
with keys as (
    select natural_key as customer_id, surrogate_key as customer_key
    from {{ source('keymap_customer') }}
),

first_seen as (
    select customer_id, cast(min(transaction_ts) as date) as first_transaction_date
    from {{ source('stg_transactions') }}
    group by customer_id
)

select
    keys.customer_key,
    keys.customer_id,
    first_seen.first_transaction_date
from keys
inner join first_seen on first_seen.customer_id = keys.customer_id
