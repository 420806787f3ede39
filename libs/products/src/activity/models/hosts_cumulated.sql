-- The day's delta per host: one row for each business day with a hit, anonymous hits included.
select
    host,
    business_date,
    count(*) as hits
from {{ ref('fact_event') }}
group by host, business_date
