-- Every version of every product the masters define: the scd2 strategy keeps the history, so a
-- position is converted with the trading-unit size in force on its day.
select product_code, product_type, unit_of_measure, trading_unit_size, maturity_date, effective_from
from {{ source('stg_products') }}
