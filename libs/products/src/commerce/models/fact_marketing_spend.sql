-- Daily spend per campaign, keyed to the date, campaign and channel dimensions.
with spend as (
    select * from {{ source('stg_marketing_spend') }}
),

campaigns as (
    select campaign_key, campaign_id from {{ ref('dim_campaign') }}
),

channels as (
    select channel_key, channel_name from {{ ref('dim_channel') }}
)

select
    {{ date_key(spend.spend_date) }} as date_key,
    campaigns.campaign_key,
    channels.channel_key,
    spend.spend_date,
    spend.impressions,
    spend.clicks,
    spend.spend,
    spend.batch_id
from spend
inner join campaigns on campaigns.campaign_id = spend.campaign_id
inner join channels on channels.channel_name = spend.channel
