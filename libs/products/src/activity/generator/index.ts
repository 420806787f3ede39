/**
 * generateActivity: devices.csv and events.csv into outDir, the hits in time order over a span of
 * days ending on a fixed day, each user active in streaks on a random subset of the days (so the
 * datelists have gaps and runs). The same options always give byte-identical files; memory grows
 * with the users and devices, not with the hits (one day's times at a time).
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { allocate, BadSlotPlan, ChunkedWriter, csvLine, cumulativeWeights, DAY_MS, isoTimestamp, parseIsoDate, Rng, SkewedPicker } from '@finlake/generator';
import type { GenerateOptions, GenerateResult, IncrementOptions, IncrementResult } from '../../types';
import { checkGenerateOptions } from '../../generate-options';

export const ACTIVITY_DEVICES_FILE = 'devices.csv';
export const ACTIVITY_EVENTS_FILE = 'events.csv';
export const ACTIVITY_INCREMENT_FILE = 'events_increment.csv';
export const ACTIVITY_DEVICES_HEADER = [
  'device_id',
  'browser_type',
  'browser_version_major',
  'browser_version_minor',
  'browser_version_patch',
  'device_type',
  'device_version_major',
  'device_version_minor',
  'device_version_patch',
  'os_type',
  'os_version_major',
  'os_version_minor',
  'os_version_patch',
] as const;
export const ACTIVITY_EVENTS_HEADER = ['url', 'referrer', 'user_id', 'device_id', 'host', 'event_time'] as const;

/** Hits written to be rejected (they replace hits, so events.csv keeps `rows` rows). */
export const ACTIVITY_EVENTS_BAD_KINDS = ['unknown_device', 'duplicate_hit', 'bad_timestamp', 'missing_host'] as const;
/** Device rows written to be rejected (added after a device, so every device still loads once). */
export const ACTIVITY_DEVICES_BAD_KINDS = ['duplicate_device', 'conflicting_device'] as const;
export type ActivityBadKind = (typeof ACTIVITY_EVENTS_BAD_KINDS)[number] | (typeof ACTIVITY_DEVICES_BAD_KINDS)[number];

/** Every bad row kind with the reason a correct loader quarantines it with. */
export const ACTIVITY_BAD_KINDS: Readonly<Record<ActivityBadKind, string>> = {
  unknown_device: 'UNKNOWN_DEVICE',
  duplicate_hit: 'DUPLICATE_ROW',
  bad_timestamp: 'INVALID_TIMESTAMP',
  missing_host: 'REQUIRED_MISSING',
  duplicate_device: 'DUPLICATE_ROW',
  conflicting_device: 'DEVICE_CONFLICT',
};

/** The last generated day: in the past, so a hit is never in the future whenever the files load. */
export const ACTIVITY_LAST_DAY = '2024-06-30';

export interface ActivityGenerateResult extends GenerateResult {
  /** Bad rows per kind (ACTIVITY_BAD_KINDS), only kinds that occur. */
  badRowsByKind: Record<string, number>;
}

/** Share of hits without a signed-in user, and of hits without a device. */
const ANONYMOUS_SHARE = 0.1;
const NO_DEVICE_SHARE = 0.03;
/** Share of hits written without an offset (UTC by the contract). */
const UNZONED_SHARE = 0.15;
/** Hits an active user makes on a day, on average; and the chance yesterday's user is back today. */
const HITS_PER_ACTIVE_USER = 3;
const STREAK = 0.5;
/** Share of a user's hits on the user's own host. */
const HOME_HOST_SHARE = 0.7;

interface Profile {
  weight: number;
  devices: readonly { type: string; major?: readonly [number, number] }[];
  os: string;
  osMajor: readonly [number, number];
  browsers: readonly string[];
}

