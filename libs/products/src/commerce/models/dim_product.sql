-- Products with surrogate keys from the append-only key map (keys never change once given).
with keys as (
    select natural_key as product_id, surrogate_key as product_key
    from {{ source('keymap_product') }}
),

products as (
    select product_id, product_name, category
    from {{ source('stg_products') }}
)

select
    keys.product_key,
    keys.product_id,
    products.product_name,
    products.category
from keys
inner join products on products.product_id = keys.product_id
