-- Daily, weekly and monthly active users per business day from the users' datelists (a user
-- active on two browsers counts once), with the day's hits and active hosts.
with users as (
    select
        as_of,
        count(distinct case when dau then user_id end) as daily_active_users,
        count(distinct case when weekly_active then user_id end) as weekly_active_users,
        count(distinct case when monthly_active then user_id end) as monthly_active_users
    from {{ ref('user_devices_cumulated') }}
    group by as_of
),

hosts as (
    -- Every host is carried from its first hit through the last activity day: one row per host and day.
    select
        as_of as activity_date,
        sum(hits) as hits,
        sum(case when is_active_today then 1 else 0 end) as active_hosts
    from {{ ref('hosts_cumulated') }}
    group by as_of
)

select
    h.activity_date,
    cast(coalesce(u.daily_active_users, 0) as integer) as daily_active_users,
    cast(coalesce(u.weekly_active_users, 0) as integer) as weekly_active_users,
    cast(coalesce(u.monthly_active_users, 0) as integer) as monthly_active_users,
    -- Stickiness: the share of the month's users active on the day (a statistic: DOUBLE).
    cast(u.daily_active_users as double precision) / nullif(u.monthly_active_users, 0) as dau_mau_ratio,
    cast(h.hits as bigint) as hits,
    cast(h.active_hosts as integer) as active_hosts
from hosts as h
left join users as u on u.as_of = h.activity_date
