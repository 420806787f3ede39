-- One row per inventory movement with its business date. A movement the source deleted is kept
-- (is_counted false) and moves nothing.
select
    m.movement_id,
    m.store_id,
    m.product_id,
    m.quality_level,
    m.owner_client_id,
    m.created_at,
    {{ business_date(m.created_at, {{ param('business_time_zone') }}) }} as business_date,
    m.units_delta,
    m.reserved_units_delta,
    m.volume_delta,
    m.reserved_volume_delta,
    m.is_deleted,
    not m.is_deleted as is_counted,
    m.batch_id
from {{ source('stg_inventory_movements') }} as m