/** Browser, device and operating system that go together, with their share of devices. */
const PROFILES: readonly Profile[] = [
  { weight: 30, devices: [{ type: 'Other' }], os: 'Windows', osMajor: [10, 11], browsers: ['Chrome', 'Chrome', 'Edge', 'Firefox', 'Opera'] },
  { weight: 12, devices: [{ type: 'Mac' }], os: 'Mac OS X', osMajor: [12, 14], browsers: ['Safari', 'Safari', 'Chrome', 'Firefox'] },
  { weight: 25, devices: [{ type: 'iPhone' }, { type: 'iPad' }], os: 'iOS', osMajor: [16, 17], browsers: ['Mobile Safari', 'Mobile Safari', 'Chrome Mobile'] },
  { weight: 23, devices: [{ type: 'Samsung SM-S911B' }, { type: 'Pixel', major: [6, 8] }], os: 'Android', osMajor: [12, 14], browsers: ['Chrome Mobile', 'Chrome Mobile', 'Samsung Internet', 'Firefox'] },
  { weight: 10, devices: [{ type: 'Other' }], os: 'Linux', osMajor: [0, 0], browsers: ['Chrome', 'Firefox', 'Firefox'] },
];
const PROFILE_WEIGHTS = cumulativeWeights(PROFILES.map((p) => p.weight));
/** Major versions per browser; Chromium builds have a build number as the patch. */
const BROWSER_MAJOR: Readonly<Record<string, readonly [number, number]>> = {
  Chrome: [118, 126],
  'Chrome Mobile': [118, 126],
  Edge: [118, 126],
  Opera: [102, 110],
  Firefox: [115, 127],
  Safari: [16, 17],
  'Mobile Safari': [16, 17],
  'Samsung Internet': [22, 25],
};
const CHROMIUM = new Set(['Chrome', 'Chrome Mobile', 'Edge', 'Opera']);

/** Pages of every site, the common ones repeated; `#` is a post or product number. */
const PAGES = ['/', '/', '/', '/blog', '/blog/post-#', '/blog/post-#', '/products', '/products/#', '/products/#', '/pricing', '/about', '/contact', '/signup', '/login'];
const REFERRERS = ['', '', '', '', 'https://www.google.com/', 'https://www.google.com/', 'https://www.bing.com/', 'https://t.co/', 'https://www.linkedin.com/', 'https://news.ycombinator.com/'];

interface Shape {
  devices: number;
  users: number;
  hosts: number;
  days: number;
  /** Midnight UTC of the first day. */
  start: number;
}

/** Devices, users, hosts and days for `rows` hits: the increment derives the same from the full file's rows. */
function shapeOf(rows: number): Shape {
  const days = Math.min(365, Math.max(30, Math.ceil(rows / 50)));
  const last = parseIsoDate(ACTIVITY_LAST_DAY)!;
  return { devices: Math.max(5, Math.ceil(rows / 50)), users: Math.max(5, Math.ceil(rows / 40)), hosts: Math.min(50, 3 + Math.floor(rows / 100_000)), days, start: last - (days - 1) * DAY_MS };
}

/** Who is behind the hits: the first draws of their own streams, so the increment sees the same devices and users. */
interface Population {
  /** One row per device, in devices.csv's column order. */
  devices: string[][];
  deviceIds: Set<string>;
  users: string[];
  /** Per user: a device index, and a second one or -1. */
  userDevice: Int32Array;
  userSecondDevice: Int32Array;
  userHost: Int32Array;
  hosts: string[];
  hostWeights: number[];
}

function population(seed: number, shape: Shape): Population {
  const rng = new Rng(seed, 'activity:devices');
  const deviceIds = new Set<string>();
  const devices: string[][] = [];
  while (devices.length < shape.devices) {
    // Ids are large integers in the source: kept as text.
    const id = String(rng.int(100_000_000, 2_147_483_647));
    if (deviceIds.has(id)) continue;
    deviceIds.add(id);
    devices.push(deviceRow(rng, id));
  }
  const hosts = Array.from({ length: shape.hosts }, (_, h) => `www.example-${h + 1}.com`);
  // A few big sites and a tail.
  const hostWeights = cumulativeWeights(hosts.map((_, h) => 1 / (h + 1)));
  const urng = new Rng(seed, 'activity:users');
  const seen = new Set<string>();
  const users: string[] = [];
  const userDevice = new Int32Array(shape.users);
  const userSecondDevice = new Int32Array(shape.users);
  const userHost = new Int32Array(shape.users);
  while (users.length < shape.users) {
    const id = bigId(urng, urng.int(10, 19));
    if (seen.has(id)) continue;
    seen.add(id);
    const u = users.length;
    users.push(id);
    userDevice[u] = urng.int(0, shape.devices - 1);
    userSecondDevice[u] = urng.chance(0.3) ? urng.int(0, shape.devices - 1) : -1;
    userHost[u] = urng.weighted(hostWeights);
  }
  return { devices, deviceIds, users, userDevice, userSecondDevice, userHost, hosts, hostWeights };
}

