/**
 * The activity report page (products.md B.8): daily, weekly and monthly active users per day with
 * the stickiness ratio, the latest month's hits per host and day, the hosts per month with their
 * monthly and summed daily unique visitors, and how a datelist encodes 32 days, shown on a few
 * users' datelists of the last day. The frame adds data quality.
 */
import { detailsTable, escapeHtml, formatCount, formatMonth, htmlTable, list, qualityTiles, type Column, type ReportPage, type Section, type Tile } from '@finlake/report';
import { activeUsersChart, hostDaysChart, stickiness, stickinessChart, stickinessPct } from './charts';
import { CHARTED_DAYS, CHARTED_HOSTS, LISTED_HOSTS, LISTED_MONTHS, loadActivityFigures, type ActivityFigures, type DatelistRow, type DayRow, type HostMonth } from './figures';

const monthStart = (day: string | null) => (day === null ? null : `${day.slice(0, 7)}-01`);
const lastRow = (f: ActivityFigures): DayRow | undefined => f.days[f.days.length - 1];
const latestMonth = (f: ActivityFigures) => f.months[0];

/** Bit k of a datelist (k = 0 is as_of): its spelling is oldest day first, so bit k is character 31 - k. */
export const activeOffsets = (bits: string): number[] => Array.from({ length: bits.length }, (_, k) => k).filter((k) => bits[bits.length - 1 - k] === '1');
/** as_of minus k days, in UTC arithmetic on the ISO text (no local time zone can shift it). */
export const daysBefore = (day: string, k: number) => new Date(Date.parse(`${day}T00:00:00Z`) - k * 86_400_000).toISOString().slice(0, 10);

function tiles(f: ActivityFigures, quality: Parameters<typeof qualityTiles>[0]): Tile[] {
  const last = lastRow(f);
  const month = latestMonth(f);
  const count = (pick: (r: DayRow) => number) => (last ? formatCount(pick(last)) : formatCount(null));
  const on = f.lastDay ?? 'no activity day yet';
  return [
    { id: 'daily_active_users', label: 'Daily active users', value: count((r) => r.daily_active_users), note: `on ${on}` },
    { id: 'weekly_active_users', label: 'Weekly active users', value: count((r) => r.weekly_active_users), note: `in the 7 days through ${on}` },
    { id: 'monthly_active_users', label: 'Monthly active users', value: count((r) => r.monthly_active_users), note: `in the 32 days through ${on}` },
    { id: 'stickiness', label: 'Stickiness (DAU / MAU)', value: last ? stickinessPct(last) : formatCount(null), note: `of the 32 days' users were active on ${on}` },
    {
      id: 'hosts',
      label: 'Hosts',
      value: formatCount(month ? month.hosts : null),
      note: month ? `with a hit in ${formatMonth(month.month_start)}; ${formatCount(last?.active_hosts ?? 0)} on ${on}` : 'no hits yet',
    },
    {
      id: 'hits',
      label: 'Hits',
      value: formatCount(month ? String(month.hits) : null),
      note: month ? `in ${formatMonth(month.month_start)}; ${formatCount(last?.hits ?? 0)} on ${on}` : 'no hits yet',
    },
    ...qualityTiles(quality),
  ];
}

const DAY_COLUMNS: Column<DayRow>[] = [
  { header: 'Day', cell: (r) => r.activity_date },
  { header: 'Daily active', cell: (r) => formatCount(r.daily_active_users), numeric: true },
  { header: 'Weekly active (7 days)', cell: (r) => formatCount(r.weekly_active_users), numeric: true },
  { header: 'Monthly active (32 days)', cell: (r) => formatCount(r.monthly_active_users), numeric: true },
  { header: 'DAU / MAU', cell: (r) => stickinessPct(r), numeric: true },
  { header: 'Hits', cell: (r) => formatCount(r.hits), numeric: true },
  { header: 'Active hosts', cell: (r) => formatCount(r.active_hosts), numeric: true },
];

const overcount = (r: HostMonth) => Number(r.sum_of_daily_unique_visitors) - Number(r.monthly_unique_visitors);
const HOST_MONTH_COLUMNS: Column<HostMonth>[] = [
  { header: 'Month', cell: (r) => formatMonth(r.month_start) },
  { header: 'Host', cell: (r) => r.host, long: true },
  { header: 'Days', cell: (r) => formatCount(r.days_in_array), numeric: true },
  { header: 'Hits', cell: (r) => formatCount(String(r.monthly_hits)), numeric: true },
  { header: 'Monthly unique visitors', cell: (r) => formatCount(String(r.monthly_unique_visitors)), numeric: true },
  { header: 'Sum of daily uniques', cell: (r) => formatCount(String(r.sum_of_daily_unique_visitors)), numeric: true },
  { header: 'Sum − month', cell: (r) => formatCount(overcount(r)), numeric: true },
];

