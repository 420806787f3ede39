-- The account versions in force on each month's first day (as posted): a small table the marts
-- join to their monthly figures on equalities only.
select p.period, a.account_id, a.account_name, a.account_type, a.chart_of_accounts_category
from {{ ref('dim_period') }} as p
inner join {{ ref('dim_account') }} as a on {{ valid_at(a, p.month_start) }}
