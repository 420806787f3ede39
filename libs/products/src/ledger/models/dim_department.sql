-- Every version of every department the masters define: the scd2 strategy keeps the history.
select department_id, department_name, business_unit, cost_center, effective_from
from {{ source('stg_departments') }}