const yesNo = (value: boolean) => (value ? 'yes' : 'no');
const DATELIST_COLUMNS: Column<DatelistRow>[] = [
  { header: 'User', cell: (r) => r.user_id },
  { header: 'Browser', cell: (r) => r.browser_type },
  // Right-aligned, so every row's bit 0 (as_of) sits in the same place.
  { header: 'datelist_bits (oldest … as_of)', cell: (r) => r.datelist_bits, numeric: true },
  { header: 'datelist_int', cell: (r) => formatCount(String(r.datelist_int)), numeric: true },
  { header: 'Active k days before as_of', cell: (r) => list(activeOffsets(r.datelist_bits).map(String)) },
  { header: 'l32', cell: (r) => formatCount(r.l32), numeric: true },
  { header: 'l7', cell: (r) => formatCount(r.l7), numeric: true },
  { header: 'Daily', cell: (r) => yesNo(r.dau) },
  { header: 'Weekly', cell: (r) => yesNo(r.weekly_active) },
  { header: 'Monthly', cell: (r) => yesNo(r.monthly_active) },
];

/** The heatmap's numbers: one row per host, one column per day of the month, and the month's total. */
function hostDayTable(f: ActivityFigures): string {
  const days = [...new Set(f.hostDays.map((r) => Number(r.day_of_month)))].sort((a, b) => a - b);
  const cells = new Map(f.hostDays.map((r) => [`${r.host}\u0000${Number(r.day_of_month)}`, r]));
  const hit = (host: string, day: number) => Number(cells.get(`${host}\u0000${day}`)?.hits ?? 0);
  const columns: Column<string>[] = [
    { header: 'Host', cell: (h) => h, long: true },
    ...days.map((d) => ({ header: String(d), cell: (h: string) => formatCount(hit(h, d)), numeric: true })),
    { header: 'Total', cell: (h) => formatCount(days.reduce((total, d) => total + hit(h, d), 0)), numeric: true },
  ];
  return detailsTable(`The heatmap's hits as a table (${f.heatHosts.length} host(s) × ${days.length} day(s))`, 'table-host-days', `Hits per host and day of ${formatMonth(f.heatMonth!)}`, columns, f.heatHosts, { compact: true });
}

/** The first host and month whose summed daily uniques exceed the month's: the non-additivity in the data itself. */
function overcountExample(rows: readonly HostMonth[]): string {
  const r = rows.find((row) => overcount(row) > 0);
  if (!r) return ' In the months listed every visitor came on one day only, so here the two agree.';
  return ` In ${escapeHtml(formatMonth(r.month_start))}, ${escapeHtml(r.host)} had ${escapeHtml(formatCount(String(r.monthly_unique_visitors)))} unique visitor(s) over the month but ${escapeHtml(formatCount(String(r.sum_of_daily_unique_visitors)))} summed over its days.`;
}

/** One datelist decoded bit by bit, in words. */
function datelistExample(r: DatelistRow, asOf: string): string {
  const offsets = activeOffsets(r.datelist_bits);
  // Spelled out while short; a busy month's 20-odd powers would only be noise.
  const powers = offsets.length <= 6 ? offsets.map((k) => `2^${k}`).join(' + ') : `the sum of 2^k over its ${offsets.length} set bits`;
  const days = list(offsets.map((k) => `${daysBefore(asOf, k)} (k = ${k})`));
  return `<p data-testid="datelist-example">For example, user ${escapeHtml(r.user_id)} on ${escapeHtml(r.browser_type)} as of ${escapeHtml(asOf)}: <code>${escapeHtml(r.datelist_bits)}</code> is ${escapeHtml(formatCount(String(r.datelist_int)))} = ${escapeHtml(powers)}, so active on ${escapeHtml(days)}.</p>`;
}

