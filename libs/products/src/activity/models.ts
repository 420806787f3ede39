import { join } from 'node:path';
import { loadModel, type ProductModels } from '@finlake/models';

/** Build order: the hits, the devices, the datelists, the host arrays, the mart. */
const MODEL_NAMES = ['fact_event', 'dim_device', 'user_devices_cumulated', 'hosts_cumulated', 'fact_host_daily_activity', 'host_activity_reduced', 'mart_activity_daily'] as const;

export function activityModels(): ProductModels {
  return {
    product: 'activity',
    keyMaps: [],
    models: MODEL_NAMES.map((name) => loadModel(join(__dirname, 'models'), name)),
    reconciliations: [
      // The fact keeps every staged hit.
      {
        name: 'fact_event count(*) = staging',
        table: 'fact_event',
        expected: `select count(*) from {{ source('stg_events') }}`,
        actual: `select count(*) from {{ ref('fact_event') }}`,
      },
      // The monthly arrays hold every hit through the last activity day.
      {
        name: 'host_activity_reduced hits = fact_event hits through the last day',
        table: 'host_activity_reduced',
        expected: `select count(*) from {{ ref('fact_event') }} where business_date <= (select max(activity_date) from {{ ref('fact_host_daily_activity') }})`,
        actual: `select coalesce(sum(monthly_hits), 0) from {{ ref('host_activity_reduced') }}`,
      },
    ],
  };
}
