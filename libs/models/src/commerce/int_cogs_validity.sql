-- The as-of COGS rule as validity ranges: a cost applies from its effective date until the
-- next change of the same product (exclusive). Range joins run on every engine; ASOF does not.
with cogs as (
    select product_id, effective_date, unit_cogs
    from {{ source('stg_cogs') }}
),

ranged as (
    select
        product_id,
        effective_date as valid_from,
        lead(effective_date) over (partition by product_id order by effective_date) as valid_to,
        unit_cogs
    from cogs
)

select * from ranged
