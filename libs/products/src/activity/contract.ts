import { businessTimeZoneParameter, idColumn as id, throughDayParameter, textColumn as text, type DataProductContract, type EntityContract, type ParameterContract } from '@finlake/contracts';

/** Web events as the bootcamp's `events` table exports them (products.md B.4). */
export const events: EntityContract = {
  name: 'events',
  description: 'Page hits: who (user, device) visited which host and URL when.',
  grain: 'one row per hit; hits have no id, so an exact copy of an earlier row is the same hit',
  columns: [
    text('url', 'url', 2000, true, 'The path requested.'),
    text('referrer', 'referrer', 2000, false, 'Where the visitor came from.'),
    // Large integers in the source: kept as text, never a DOUBLE.
    { header: 'user_id', name: 'user_id', type: { kind: 'id', maxLength: 40 }, required: false, description: 'The signed-in user; empty for an anonymous hit (counted for the host, not for users).' },
    { header: 'device_id', name: 'device_id', type: { kind: 'id', maxLength: 40 }, required: false, description: 'The device (devices.csv); empty when unknown.' },
    id('host', 'host', 255, 'The site hit.'),
    { header: 'event_time', name: 'event_time', type: { kind: 'timestamp' }, required: true, description: 'Instant of the hit, ISO-8601; without an offset it is UTC. Its business date is the day it falls on in the business time zone.' },
  ],
  // No natural key: every column is the key, so an exact copy is DUPLICATE_ROW (collapsed and counted).
  key: ['url', 'referrer', 'user_id', 'device_id', 'host', 'event_time'],
  loadMode: 'append',
  references: [{ column: 'device_id', entity: 'devices', entityColumn: 'device_id', reason: 'UNKNOWN_DEVICE' }],
  rules: [],
  redshift: { dist: { key: 'host' }, sort: ['event_time'], why: 'large; hosts and users are counted per business day' },
};

const version = (part: string, of: string) => text(`${of}_version_${part}`, `${of}_version_${part}`, 50, false, `${part[0]!.toUpperCase()}${part.slice(1)} version of the ${of === 'os' ? 'operating system' : of}.`);

/** Devices as the bootcamp's `devices` table exports them; a device_id may repeat. */
export const devices: EntityContract = {
  name: 'devices',
  description: 'The browser, device and operating system behind a device_id.',
  grain: 'one row per device',
  columns: [
    id('device_id', 'device_id', 40, 'Natural key.'),
    text('browser_type', 'browser_type', 100, true, 'The browser: user activity is tracked per user and browser.'),
    ...['major', 'minor', 'patch'].map((p) => version(p, 'browser')),
    text('device_type', 'device_type', 100, false, 'The kind of device.'),
    ...['major', 'minor', 'patch'].map((p) => version(p, 'device')),
    text('os_type', 'os_type', 100, false, 'The operating system.'),
    ...['major', 'minor', 'patch'].map((p) => version(p, 'os')),
  ],
  key: ['device_id'],
  loadMode: 'upsert',
  references: [],
  rules: [],
  // The export repeats device ids: one browser per device, deterministically.
  keepOnConflict: { orderBy: ['browser_type'], reason: 'DEVICE_CONFLICT' },
};

const parameters: ParameterContract[] = [
  businessTimeZoneParameter('activity days'),
  throughDayParameter('activity_through', 'the last activity day, YYYY-MM-DD (every user and host is carried to it); empty: the last day with a hit'),
];

export const activityContract: DataProductContract = {
  name: 'activity',
  description: 'Web hits and devices, turned into user and host activity datelists and monthly host arrays.',
  entities: [devices, events],
  earliestDate: '2000-01-01',
  maxFutureDays: 1,
  reasonCodes: {
    UNKNOWN_DEVICE: 'The hit names a device_id that devices.csv does not list (loaded before or in this run).',
    DEVICE_CONFLICT: 'devices.csv lists the device_id again with other values: the row first by browser_type loads, this one does not.',
  },
  parameters,
};
