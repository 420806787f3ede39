-- Every version of every account: a reclassification (Expense -> Asset when a cost is
-- capitalised) changes the sign and the favourable direction, so history keeps the old meaning.
select account_id, account_name, account_type, account_sub_type, chart_of_accounts_category, effective_from
from {{ source('stg_accounts') }}
