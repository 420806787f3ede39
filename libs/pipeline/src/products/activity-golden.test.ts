/**
 * The activity product's hand-checked fixtures (products.md B.7: B-6 datelist bits, B-7 host
 * monthly arrays) and a regression test for each of the bootcamp's warehouse bugs (B.4, B.5), on
 * every engine.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine, Row } from '@finlake/engine';
import { TEST_ENGINES, tempDir } from '../../testing';
import { runPipeline } from '../run';
import type { RunOptions } from '../context';

const NOW = new Date('2024-12-31T00:00:00Z');
const W = 'activity_warehouse';
const EVENTS = 'url,referrer,user_id,device_id,host,event_time';
const DEVICES = 'device_id,browser_type,browser_version_major,browser_version_minor,browser_version_patch,device_type,device_version_major,device_version_minor,device_version_patch,os_type,os_version_major,os_version_minor,os_version_patch';
const DEVICE_ROWS = ['d1,Chrome,120,0,1,Desktop,,,,Linux,,,', 'd2,Safari,17,1,0,iPhone,15,,,iOS,17,1,', 'd3,Firefox,121,0,0,Desktop,,,,Windows,10,,'];

const hit = (user: string, device: string, host: string, at: string, url = '/') => `${url},,${user},${device},${host},${at}`;

/** An input directory with devices.csv and the events files given (name → rows). */
function input(events: Record<string, readonly string[]>, devices: readonly string[] = DEVICE_ROWS): string {
  const dir = tempDir('finlake-activity-');
  writeFileSync(join(dir, 'devices.csv'), [DEVICES, ...devices, ''].join('\n'));
  for (const [name, rows] of Object.entries(events)) writeFileSync(join(dir, name), [EVENTS, ...rows, ''].join('\n'));
  return dir;
}
const run = (engine: Engine, dir: string, parameters: Record<string, string> = {}, options: Partial<RunOptions> = {}) => runPipeline(engine, { product: 'activity', inputDir: dir, now: NOW, parameters, ...options });

const user = async (engine: Engine, id: string, day: string) =>
  (await engine.query<Row>(`select browser_type, datelist_int, datelist_bits, l32, l7, dau, weekly_active, monthly_active from ${W}.user_devices_cumulated where user_id = ? and as_of = cast(? as date) order by browser_type`, [id, day]));
const hosts = async (engine: Engine) =>
  (await engine.query<Row>(`select host, month_start, hit_array, unique_visitors_array, days_in_array, monthly_hits, monthly_unique_visitors, sum_of_daily_unique_visitors from ${W}.host_activity_reduced order by month_start, host`)).map((r): Row => ({ ...r, monthly_hits: Number(r.monthly_hits), monthly_unique_visitors: Number(r.monthly_unique_visitors), sum_of_daily_unique_visitors: Number(r.sum_of_daily_unique_visitors) }));
const quarantined = async (engine: Engine) =>
  (await engine.query<Row>(`select file_name, line_number, reason_code from meta.quarantine order by file_name, line_number`)).map((r) => [r.file_name, Number(r.line_number), r.reason_code]);

/** B-6: user 1001 active on 03-31, 03-30, 03-25 and 03-01 (days_since 0, 1, 6, 30); 1002 only on 03-31. */
const B6 = [
  hit('1001', 'd1', 'h1', '2023-03-01T10:00:00Z'),
  hit('1001', 'd1', 'h1', '2023-03-25T10:00:00Z'),
  hit('1001', 'd1', 'h1', '2023-03-30T10:00:00Z'),
  hit('1001', 'd1', 'h1', '2023-03-31T10:00:00Z'),
  hit('1001', 'd1', 'h1', '2023-03-31T11:00:00Z', '/again'),
  hit('1002', 'd2', 'h1', '2023-03-31T12:00:00Z'),
];

/** B-7: h1 on 01-01 (u1, u1, u2) and 01-03 (u1, u3); h2 first on 01-03 (u4). */
const B7 = [
  hit('1', 'd1', 'h1', '2023-01-01T08:00:00Z', '/a'),
  hit('1', 'd1', 'h1', '2023-01-01T09:00:00Z', '/b'),
  hit('2', 'd2', 'h1', '2023-01-01T10:00:00Z'),
  hit('1', 'd1', 'h1', '2023-01-03T08:00:00Z'),
  hit('3', 'd3', 'h1', '2023-01-03T09:00:00Z'),
  hit('4', 'd1', 'h2', '2023-01-03T10:00:00Z'),
];

