-- The day's delta per user and browser: one row for each business day with a signed-in hit.
-- The strategy turns it into the 32-day datelist of every user and browser, day by day.
select
    user_id,
    browser_type,
    business_date,
    count(*) as hits
from {{ ref('fact_event') }}
where user_id is not null
group by user_id, browser_type, business_date
