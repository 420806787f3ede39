/**
 * The activity page's figures, read small whatever the warehouse's size: the last CHARTED_DAYS of
 * mart_activity_daily, the latest month's days of its busiest hosts from fact_host_daily_activity,
 * the busiest hosts of the latest months from host_activity_reduced, and a few users' datelists
 * on the last day from user_devices_cumulated. Row shapes are type aliases, so they are engine Rows.
 */
import type { Engine } from '@finlake/engine';
import { compareText } from '@finlake/report';

/** Days drawn in the active-user lines (a year and a day: a leap year's every day). */
export const CHARTED_DAYS = 366;
/** Hosts in the host × day heatmap: the busiest of the latest month. */
export const CHARTED_HOSTS = 15;
/** Months in the hosts-per-month table, latest first. */
export const LISTED_MONTHS = 3;
/** Hosts listed per month, most hits first. */
export const LISTED_HOSTS = 20;
/** Example datelists from each end: the users with the most and with the fewest active days. */
export const EXAMPLE_USERS = 3;

export type DayRow = {
  activity_date: string;
  daily_active_users: number;
  weekly_active_users: number;
  monthly_active_users: number;
  /** DOUBLE in the mart; NULL on a day without a monthly active user. */
  dau_mau_ratio: number | null;
  hits: number;
  active_hosts: number;
};
export type HostDay = { host: string; activity_date: string; day_of_month: number; hits: number; unique_visitors: number };
export type HostMonth = {
  month_start: string;
  host: string;
  days_in_array: number;
  monthly_hits: number | string;
  monthly_unique_visitors: number | string;
  sum_of_daily_unique_visitors: number | string;
};
export type MonthTotal = { month_start: string; hosts: number; hits: number | string };
export type DatelistRow = {
  user_id: string;
  browser_type: string;
  datelist_int: number | string;
  datelist_bits: string;
  l32: number;
  l7: number;
  dau: boolean;
  weekly_active: boolean;
  monthly_active: boolean;
};

export interface ActivityFigures {
  firstDay: string | null;
  lastDay: string | null;
  /** Days in mart_activity_daily (the chart has the last CHARTED_DAYS of them). */
  dayCount: number;
  days: DayRow[];
  /** The month of the heatmap: the latest month of fact_host_daily_activity. */
  heatMonth: string | null;
  /** Its CHARTED_HOSTS busiest hosts in order (most hits first), and every day of the month for each. */
  heatHosts: string[];
  hostDays: HostDay[];
  /** The latest LISTED_MONTHS months, latest first, with every host's count and hits. */
  months: MonthTotal[];
  hostMonths: HostMonth[];
  datelists: DatelistRow[];
  /** Users × browsers with a datelist on the last day (monthly active or not). */
  datelistCount: number;
}

const one = async (engine: Engine, sql: string) => (await engine.query(sql))[0] ?? {};
const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
/** Days go back into SQL as literals: only ever an ISO date read from the warehouse. */
const dateLiteral = (day: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`not an ISO date: ${day}`);
  return `cast('${day}' as date)`;
};

export async function loadActivityFigures(engine: Engine, mart: (name: string) => string): Promise<ActivityFigures> {
  const daily = mart('mart_activity_daily');
  const span = await one(engine, `select min(activity_date) as first_day, max(activity_date) as last_day, count(*) as days from ${daily}`);
  const lastDay = text(span.last_day);
  const days = (
    await engine.query<DayRow>(
      `select activity_date, daily_active_users, weekly_active_users, monthly_active_users, dau_mau_ratio, hits, active_hosts from ${daily} order by activity_date desc limit ${CHARTED_DAYS}`,
    )
  ).reverse();

  // The heatmap: the busiest hosts of the latest month, chosen on the small monthly table.
  const reduced = mart('host_activity_reduced');
  const heatMonth = text((await one(engine, `select max(month_start) as month_start from ${reduced}`)).month_start);
  const heatHosts = heatMonth === null
    ? []
    : (await engine.query<{ host: string }>(`select host from ${reduced} where month_start = ${dateLiteral(heatMonth)} order by monthly_hits desc, host limit ${CHARTED_HOSTS}`)).map((r) => r.host);
  const hostDays = heatHosts.length === 0
    ? []
    : await engine.query<HostDay>(
        `select host, activity_date, day_of_month, hits, unique_visitors from ${mart('fact_host_daily_activity')}
         where month_start = ${dateLiteral(heatMonth!)} and host in (${heatHosts.map(() => '?').join(', ')}) order by host, activity_date`,
        heatHosts,
      );

  const months = await engine.query<MonthTotal>(
    `select month_start, cast(count(*) as integer) as hosts, sum(monthly_hits) as hits from ${reduced} group by month_start order by month_start desc limit ${LISTED_MONTHS}`,
  );
  const earliest = months[months.length - 1]?.month_start;
  const hostMonths = earliest === undefined
    ? []
    : await engine.query<HostMonth>(
        `select month_start, host, days_in_array, monthly_hits, monthly_unique_visitors, sum_of_daily_unique_visitors
         from (select r.*, row_number() over (partition by month_start order by monthly_hits desc, host) as place from ${reduced} as r where month_start >= ${dateLiteral(String(earliest))}) as ranked
         where place <= ${LISTED_HOSTS} order by month_start desc, place`,
      );

  // user_devices_cumulated has a row per user, browser and day: read only the last day's, a few of them.
  const cumulated = mart('user_devices_cumulated');
  const columns = 'user_id, browser_type, datelist_int, datelist_bits, l32, l7, dau, weekly_active, monthly_active';
  const onLast = lastDay === null ? '' : `from ${cumulated} where as_of = ${dateLiteral(lastDay)}`;
  const most = lastDay === null ? [] : await engine.query<DatelistRow>(`select ${columns} ${onLast} and l32 > 0 order by l32 desc, l7 desc, user_id, browser_type limit ${EXAMPLE_USERS}`);
  const fewest = lastDay === null ? [] : await engine.query<DatelistRow>(`select ${columns} ${onLast} and l32 > 0 order by l32, l7, user_id, browser_type limit ${EXAMPLE_USERS}`);
  const key = (r: DatelistRow) => `${r.user_id}\u0000${r.browser_type}`;
  const seen = new Set(most.map(key));
  // Most active days first; ties in text order here, so every engine's collation gives one order.
  const datelists = [...most, ...fewest.filter((r) => !seen.has(key(r)))].sort(
    (a, b) => b.l32 - a.l32 || b.l7 - a.l7 || compareText(a.user_id, b.user_id) || compareText(a.browser_type, b.browser_type),
  );
  const counted = lastDay === null ? {} : await one(engine, `select count(*) as n ${onLast}`);

  return {
    firstDay: text(span.first_day),
    lastDay,
    dayCount: Number(span.days ?? 0),
    days,
    heatMonth,
    heatHosts,
    hostDays,
    months,
    hostMonths,
    datelists,
    datelistCount: Number(counted.n ?? 0),
  };
}
