-- Sales and returns at line grain. Returns count negative: they reverse revenue and cost.
-- Unit cost is the COGS valid on the (UTC) transaction date; no applicable cost stays NULL.
with transactions as (
    select * from {{ source('stg_transactions') }}
),

cogs as (
    select * from {{ ref('int_cogs_validity') }}
),

products as (
    select product_key, product_id from {{ ref('dim_product') }}
),

customers as (
    select customer_key, customer_id from {{ ref('dim_customer') }}
),

channels as (
    select channel_key, channel_name from {{ ref('dim_channel') }}
),

signed as (
    select
        transactions.*,
        cast(transaction_ts as date) as transaction_date,
        case when is_return then -1 else 1 end as sign,
        case when is_return then -abs(quantity) else quantity end as signed_quantity
    from transactions
),

costed as (
    select
        signed.*,
        cogs.unit_cogs
    from signed
    left join cogs
        on cogs.product_id = signed.product_id
        and signed.transaction_date >= cogs.valid_from
        and signed.transaction_date < cogs.valid_to
)

select
    costed.transaction_id,
    {{ date_key(costed.transaction_date) }} as date_key,
    products.product_key,
    customers.customer_key,
    channels.channel_key,
    costed.transaction_ts,
    costed.is_return,
    costed.signed_quantity as quantity,
    costed.unit_price,
    {{ money(round(costed.signed_quantity * costed.unit_price, 2)) }} as gross_revenue,
    {{ money(costed.sign * costed.discount_amount) }} as discount_amount,
    {{ money(round(costed.signed_quantity * costed.unit_price, 2) - costed.sign * costed.discount_amount) }} as net_revenue,
    {{ money(costed.sign * costed.tax_amount) }} as tax_amount,
    {{ money(costed.sign * costed.shipping_charged) }} as shipping_charged,
    costed.shipping_cost,
    costed.platform_fee,
    costed.unit_cogs,
    {{ money(round(costed.signed_quantity * costed.unit_cogs, 2)) }} as total_cogs,
    costed.unit_cogs is not null as is_costed,
    costed.batch_id
from costed
inner join products on products.product_id = costed.product_id
inner join customers on customers.customer_id = costed.customer_id
inner join channels on channels.channel_name = costed.channel
