-- Every accepted channel of the contract, whether or not it has sales yet.
select
    surrogate_key as channel_key,
    natural_key as channel_name
from {{ source('keymap_channel') }}
