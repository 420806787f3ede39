-- Fact lines summed per product over all time. Every measure is a sum, so a run that appends
-- fact lines adds their sums to these rows; the product mart reads this table, never the lines.
select
    product_key,
    cast(sum(quantity) as bigint) as units,
    sum(net_revenue) as net_revenue,
    sum(total_cogs) as cogs,
    sum(case when is_costed then net_revenue - total_cogs end) as gross_margin,
    sum(case when is_costed then net_revenue end) as costed_net_revenue,
    cast(sum(case when is_costed then 0 else 1 end) as bigint) as uncosted_lines
from {{ ref('fact_transactions') }}
group by product_key