/** A positive integer of `digits` digits as text (beyond a double's exact range). */
function bigId(rng: Rng, digits: number): string {
  let id = String(rng.int(1, 9));
  for (let i = 1; i < digits; i++) id += String(rng.int(0, 9));
  return id;
}

function deviceRow(rng: Rng, id: string): string[] {
  const profile = PROFILES[rng.weighted(PROFILE_WEIGHTS)]!;
  const browser = rng.pick(profile.browsers);
  const [lo, hi] = BROWSER_MAJOR[browser]!;
  const chromium = CHROMIUM.has(browser);
  const browserVersion = [String(rng.int(lo, hi)), chromium ? '0' : String(rng.int(0, 6)), chromium ? String(rng.int(1000, 6500)) : rng.chance(0.5) ? String(rng.int(0, 3)) : ''];
  const device = rng.pick(profile.devices);
  const deviceVersion = device.major ? [String(rng.int(device.major[0], device.major[1])), '', ''] : ['', '', ''];
  const osVersion = profile.osMajor[1] === 0 ? ['', '', ''] : [String(rng.int(profile.osMajor[0], profile.osMajor[1])), String(rng.int(0, 6)), rng.chance(0.5) ? String(rng.int(0, 3)) : ''];
  return [id, browser, ...browserVersion, device.type, ...deviceVersion, profile.os, ...osVersion];
}

/** Hits per day: quieter weekends, ±40% noise and a few spikes, so the daily counts move. */
function dayCounts(seed: number, shape: Shape, rows: number): number[] {
  const rng = new Rng(seed, 'activity:days');
  const weights = Array.from({ length: shape.days }, (_, d) => {
    const weekday = new Date(shape.start + d * DAY_MS).getUTCDay();
    const weekend = weekday === 0 || weekday === 6 ? 0.7 : 1;
    return weekend * rng.between(0.6, 1.4) * (rng.chance(0.05) ? rng.between(2, 3) : 1);
  });
  return allocate(rows, weights);
}

/** `YYYY-MM-DDTHH:MM:SS.mmmZ`, or without the offset as `YYYY-MM-DD HH:MM:SS.mmm`. */
function eventTime(ms: number, zoned: boolean): string {
  const text = isoTimestamp(ms, 0);
  const fraction = '.' + String(ms % 1000).padStart(3, '0');
  return zoned ? text.slice(0, 19) + fraction + 'Z' : text.slice(0, 10) + ' ' + text.slice(11, 19) + fraction;
}

/** The same instant as a US date and time: not ISO-8601, so INVALID_TIMESTAMP. */
function usTime(ms: number): string {
  const text = isoTimestamp(ms, 0);
  return `${text.slice(5, 7)}/${text.slice(8, 10)}/${text.slice(0, 4)} ${text.slice(11, 19)}`;
}

/** Makes valid hits: a page, a referrer, a user's device and host. */
class Hits {
  private readonly picker: SkewedPicker;

  constructor(
    private readonly pop: Population,
    private readonly rng: Rng,
  ) {
    // A few heavy users and a long tail.
    this.picker = new SkewedPicker(pop.users.length, 2, rng);
  }

  /** Today's active users: some of yesterday's (a streak), topped up with new picks. */
  activeUsers(yesterday: readonly number[], hits: number): number[] {
    const wanted = Math.min(this.pop.users.length, Math.max(1, Math.round((hits * (1 - ANONYMOUS_SHARE)) / HITS_PER_ACTIVE_USER)));
    const active = new Set<number>();
    for (const u of yesterday) if (active.size < wanted && this.rng.chance(STREAK)) active.add(u);
    // Bounded: a skewed pick repeats popular users, and a day may end up with fewer.
    for (let tries = 0; active.size < wanted && tries < 4 * wanted + 20; tries++) active.add(this.picker.pick(this.rng));
    return [...active];
  }

