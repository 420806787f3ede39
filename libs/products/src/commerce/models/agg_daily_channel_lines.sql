-- Fact lines summed per day and channel. Every measure is a sum, so a run that appends fact
-- lines adds their sums to these rows instead of summing the whole fact table again; the
-- monthly mart reads this table (a few thousand rows), never the fact lines.
with lines as (
    select
        *,
        case when is_costed
            then net_revenue + shipping_charged - total_cogs - shipping_cost - platform_fee
        end as line_margin
    from {{ ref('fact_transactions') }}
)

select
    date_key,
    channel_key,
    -- transaction_id is unique in the fact table (a blocking test): counting sale lines counts
    -- orders without a distinct over every id.
    cast(sum(case when is_return then 0 else 1 end) as bigint) as orders,
    cast(sum(case when is_return then 1 else 0 end) as bigint) as return_lines,
    cast(sum(quantity) as bigint) as units,
    sum(gross_revenue) as gross_revenue,
    sum(discount_amount) as discounts,
    sum(net_revenue) as net_revenue,
    sum(total_cogs) as cogs,
    sum(shipping_charged) as shipping_charged,
    sum(shipping_cost) as shipping_cost,
    sum(platform_fee) as platform_fees,
    sum(line_margin) as contribution_margin,
    sum(case when is_costed then net_revenue end) as costed_net_revenue,
    cast(sum(case when is_costed then 0 else 1 end) as bigint) as uncosted_lines,
    sum(case when not is_costed then net_revenue end) as uncosted_net_revenue
from lines
group by date_key, channel_key
