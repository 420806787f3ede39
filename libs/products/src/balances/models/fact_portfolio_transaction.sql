-- One row per portfolio transaction with its business date (the calendar day its instant falls
-- on in the business time zone) and its location (UNALLOCATED when the source leaves it empty:
-- the seed drops those rows). Only SUCCESSFUL rows move a position (is_counted).
select
    t.transaction_id,
    t.client_id,
    t.product_code,
    coalesce(t.location_code, 'UNALLOCATED') as location_code,
    t.created_at,
    {{ business_date(t.created_at, {{ param('business_time_zone') }}) }} as business_date,
    t.transaction_type,
    t.units_delta,
    t.lien_delta,
    t.total_units_after,
    t.lien_units_after,
    t.available_units_after,
    t.status,
    t.status = 'SUCCESSFUL' as is_counted,
    t.batch_id
from {{ source('stg_portfolio_transactions') }} as t
