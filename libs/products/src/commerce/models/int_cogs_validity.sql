-- The as-of COGS rule as validity ranges: a cost applies from its effective date until the
-- next change of the same product (exclusive). Range joins run on every engine; ASOF does not.
-- The open end is a far date rather than NULL, so the join condition is two plain inequalities.
with cogs as (
    select product_id, effective_date, unit_cogs
    from {{ source('stg_cogs') }}
),

ranged as (
    select
        product_id,
        effective_date as valid_from,
        coalesce(
            lead(effective_date) over (partition by product_id order by effective_date),
            cast('9999-12-31' as date)
        ) as valid_to,
        unit_cogs
    from cogs
)

select * from ranged
