-- Return on ad spend by month and channel: spend and delivery beside the net revenue of the channel.
with spend as (
    select
        dates.month_start as month,
        channels.channel_name as channel,
        sum(facts.spend) as spend,
        sum(facts.impressions) as impressions,
        sum(facts.clicks) as clicks
    from {{ ref('fact_marketing_spend') }} as facts
    inner join {{ ref('dim_date') }} as dates on dates.date_key = facts.date_key
    inner join {{ ref('dim_channel') }} as channels on channels.channel_key = facts.channel_key
    group by dates.month_start, channels.channel_name
),

-- Net revenue per day and channel, already summed from the fact lines: only those few thousand
-- rows meet the calendar.
daily_revenue as (
    select date_key, channel_key, net_revenue
    from {{ ref('agg_daily_channel_lines') }}
),

revenue as (
    select
        dates.month_start as month,
        channels.channel_name as channel,
        sum(daily_revenue.net_revenue) as net_revenue
    from daily_revenue
    inner join {{ ref('dim_date') }} as dates on dates.date_key = daily_revenue.date_key
    inner join {{ ref('dim_channel') }} as channels on channels.channel_key = daily_revenue.channel_key
    group by dates.month_start, channels.channel_name
),

joined as (
    select
        coalesce(spend.month, revenue.month) as month,
        coalesce(spend.channel, revenue.channel) as channel,
        {{ money(coalesce(spend.spend, 0)) }} as spend,
        cast(coalesce(spend.impressions, 0) as bigint) as impressions,
        cast(coalesce(spend.clicks, 0) as bigint) as clicks,
        {{ money(coalesce(revenue.net_revenue, 0)) }} as net_revenue
    from spend
    full outer join revenue on revenue.month = spend.month and revenue.channel = spend.channel
)

select
    month,
    channel,
    spend,
    impressions,
    clicks,
    {{ percent(clicks, impressions) }} as ctr_pct,
    cast(round({{ safe_divide(spend, clicks) }}, 4) as decimal(18, 4)) as cpc,
    cast(round({{ safe_divide(spend * 1000, impressions) }}, 4) as decimal(18, 4)) as cpm,
    net_revenue,
    cast(round({{ safe_divide(net_revenue, spend) }}, 4) as decimal(18, 4)) as roas
from joined
