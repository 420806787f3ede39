-- One row per hit with its business date (the calendar day its instant falls on in the business
-- time zone) and the browser of its device. event_id digests every column: hits have no id, and
-- exact copies were collapsed at validation (DUPLICATE_ROW).
select
    {{ digest(e.url, e.referrer, e.user_id, e.device_id, e.host, e.event_time) }} as event_id,
    e.url,
    e.referrer,
    e.user_id,
    e.device_id,
    e.host,
    e.event_time,
    {{ business_date(e.event_time, {{ param('business_time_zone') }}) }} as business_date,
    -- A hit without a device is tracked under an unknown browser (a hit naming an unlisted device was quarantined).
    coalesce(d.browser_type, 'unknown') as browser_type,
    e.batch_id
from {{ source('stg_events') }} as e
left join {{ source('stg_devices') }} as d on d.device_id = e.device_id
