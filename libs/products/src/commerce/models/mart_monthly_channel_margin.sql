-- Contribution margin by month and channel, net of returns. Margin covers costed lines only:
-- uncosted sales are counted in their own columns, never costed as zero.
-- The fact lines are summed per day and channel first (agg_daily_channel_lines: a few thousand
-- rows, kept up to date by adding the sums of appended lines); only those meet the calendar.
with daily as (
    select * from {{ ref('agg_daily_channel_lines') }}
),

dates as (
    select date_key, month_start from {{ ref('dim_date') }}
),

channels as (
    select channel_key, channel_name from {{ ref('dim_channel') }}
),

monthly as (
    select
        dates.month_start as month,
        channels.channel_name as channel,
        cast(sum(daily.orders) as bigint) as orders,
        cast(sum(daily.return_lines) as bigint) as return_lines,
        cast(sum(daily.units) as bigint) as units,
        sum(daily.gross_revenue) as gross_revenue,
        sum(daily.discounts) as discounts,
        sum(daily.net_revenue) as net_revenue,
        {{ money(coalesce(sum(daily.cogs), 0)) }} as cogs,
        sum(daily.shipping_charged) as shipping_charged,
        sum(daily.shipping_cost) as shipping_cost,
        sum(daily.platform_fees) as platform_fees,
        {{ money(coalesce(sum(daily.contribution_margin), 0)) }} as contribution_margin,
        {{ money(coalesce(sum(daily.costed_net_revenue), 0)) }} as costed_net_revenue,
        cast(sum(daily.uncosted_lines) as bigint) as uncosted_lines,
        {{ money(coalesce(sum(daily.uncosted_net_revenue), 0)) }} as uncosted_net_revenue
    from daily
    inner join dates on dates.date_key = daily.date_key
    inner join channels on channels.channel_key = daily.channel_key
    group by dates.month_start, channels.channel_name
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
