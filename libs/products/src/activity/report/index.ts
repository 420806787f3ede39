export { activityReport, activeOffsets, daysBefore } from './page';
export { loadActivityFigures, CHARTED_DAYS, CHARTED_HOSTS, EXAMPLE_USERS, LISTED_HOSTS, LISTED_MONTHS, type ActivityFigures } from './figures';
export { activeUsersChart, hostDaysChart, stickinessChart } from './charts';