  /** A valid hit at `ms` by one of `active` (or anonymous), in events.csv's column order. */
  hit(active: readonly number[], ms: number, allowNoDevice = true): string[] {
    const rng = this.rng;
    const pop = this.pop;
    const anonymous = active.length === 0 || rng.chance(ANONYMOUS_SHARE);
    const u = anonymous ? -1 : active[rng.int(0, active.length - 1)]!;
    const second = u >= 0 ? pop.userSecondDevice[u]! : -1;
    const deviceIndex = u < 0 ? rng.int(0, pop.devices.length - 1) : second >= 0 && rng.chance(0.4) ? second : pop.userDevice[u]!;
    const device = allowNoDevice && rng.chance(NO_DEVICE_SHARE) ? '' : pop.devices[deviceIndex]![0]!;
    const host = pop.hosts[u >= 0 && rng.chance(HOME_HOST_SHARE) ? pop.userHost[u]! : rng.weighted(pop.hostWeights)]!;
    const page = rng.pick(PAGES);
    const url = page.endsWith('#') ? page.slice(0, -1) + String(rng.int(1, 40)) : page;
    // Some visitors come from another page of the same site.
    const referrer = rng.chance(0.25) ? `https://${host}/` : rng.pick(REFERRERS);
    return [url, referrer, u >= 0 ? pop.users[u]! : '', device, host, eventTime(ms, !rng.chance(UNZONED_SHARE))];
  }
}

export async function generateActivity(opts: GenerateOptions): Promise<ActivityGenerateResult> {
  checkGenerateOptions(opts);
  const rows = opts.rows;
  const badRate = opts.badRate ?? 0;
  const shape = shapeOf(rows);
  const pop = population(opts.seed, shape);
  const counts = dayCounts(opts.seed, shape, rows);
  const rng = new Rng(opts.seed, 'activity:hits');
  const badRng = new Rng(opts.seed, 'activity:bad');
  const deviceBadRng = new Rng(opts.seed, 'activity:devices:bad');
  const plan = new BadSlotPlan<(typeof ACTIVITY_EVENTS_BAD_KINDS)[number]>(rows, Math.round(rows * badRate), badRng, ACTIVITY_EVENTS_BAD_KINDS);
  // Every device kind at least once when there are bad rows at all: a small file still shows both.
  const deviceBad = badRate > 0 ? Math.min(shape.devices, Math.max(ACTIVITY_DEVICES_BAD_KINDS.length, Math.round(shape.devices * badRate))) : 0;
  const devicePlan = new BadSlotPlan<(typeof ACTIVITY_DEVICES_BAD_KINDS)[number]>(shape.devices, deviceBad, deviceBadRng, ACTIVITY_DEVICES_BAD_KINDS);
  const byKind: Record<string, number> = {};
  const count = (kind: ActivityBadKind) => (byKind[kind] = (byKind[kind] ?? 0) + 1);

  await mkdir(opts.outDir, { recursive: true });
  const devicesPath = join(opts.outDir, ACTIVITY_DEVICES_FILE);
  const eventsPath = join(opts.outDir, ACTIVITY_EVENTS_FILE);
  const devicesOut = new ChunkedWriter(devicesPath);
  const eventsOut = new ChunkedWriter(eventsPath);
  let deviceRows = 0;
  let deviceRejected = 0;
  let eventRejected = 0;
  try {
    // Devices: each once, and after some a second row for a device already written.
    devicesOut.add(csvLine(ACTIVITY_DEVICES_HEADER));
    const repeated = new Set<number>();
    for (const [i, row] of pop.devices.entries()) {
      if (devicesOut.add(csvLine(row))) await devicesOut.flush();
      deviceRows++;
      const kind = devicePlan.kindAt(i);
      if (kind === undefined) continue;
      // One repeat per device: a device both copied and in conflict would lose its copy to DEVICE_CONFLICT too.
      const earlier = deviceBadRng.int(0, i);
      const d = repeated.has(earlier) ? i : earlier;
      repeated.add(d);
      const original = pop.devices[d]!;
      // The same browser with another version: the kept row is then the first line, whatever the collation.
      const repeat = kind === 'duplicate_device' ? original : [original[0]!, original[1]!, String(Number(original[2]) + 1), ...original.slice(3)];
      devicesOut.add(csvLine(repeat));
      deviceRows++;
      deviceRejected++;
      count(kind);
    }
    await devicesOut.close();

    eventsOut.add(csvLine(ACTIVITY_EVENTS_HEADER));
    const hits = new Hits(pop, rng);
    let written = 0;
    let active: number[] = [];
    let lastClean: string[] | undefined;
    for (let day = 0; day < shape.days; day++) {
      const today = counts[day]!;
      if (today === 0) continue;
      active = hits.activeUsers(active, today);
      // Distinct instants: no two valid hits are ever the same row by chance.
      const times = rng.distinctInts(today, 0, DAY_MS - 1);
      for (const t of times) {
        const i = written++;
        const ms = shape.start + day * DAY_MS + t;
        let fields = hits.hit(active, ms);
        let kind = plan.kindAt(i);
        // A copy needs a valid hit before it.
        if (kind === 'duplicate_hit' && lastClean === undefined) kind = 'unknown_device';
        if (kind === undefined) lastClean = fields;
        else {
          fields = kind === 'duplicate_hit' ? lastClean! : badFields(kind, fields, ms, pop, badRng);
          eventRejected++;
          count(kind);
        }
        if (eventsOut.add(csvLine(fields))) await eventsOut.flush();
        if (i % 4096 === 4095) opts.onProgress?.(written, rows);
      }
    }
    await eventsOut.close();
  } catch (err) {
    await devicesOut.abort();
    await eventsOut.abort();
    await rm(devicesPath, { force: true });
    await rm(eventsPath, { force: true });
    throw err;
  }
  opts.onProgress?.(rows, rows);
  return {
    files: [
      { name: ACTIVITY_DEVICES_FILE, path: devicesPath, rows: deviceRows, badRows: deviceRejected },
      { name: ACTIVITY_EVENTS_FILE, path: eventsPath, rows, badRows: eventRejected },
    ],
    badRowsByKind: byKind,
  };
}

