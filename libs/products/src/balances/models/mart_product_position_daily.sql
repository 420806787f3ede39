-- The company-wide position per product, location and business day (the sum over clients), in
-- units and in the product's measure with the trading-unit size in force on the day.
select
    p.product_code,
    p.location_code,
    p.position_date,
    d.product_type,
    d.unit_of_measure,
    d.trading_unit_size,
    count(*) as clients,
    sum(p.total_units) as total_units,
    sum(p.lien_units) as lien_units,
    sum(p.available_units) as available_units,
    cast(sum(p.total_units) * d.trading_unit_size as decimal(38, 6)) as total_volume,
    cast(sum(p.lien_units) * d.trading_unit_size as decimal(38, 6)) as lien_volume,
    cast(sum(p.available_units) * d.trading_unit_size as decimal(38, 6)) as available_volume
from {{ ref('fact_portfolio_daily_position') }} as p
join {{ ref('dim_product') }} as d on d.product_code = p.product_code and {{ valid_at(d, p.position_date) }}
group by p.product_code, p.location_code, p.position_date, d.product_type, d.unit_of_measure, d.trading_unit_size