const KEYS: Record<string, string> = {
  user_devices_cumulated: 'user_id, browser_type, as_of',
  hosts_cumulated: 'host, as_of',
  fact_host_daily_activity: 'host, activity_date',
  host_activity_reduced: 'host, month_start',
  mart_activity_daily: 'activity_date',
};

describe.each(TEST_ENGINES)('activity on $name', ({ create }) => {
  let engine: Engine;
  beforeEach(async () => {
    engine = await create();
  });
  afterEach(() => engine.close());

  it('B-6: sets bit k for a hit k days before as_of (LSB = as_of), derives l32, l7 and the active flags, and shifts the next day', async () => {
    expect((await run(engine, input({ 'events.csv': B6 }), { activity_through: '2023-04-01' })).status).toBe('published');
    expect(await user(engine, '1001', '2023-03-31')).toEqual([
      { browser_type: 'Chrome', datelist_int: 1_073_741_891, datelist_bits: '01000000000000000000000001000011', l32: 4, l7: 3, dau: true, weekly_active: true, monthly_active: true },
    ]);
    expect(await user(engine, '1001', '2023-04-01')).toEqual([
      { browser_type: 'Chrome', datelist_int: 2_147_483_782, datelist_bits: '10000000000000000000000010000110', l32: 4, l7: 2, dau: false, weekly_active: true, monthly_active: true },
    ]);
    // The lab's off-by-one (exponent 32 − k) drops today's bit: a user active only today would be 0, not monthly active.
    expect(await user(engine, '1002', '2023-03-31')).toEqual([
      { browser_type: 'Safari', datelist_int: 1, datelist_bits: `${'0'.repeat(31)}1`, l32: 1, l7: 1, dau: true, weekly_active: true, monthly_active: true },
    ]);
    const [day] = await engine.query<Row>(`select daily_active_users, weekly_active_users, monthly_active_users, dau_mau_ratio, hits, active_hosts from ${W}.mart_activity_daily where activity_date = cast('2023-03-31' as date)`);
    expect(day).toEqual({ daily_active_users: 2, weekly_active_users: 2, monthly_active_users: 2, dau_mau_ratio: 1, hits: 3, active_hosts: 1 });
    const [next] = await engine.query<Row>(`select daily_active_users, weekly_active_users, monthly_active_users, hits from ${W}.mart_activity_daily where activity_date = cast('2023-04-01' as date)`);
    expect(next).toEqual({ daily_active_users: 0, weekly_active_users: 2, monthly_active_users: 2, hits: 0 });
  });

  it('B-7: zero-padded monthly arrays through the last day, monthly unique visitors counted distinct (not summed)', async () => {
    expect((await run(engine, input({ 'events.csv': B7 }))).status).toBe('published');
    expect(await hosts(engine)).toEqual([
      { host: 'h1', month_start: '2023-01-01', hit_array: '[3, 0, 2]', unique_visitors_array: '[2, 0, 2]', days_in_array: 3, monthly_hits: 5, monthly_unique_visitors: 3, sum_of_daily_unique_visitors: 4 },
      // First seen on the 3rd: padded with zeros, never NULL (the bootcamp's array_fill(NULL)).
      { host: 'h2', month_start: '2023-01-01', hit_array: '[0, 0, 1]', unique_visitors_array: '[0, 0, 1]', days_in_array: 3, monthly_hits: 1, monthly_unique_visitors: 1, sum_of_daily_unique_visitors: 1 },
    ]);
  });

  it('replays a day without appending it twice, and starts a new month’s arrays on the 1st (not the previous month’s)', async () => {
    const db = input({ 'events.csv': B7 });
    expect((await run(engine, db)).status).toBe('published');
    // 01-03 sent again under another file name: every hit is already loaded (quarantined, the run
    // let through here); the arrays keep three days.
    writeFileSync(join(db, 'events_replay.csv'), [EVENTS, ...B7.slice(3), ''].join('\n'));
    expect((await run(engine, db, {}, { maxQuarantineRate: 1 })).status).toBe('published');
    expect((await quarantined(engine)).map((q) => q[2])).toEqual(['KEY_ALREADY_LOADED', 'KEY_ALREADY_LOADED', 'KEY_ALREADY_LOADED']);
    expect((await run(engine, db)).status).toBe('nothing_new');
    expect((await hosts(engine)).map((h) => [h.host, h.hit_array])).toEqual([
      ['h1', '[3, 0, 2]'],
      ['h2', '[0, 0, 1]'],
    ]);
    // The next month's first day: a new row of one element per host of that month.
    writeFileSync(join(db, 'events_2023-02-01.csv'), [EVENTS, hit('1', 'd1', 'h1', '2023-02-01T00:30:00Z'), ''].join('\n'));
    expect((await run(engine, db)).status).toBe('published');
    expect((await hosts(engine)).map((h) => [h.host, h.month_start, h.hit_array])).toEqual([
      ['h1', '2023-01-01', '[3, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]'],
      ['h2', '2023-01-01', `[0, 0, 1${', 0'.repeat(28)}]`],
      ['h1', '2023-02-01', '[1]'],
    ]);
  });

  it('counts a hit on the day it falls on in the business time zone', async () => {
    const late = [hit('7', 'd1', 'h1', '2023-01-01T23:30:00-05:00')];
    expect((await run(engine, input({ 'events.csv': late }))).status).toBe('published');
    expect((await engine.query<Row>(`select as_of from ${W}.user_devices_cumulated where user_id = '7'`)).map((r) => r.as_of)).toEqual(['2023-01-02']);
    const other = await create();
    try {
      expect((await run(other, input({ 'events.csv': late }), { business_time_zone: 'America/New_York' })).status).toBe('published');
      expect((await other.query<Row>(`select as_of from ${W}.user_devices_cumulated where user_id = '7'`)).map((r) => r.as_of)).toEqual(['2023-01-01']);
    } finally {
      await other.close();
    }
  });

  it('collapses exact duplicate hits (DUPLICATE_ROW, anonymous ones too), keeps one browser per device (DEVICE_CONFLICT) and refuses unknown devices', async () => {
    const dir = input(
      {
        'events.csv': [
          hit('1', 'd1', 'h1', '2023-01-01T08:00:00Z'),
          hit('1', 'd1', 'h1', '2023-01-01T08:00:00Z'),
          '/,,,,h1,2023-01-01T09:00:00Z',
          '/,,,,h1,2023-01-01T09:00:00Z',
          hit('2', 'd9', 'h1', '2023-01-01T10:00:00Z'),
        ],
      },
      [...DEVICE_ROWS, 'd1,Brave,1,0,0,Desktop,,,,Linux,,,', 'd1,Chrome,120,0,1,Desktop,,,,Linux,,,'],
    );
    expect((await run(engine, dir, {}, { maxQuarantineRate: 1 })).status).toBe('published');
    expect(await quarantined(engine)).toEqual([
      // d1 twice more: Brave sorts before Chrome and loads; both Chrome rows are reported.
      ['devices.csv', 2, 'DEVICE_CONFLICT'],
      ['devices.csv', 6, 'DEVICE_CONFLICT'],
      ['events.csv', 3, 'DUPLICATE_ROW'],
      ['events.csv', 5, 'DUPLICATE_ROW'],
      ['events.csv', 6, 'UNKNOWN_DEVICE'],
    ]);
    expect(await engine.query<Row>(`select device_id, browser_type from ${W}.dim_device order by device_id`)).toEqual([
      { device_id: 'd1', browser_type: 'Brave' },
      { device_id: 'd2', browser_type: 'Safari' },
      { device_id: 'd3', browser_type: 'Firefox' },
    ]);
    // The anonymous hit counts for the host, not for users.
    expect(await hosts(engine)).toEqual([{ host: 'h1', month_start: '2023-01-01', hit_array: '[2]', unique_visitors_array: '[1]', days_in_array: 1, monthly_hits: 2, monthly_unique_visitors: 1, sum_of_daily_unique_visitors: 1 }]);
    expect((await user(engine, '1', '2023-01-01')).map((r) => r.browser_type)).toEqual(['Brave']);
  });

  it('gives the same tables loaded day by day as in one run', async () => {
    const days = ['2023-03-01', '2023-03-25', '2023-03-30', '2023-03-31'];
    const oneRun = input({ 'events.csv': [...B6, ...B7] });
    expect((await run(engine, oneRun)).status).toBe('published');
    const daily = await create();
    try {
      const dir = input({});
      for (const [i, day] of ['2023-01-01', '2023-01-03', ...days].entries()) {
        writeFileSync(join(dir, `events_${i}.csv`), [EVENTS, ...[...B6, ...B7].filter((r) => r.includes(`,${day}T`)), ''].join('\n'));
        expect((await run(daily, dir)).status).toBe('published');
      }
      for (const table of ['user_devices_cumulated', 'hosts_cumulated', 'fact_host_daily_activity', 'host_activity_reduced', 'mart_activity_daily']) {
        const all = (e: Engine) => e.query<Row>(`select * from ${W}.${table} order by ${KEYS[table]}`);
        expect([table, await all(daily)]).toEqual([table, await all(engine)]);
      }
    } finally {
      await daily.close();
    }
  });
});
