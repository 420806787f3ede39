-- The day's delta per store, product and quality level: the movements of each business day that
-- the source did not delete. The strategy carries each stock from its first movement through the
-- last balance day: the position of a day is after all of its movements (the seed's "last
-- movement of the day" partitioned by the timestamp, so every movement was "last").
select
    store_id,
    product_id,
    quality_level,
    business_date,
    sum(units_delta) as units_change,
    sum(reserved_units_delta) as reserved_units_change,
    sum(volume_delta) as volume_change,
    sum(reserved_volume_delta) as reserved_volume_change,
    count(*) as movement_count
from {{ ref('fact_inventory_movement') }}
where is_counted
group by store_id, product_id, quality_level, business_date