/** A valid hit with one defect of the kind (a duplicate is the copied row itself, written by the caller). */
function badFields(kind: Exclude<(typeof ACTIVITY_EVENTS_BAD_KINDS)[number], 'duplicate_hit'>, fields: readonly string[], ms: number, pop: Population, rng: Rng): string[] {
  const [url, referrer, user, device, host, time] = fields as [string, string, string, string, string, string];
  switch (kind) {
    case 'unknown_device': {
      let id: string;
      do id = String(rng.int(100_000_000, 2_147_483_647));
      while (pop.deviceIds.has(id));
      return [url, referrer, user, id, host, time];
    }
    case 'bad_timestamp':
      return [url, referrer, user, device, host, usTime(ms)];
    case 'missing_host':
      return [url, referrer, user, device, '', time];
  }
}

/**
 * The bench's incremental run: `rows` hits on the day after the generated range, by known users
 * on their own devices (every device_id listed in devices.csv), each at its own instant: every row
 * new and valid. Assumes the full generation took the default shape.
 */
export async function generateActivityIncrement(opts: IncrementOptions): Promise<IncrementResult> {
  const fullRows = opts.full.files.find((f) => f.name === ACTIVITY_EVENTS_FILE)?.rows ?? 0;
  const shape = shapeOf(fullRows);
  const pop = population(opts.seed, shape);
  const rng = new Rng(opts.seed, 'activity:increment');
  const hits = new Hits(pop, rng);
  const day = shape.start + shape.days * DAY_MS;
  await mkdir(opts.outDir, { recursive: true });
  const path = join(opts.outDir, ACTIVITY_INCREMENT_FILE);
  const out = new ChunkedWriter(path);
  try {
    out.add(csvLine(ACTIVITY_EVENTS_HEADER));
    const active = hits.activeUsers([], opts.rows);
    for (const t of rng.distinctInts(opts.rows, 0, DAY_MS - 1)) {
      if (out.add(csvLine(hits.hit(active, day + t, false)))) await out.flush();
    }
    await out.close();
  } catch (err) {
    await out.abort();
    await rm(path, { force: true });
    throw err;
  }
  return { name: ACTIVITY_INCREMENT_FILE, path, rows: opts.rows };
}
