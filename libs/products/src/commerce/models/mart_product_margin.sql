-- Gross margin per product over all time, net of returns; margin over costed lines only.
with products as (
    select product_key, product_id, product_name, category from {{ ref('dim_product') }}
),

-- The fact lines summed per product (agg_product_lines, kept up to date by adding the sums of
-- appended lines).
per_product as (
    select
        product_key,
        units,
        net_revenue,
        {{ money(coalesce(cogs, 0)) }} as cogs,
        {{ money(coalesce(gross_margin, 0)) }} as gross_margin,
        {{ money(coalesce(costed_net_revenue, 0)) }} as costed_net_revenue,
        uncosted_lines
    from {{ ref('agg_product_lines') }}
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
