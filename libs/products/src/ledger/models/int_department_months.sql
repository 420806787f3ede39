-- The department versions in force on each month's first day (as posted): a small table the
-- marts join to their monthly figures on equalities only.
select p.period, d.department_id, d.department_name, d.business_unit, d.current_business_unit
from {{ ref('dim_period') }} as p
inner join {{ ref('dim_department') }} as d on {{ valid_at(d, p.month_start) }}
