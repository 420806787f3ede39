-- Devices as staged: a later devices.csv replaces a device's attributes (type 1).
select
    device_id,
    browser_type,
    browser_version_major,
    browser_version_minor,
    browser_version_patch,
    device_type,
    device_version_major,
    device_version_minor,
    device_version_patch,
    os_type,
    os_version_major,
    os_version_minor,
    os_version_patch
from {{ source('stg_devices') }}
