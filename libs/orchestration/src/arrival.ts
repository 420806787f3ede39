/**
 * The arrival rule of a product's raw drops (products.md F.3): a drop is one folder under the raw
 * prefix; it runs once its required files are all there, with a manifest of exactly the objects
 * (keys and ETags) it was planned from. Pure: whoever sees an object arrive lists the drop's
 * folder and calls `planDrop`; every event of the drop then plans the same batch, so the
 * deterministic execution name lets Step Functions start it once.
 */
import { decodeS3Key, executionName, type S3ObjectCreatedEvent } from './s3-trigger';

/** One object of a drop's folder as S3 lists it. */
export interface RawObject {
  key: string;
  etag: string;
}

/** The objects a run processes, no more and no fewer (the Glue job's `--manifest`). */
export interface Manifest {
  files: RawObject[];
}

export interface DropOptions {
  /** The product's raw prefix, ending in `/` (e.g. `commerce/incoming/`). */
  rawPrefix: string;
  /** Entities whose file must be in the drop before it runs (the product's contract entities). */
  required: string[];
  /** The entity a file name belongs to, or undefined for a file the product does not read. */
  entityOf: (fileName: string) => string | undefined;
}

export type DropDecision =
  | { action: 'wait'; batchPrefix: string; missing: string[] }
  | { action: 'start'; name: string; input: { batchPrefix: string; manifest: Manifest }; ignored: string[] };

/** The drop folder of an object key: `<rawPrefix><folder>/`. Keys directly under the raw prefix are a drop of their own folder (the raw prefix). */
export function dropOf(key: string, rawPrefix: string): string {
  if (!rawPrefix.endsWith('/')) throw new Error(`rawPrefix "${rawPrefix}" must end in "/".`);
  if (!key.startsWith(rawPrefix)) throw new Error(`${key} is outside ${rawPrefix}`);
  const rest = key.slice(rawPrefix.length);
  const slash = rest.indexOf('/');
  return slash < 0 ? rawPrefix : `${rawPrefix}${rest.slice(0, slash + 1)}`;
}

/**
 * Decide what a drop does, from the listing of its folder.
 * - a required entity without a file: wait (the event of its file plans again);
 * - otherwise start, with the manifest of the drop's CSV files the product reads (sorted by
 *   key; files it does not read are named in `ignored`), named
 *   `<folder>-<16 hex of SHA-256 of the keys and ETags>`: the same files give the same name,
 *   new bytes (a new ETag) give a new one;
 * - an empty drop (a folder with no file the product reads, e.g. a folder marker only, and no
 *   required entity) starts too, with an empty manifest: the run records a no-op.
 */
export function planDrop(batchPrefix: string, listing: RawObject[], options: DropOptions): DropDecision {
  const problems: string[] = [];
  if (!batchPrefix.endsWith('/') || !batchPrefix.startsWith(options.rawPrefix)) problems.push(`batchPrefix "${batchPrefix}" must be a folder under ${options.rawPrefix}`);
  for (const o of listing) if (!o.key.startsWith(batchPrefix)) problems.push(`${o.key} is not in the drop ${batchPrefix}`);
  for (const o of listing) if (!o.etag) problems.push(`${o.key} has no ETag (the manifest pins every object by its ETag)`);
  if (problems.length) throw new Error(`Cannot plan the drop:\n${problems.map((p) => `  - ${p}`).join('\n')}`);

  const files: RawObject[] = [];
  const ignored: string[] = [];
  for (const o of [...listing].sort((a, b) => a.key.localeCompare(b.key))) {
    const name = o.key.slice(batchPrefix.length);
    // Sub-folders are drops of their own; folder markers carry no data.
    if (name === '' || name.includes('/')) continue;
    if (options.entityOf(name)) files.push({ key: o.key, etag: normaliseEtag(o.etag) });
    else ignored.push(o.key);
  }
  const present = new Set(files.map((f) => options.entityOf(f.key.slice(batchPrefix.length))));
  const missing = options.required.filter((e) => !present.has(e));
  if (missing.length) return { action: 'wait', batchPrefix, missing };
  const folder = batchPrefix.slice(options.rawPrefix.length) || 'drop';
  const identity = files.length ? files.flatMap((f) => [f.key, f.etag]) : ['empty', batchPrefix];
  return { action: 'start', name: executionName(folder, identity), input: { batchPrefix, manifest: { files } }, ignored };
}

/** S3 lists ETags in quotes and events send them bare: compare them bare. */
export const normaliseEtag = (etag: string) => etag.replace(/^"|"$/g, '');

/** The drop folder an Object Created event belongs to, or why the event is not about a drop. */
export function dropForEvent(event: S3ObjectCreatedEvent, options: { rawPrefix: string; bucketName?: string }): { batchPrefix: string } | { ignored: string } {
  const bucket = event.detail?.bucket?.name;
  if (options.bucketName !== undefined && bucket !== options.bucketName) return { ignored: `bucket ${bucket} is not the raw bucket ${options.bucketName}` };
  const key = decodeS3Key(event.detail.object.key);
  if (!key.startsWith(options.rawPrefix)) return { ignored: `${key} is outside ${options.rawPrefix}` };
  return { batchPrefix: dropOf(key, options.rawPrefix) };
}