function sections(f: ActivityFigures, chart: (id: string, caption: string, empty: string) => string): Section[] {
  const month = f.heatMonth ? formatMonth(f.heatMonth) : null;
  const hostsInHeatMonth = f.months.find((m) => m.month_start === f.heatMonth)?.hosts ?? 0;
  const latestFirst = [...f.days].reverse();
  return [
    {
      id: 'users',
      title: 'Daily, weekly and monthly active users',
      wide: true,
      body: [
        chart(
          'chart-active-users',
          `A user counts once however many browsers they used. Weekly: a hit in the 7 days through the day; monthly: in the 32 days through it (the datelist's window).${f.dayCount > CHARTED_DAYS ? ` The last ${CHARTED_DAYS} of ${formatCount(f.dayCount)} days; mart_activity_daily has every one.` : ''}`,
          'No activity yet.',
        ),
        chart('chart-stickiness', 'Stickiness is DAU / MAU: the share of the 32 days’ users who came back on the day. Days without a monthly active user have no ratio and are left out.', 'No day has a monthly active user yet.'),
        f.days.length ? detailsTable(`The ${formatCount(f.days.length)} day(s) charted, latest first`, 'table-days', 'Active users, hits and active hosts per day (mart_activity_daily)', DAY_COLUMNS, latestFirst, { compact: true }) : '',
      ].join('\n'),
    },
    {
      id: 'host-days',
      title: month ? `Hits per host and day, ${month}` : 'Hits per host and day',
      wide: true,
      body: [
        chart(
          'chart-host-days',
          `Each row a host, each column a day of the month through its last activity day; darker cells had more hits, the lightest none.${hostsInHeatMonth > CHARTED_HOSTS ? ` The ${CHARTED_HOSTS} hosts with the most hits of ${formatCount(hostsInHeatMonth)}; fact_host_daily_activity has every one.` : ''}`,
          'No hits yet.',
        ),
        f.hostDays.length ? hostDayTable(f) : '',
      ].join('\n'),
    },
    {
      id: 'host-months',
      title: 'Hosts per month: hits and unique visitors',
      wide: true,
      body: [
        `<p data-testid="distinct-note">Unique visitors in the month count each signed-in visitor once over the month; the sum of the daily unique visitors counts them again on every day they came back. Distinct counts do not add up, across days or across hosts: never sum daily (or per-host) uniques to get a month's (or a site's).${overcountExample(f.hostMonths)}</p>`,
        `<p>The latest ${formatCount(f.months.length)} month(s), up to ${LISTED_HOSTS} hosts each, most hits first: ${escapeHtml(f.months.map((m) => `${formatMonth(m.month_start)} ${formatCount(m.hosts)} host(s)`).join(', ') || 'none')}. host_activity_reduced has every host and month (up to ${LISTED_MONTHS} listed here), with the daily arrays.</p>`,
        f.hostMonths.length ? htmlTable('table-host-months', 'Hits and unique visitors per host and month, latest month first', HOST_MONTH_COLUMNS, f.hostMonths, { compact: true }) : '<p data-testid="no-host-months">No hits yet.</p>',
      ].join('\n'),
    },
    {
      id: 'datelists',
      title: 'How a datelist encodes 32 days',
      wide: true,
      body: [
        '<p>Each user and browser has, as of every day, a datelist: <code>datelist_int</code> is a 32-bit number whose bit k is 1 when the user was active on the browser k days before as_of. Bit 0, the least significant, is as_of itself; bit 31 is 31 days before. The next day shifts it left by one bit, puts that day’s activity in bit 0 and drops the oldest day. <code>datelist_bits</code> spells the number in binary, oldest day on the left and as_of on the right. <code>l32</code> counts its 1 bits (active days of the last 32), <code>l7</code> those of bits 0–6; a user is daily active with bit 0 set, weekly with any of bits 0–6, monthly with any bit.</p>',
        f.datelists[0] && f.lastDay ? datelistExample(f.datelists[0], f.lastDay) : '',
        f.datelists.length
          ? htmlTable('table-datelists', `Datelists as of ${f.lastDay}: the users with the most and the fewest active days, of ${formatCount(f.datelistCount)} user × browser datelists (user_devices_cumulated)`, DATELIST_COLUMNS, f.datelists, { compact: true })
          : '<p data-testid="no-datelists">No user has been active in the last 32 days.</p>',
      ].join('\n'),
    },
  ];
}

export const activityReport: ReportPage<ActivityFigures> = {
  load: loadActivityFigures,
  sources: 'tables mart_activity_daily, fact_host_daily_activity, host_activity_reduced and user_devices_cumulated',
  period: (f) => ({ first: monthStart(f.firstDay), last: monthStart(f.lastDay), through: f.lastDay, detail: f.lastDay ? `${formatCount(f.dayCount)} day(s) through ${f.lastDay}` : 'no activity' }),
  charts: (f) => [activeUsersChart(f.days), stickinessChart(f.days), hostDaysChart(f.heatMonth, f.heatHosts, f.hostDays)].flatMap((c) => c ?? []),
  tiles: (f, { quality }) => tiles(f, quality),
  sections: (f, { chart }) => sections(f, chart),
  totals: (f) => {
    const last = lastRow(f);
    const month = latestMonth(f);
    return {
      first_day: f.firstDay,
      last_day: f.lastDay,
      days: f.dayCount,
      daily_active_users: last?.daily_active_users ?? null,
      weekly_active_users: last?.weekly_active_users ?? null,
      monthly_active_users: last?.monthly_active_users ?? null,
      stickiness_pct: last ? stickiness(last) : null,
      hits_last_day: last?.hits ?? null,
      active_hosts_last_day: last?.active_hosts ?? null,
      latest_month: month?.month_start ?? null,
      latest_month_hosts: month?.hosts ?? null,
      latest_month_hits: month ? String(month.hits) : null,
    };
  },
  keyFigures: (f, { quality }) => {
    const last = lastRow(f);
    const month = latestMonth(f);
    return [
      { figure: 'last activity day', value: f.lastDay },
      { figure: 'daily active users', value: last?.daily_active_users ?? null },
      { figure: 'weekly active users', value: last?.weekly_active_users ?? null },
      { figure: 'monthly active users', value: last?.monthly_active_users ?? null },
      { figure: 'DAU / MAU %', value: last ? stickiness(last) : null },
      { figure: `hosts (${month ? formatMonth(month.month_start) : 'latest month'})`, value: month?.hosts ?? null },
      { figure: 'rows loaded', value: quality.rowsLoaded },
      { figure: 'rows quarantined', value: quality.rowsQuarantined },
    ];
  },
};
