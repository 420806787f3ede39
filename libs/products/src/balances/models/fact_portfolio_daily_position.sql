-- The day's delta per client, product and location: SUCCESSFUL transactions of each business
-- day. The strategy carries each position from its first counted transaction through the last
-- balance day, a day without rows keeping yesterday's units.
with ranked as (
    select
        client_id,
        product_code,
        location_code,
        business_date,
        units_delta,
        lien_delta,
        total_units_after,
        row_number() over (partition by client_id, product_code, location_code, business_date order by created_at desc, transaction_id desc) as from_last
    from {{ ref('fact_portfolio_transaction') }}
    where is_counted
)

select
    client_id,
    product_code,
    location_code,
    business_date,
    sum(units_delta) as units_change,
    sum(lien_delta) as lien_change,
    count(*) as txn_count,
    max(case when from_last = 1 then total_units_after end) as total_units_reported
from ranked
group by client_id, product_code, location_code, business_date
