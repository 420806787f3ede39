-- Contribution margin by month and channel, net of returns. Margin covers costed lines only:
-- uncosted sales are counted in their own columns, never costed as zero.
with facts as (
    select * from {{ ref('fact_transactions') }}
),

dates as (
    select date_key, month_start from {{ ref('dim_date') }}
),

channels as (
    select channel_key, channel_name from {{ ref('dim_channel') }}
),

lines as (
    select
        dates.month_start,
        channels.channel_name,
        facts.*,
        case when facts.is_costed
            then facts.net_revenue + facts.shipping_charged - facts.total_cogs - facts.shipping_cost - facts.platform_fee
        end as line_margin
    from facts
    inner join dates on dates.date_key = facts.date_key
    inner join channels on channels.channel_key = facts.channel_key
),

monthly as (
    select
        month_start as month,
        channel_name as channel,
        -- transaction_id is unique in the fact table (a blocking test): counting sale lines counts
        -- orders without a distinct over every id.
        cast(sum(case when is_return then 0 else 1 end) as bigint) as orders,
        cast(sum(case when is_return then 1 else 0 end) as bigint) as return_lines,
        cast(sum(quantity) as bigint) as units,
        sum(gross_revenue) as gross_revenue,
        sum(discount_amount) as discounts,
        sum(net_revenue) as net_revenue,
        {{ money(coalesce(sum(total_cogs), 0)) }} as cogs,
        sum(shipping_charged) as shipping_charged,
        sum(shipping_cost) as shipping_cost,
        sum(platform_fee) as platform_fees,
        {{ money(coalesce(sum(line_margin), 0)) }} as contribution_margin,
        {{ money(coalesce(sum(case when is_costed then net_revenue end), 0)) }} as costed_net_revenue,
        cast(sum(case when is_costed then 0 else 1 end) as bigint) as uncosted_lines,
        {{ money(coalesce(sum(case when is_costed then 0 else net_revenue end), 0)) }} as uncosted_net_revenue
    from lines
    group by month_start, channel_name
)

select
    month,
    channel,
    orders,
    return_lines,
    units,
    gross_revenue,
    discounts,
    net_revenue,
    cogs,
    shipping_charged,
    shipping_cost,
    platform_fees,
    contribution_margin,
    {{ percent(contribution_margin, costed_net_revenue) }} as contribution_margin_pct,
    uncosted_lines,
    uncosted_net_revenue
from monthly
