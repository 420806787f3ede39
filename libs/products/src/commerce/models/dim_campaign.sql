-- Campaigns with their latest name, platform and channel.
with keys as (
    select natural_key as campaign_id, surrogate_key as campaign_key
    from {{ source('keymap_campaign') }}
),

latest as (
    select
        campaign_id,
        campaign_name,
        ad_platform,
        channel,
        row_number() over (partition by campaign_id order by spend_date desc, batch_seq desc, rec desc) as recency
    from {{ source('stg_marketing_spend') }}
)

select
    keys.campaign_key,
    keys.campaign_id,
    latest.campaign_name,
    latest.ad_platform,
    latest.channel as channel_name
from keys
inner join latest on latest.campaign_id = keys.campaign_id and latest.recency = 1
