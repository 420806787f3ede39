-- Gross margin per product over all time, net of returns; margin over costed lines only.
with facts as (
    select * from {{ ref('fact_transactions') }}
),

products as (
    select product_key, product_id, product_name, category from {{ ref('dim_product') }}
),

per_product as (
    select
        product_key,
        cast(sum(quantity) as bigint) as units,
        sum(net_revenue) as net_revenue,
        {{ money(coalesce(sum(total_cogs), 0)) }} as cogs,
        {{ money(coalesce(sum(case when is_costed then net_revenue - total_cogs end), 0)) }} as gross_margin,
        {{ money(coalesce(sum(case when is_costed then net_revenue end), 0)) }} as costed_net_revenue,
        cast(sum(case when is_costed then 0 else 1 end) as bigint) as uncosted_lines
    from facts
    group by product_key
)

select
    products.product_id,
    products.product_name,
    products.category,
    per_product.units,
    per_product.net_revenue,
    per_product.cogs,
    per_product.gross_margin,
    {{ percent(per_product.gross_margin, per_product.costed_net_revenue) }} as gross_margin_pct,
    per_product.uncosted_lines,
    cast(rank() over (order by per_product.gross_margin desc) as bigint) as margin_rank
from per_product
inner join products on products.product_key = per_product.product_key
