import { join } from 'node:path';
import type { DataProduct } from '../types';
import { activityContract as contract } from './contract';
import { generateActivity, generateActivityIncrement } from './generator';
import { activityModels } from './models';
import { activityReport } from './report';

export * from './contract';
export { activityModels } from './models';
export {
  generateActivity,
  generateActivityIncrement,
  ACTIVITY_BAD_KINDS,
  ACTIVITY_DEVICES_BAD_KINDS,
  ACTIVITY_EVENTS_BAD_KINDS,
  ACTIVITY_DEVICES_FILE,
  ACTIVITY_DEVICES_HEADER,
  ACTIVITY_EVENTS_FILE,
  ACTIVITY_EVENTS_HEADER,
  ACTIVITY_INCREMENT_FILE,
  ACTIVITY_LAST_DAY,
  type ActivityBadKind,
  type ActivityGenerateResult,
} from './generator';

/** Activity: web hits turned into user and host datelists and monthly host arrays (docs/activity.md). */
export const activity: DataProduct = {
  name: 'activity',
  title: 'User and host activity',
  contract,
  models: activityModels,
  samples: join(__dirname, '..', '..', '..', '..', 'data', 'raw', 'activity'),
  currency: 'USD',
  report: activityReport,
  generate: generateActivity,
  generatedRows: 'hits',
  generateIncrement: generateActivityIncrement,
  generatorSources: [join(__dirname, 'generator')],
  marts: [
    {
      table: 'mart_activity_daily',
      title: 'Daily, weekly and monthly active users',
      orderBy: ['activity_date'],
      terminal: ['activity_date', 'daily_active_users', 'weekly_active_users', 'monthly_active_users', 'dau_mau_ratio', 'hits', 'active_hosts'],
    },
    {
      table: 'host_activity_reduced',
      title: 'Hits and unique visitors per host and month',
      orderBy: ['month_start', 'host'],
      terminal: ['month_start', 'host', 'days_in_array', 'monthly_hits', 'monthly_unique_visitors', 'sum_of_daily_unique_visitors'],
    },
  ],
};
