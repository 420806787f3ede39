/**
 * Event-driven start: an EventBridge "Object Created" event from the raw bucket → the state
 * machine's input and a deterministic execution name. Pure (no AWS SDK): whoever starts the
 * execution (a starter that can set the name, the local runner) calls this, and the EventBridge
 * rule's input transformer below gives the same input shape on AWS.
 */
import { createHash } from 'node:crypto';
import type { PipelineInput } from './definition';

/** The fields of an S3 → EventBridge "Object Created" event this module reads. */
export interface S3ObjectCreatedEvent {
  version?: string;
  source: string;
  'detail-type': string;
  time: string;
  id?: string;
  account?: string;
  region?: string;
  resources?: string[];
  detail: {
    bucket: { name: string };
    object: { key: string; size?: number; etag?: string; 'version-id'?: string; sequencer?: string };
    reason?: string;
    [field: string]: unknown;
  };
}

export interface S3TriggerOptions {
  /** Only objects under this key prefix start a run (the rule's prefix filter, e.g. `commerce/incoming/`). */
  rawPrefix: string;
  /** When given, events from another bucket are ignored. */
  bucketName?: string;
}

export type S3StartInput = Required<Pick<PipelineInput, 'batchPrefix' | 'trigger'>>;

export type S3TriggerDecision = { start: true; name: string; input: S3StartInput } | { start: false; reason: string };

/** Step Functions execution names: 1 to 80 characters; these are also safe in CloudWatch Logs. */
export const EXECUTION_NAME_MAX = 80;
export const EXECUTION_NAME_PATTERN = /^[A-Za-z0-9_-]{1,80}$/;
const HASH_CHARS = 16;

/**
 * The object key as stored: S3 URL-encodes keys in its event notifications (a space arrives as
 * `+`, a `+` as `%2B`), so `+` is decoded first, then the percent escapes.
 */
export function decodeS3Key(encoded: string): string {
  try {
    return decodeURIComponent(encoded.replace(/\+/g, ' '));
  } catch {
    throw new Error(`S3 object key "${encoded}" is not valid URL encoding (a "%" must start an escape such as %20).`);
  }
}

/**
 * Decide whether an object-created event starts a pipeline run, and with what. Objects outside
 * the raw prefix, folder markers and non-CSV files are ignored (the result says why); an event
 * that is not an S3 Object Created event, or lacks the fields a run needs, is an error.
 *
 * The batch is the object's folder: the Glue job reads every file under `batchPrefix`. The name
 * is `<folder and file stem>-<16 hex of SHA-256(bucket, key, etag)>`: the same object (a
 * redelivered event, the same bytes uploaded again under the same key) always gets the same name,
 * and Step Functions refuses a second execution with a name already used.
 */
export function executionForObjectCreated(event: S3ObjectCreatedEvent, options: S3TriggerOptions): S3TriggerDecision {
  checkEvent(event);
  if (!options.rawPrefix.endsWith('/')) throw new Error(`rawPrefix "${options.rawPrefix}" must end in "/".`);
  const bucket = event.detail.bucket.name;
  if (options.bucketName !== undefined && bucket !== options.bucketName) return { start: false, reason: `bucket ${bucket} is not the raw bucket ${options.bucketName}` };
  const key = decodeS3Key(event.detail.object.key);
  if (!key.startsWith(options.rawPrefix)) return { start: false, reason: `${key} is outside ${options.rawPrefix}` };
  if (key.endsWith('/')) return { start: false, reason: `${key} is a folder marker` };
  const slash = key.lastIndexOf('/');
  const fileName = key.slice(slash + 1);
  if (!fileName.toLowerCase().endsWith('.csv')) return { start: false, reason: `${key} is not a CSV file` };

  const { etag, sequencer } = event.detail.object;
  const version = etag || sequencer;
  if (!version) throw new Error(`The event for s3://${bucket}/${key} has neither detail.object.etag nor detail.object.sequencer: the execution name needs one of them.`);
  const batchPrefix = key.slice(0, slash + 1);
  // The trigger records the event as sent (the key still URL-encoded), as the rule's input transformer does.
  const trigger: S3StartInput['trigger'] = { type: 's3', bucket, key: event.detail.object.key, time: event.time };
  if (etag) trigger.etag = etag;
  if (sequencer) trigger.sequencer = sequencer;
  return { start: true, name: executionName(key.slice(options.rawPrefix.length), [bucket, key, version]), input: { batchPrefix, trigger } };
}

/** `<readable stem>-<hash>`, at most 80 characters of [A-Za-z0-9_-]. Internal. Exported for testing. */
export function executionName(relativeKey: string, identity: string[]): string {
  const hash = createHash('sha256').update(identity.join('\n')).digest('hex').slice(0, HASH_CHARS);
  const stem = relativeKey
    .replace(/\.csv$/i, '')
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, EXECUTION_NAME_MAX - HASH_CHARS - 1)
    .replace(/-+$/, '');
  return stem ? `${stem}-${hash}` : `batch-${hash}`;
}

function checkEvent(event: S3ObjectCreatedEvent): void {
  const problems: string[] = [];
  if (event?.source !== 'aws.s3') problems.push(`source is ${JSON.stringify(event?.source)}, expected "aws.s3"`);
  if (event?.['detail-type'] !== 'Object Created') problems.push(`detail-type is ${JSON.stringify(event?.['detail-type'])}, expected "Object Created"`);
  if (typeof event?.detail?.bucket?.name !== 'string' || !event.detail.bucket.name) problems.push('detail.bucket.name is missing');
  if (typeof event?.detail?.object?.key !== 'string' || !event.detail.object.key) problems.push('detail.object.key is missing');
  if (typeof event?.time !== 'string') problems.push('time is missing');
  if (problems.length) throw new Error(`Not an S3 Object Created event:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
}

/**
 * The EventBridge rule target's input transformer for the raw-bucket rule: the execution input
 * records the object (`trigger`, the same record executionForObjectCreated makes). EventBridge
 * cannot decode the key or cut it to its folder, so this input names no `batchPrefix` and the
 * state machine uses its default raw prefix. Placeholders are unquoted, so EventBridge inserts
 * them as JSON strings.
 */
export function s3RuleInputTransformer(): { inputPaths: Record<string, string>; inputTemplate: string } {
  return {
    inputPaths: { bucket: '$.detail.bucket.name', key: '$.detail.object.key', etag: '$.detail.object.etag', sequencer: '$.detail.object.sequencer', time: '$.time' },
    inputTemplate: '{"trigger": {"type": "s3", "bucket": <bucket>, "key": <key>, "etag": <etag>, "sequencer": <sequencer>, "time": <time>}}',
  };
}
