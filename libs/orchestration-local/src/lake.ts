import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { DataProductContract } from '@finlake/contracts';
import type { Engine } from '@finlake/engine';
import type { ProductModels } from '@finlake/models';
import { ensureSchema, productFor } from '@finlake/pipeline';

export interface LocalLakeOptions {
  /** The warehouse (a DuckDB engine): the local stand-in for Redshift, also used by the local Glue job. */
  engine: Engine;
  /** Directory holding the local buckets: raw/, processed/ and quarantine/. */
  root: string;
  /** The registered data product the lake holds. */
  product: string;
  /** The clock for the contract's future-date rule (the Glue job's --run_date); tests pin it. */
  now?: Date;
  /** Values of the product's parameters; the others take their defaults. */
  parameters?: Readonly<Record<string, string>>;
}

/**
 * The local stand-ins for the lake buckets and the warehouse: a directory per bucket (an object
 * key is a path below it) and one engine. The engine has one connection, so the local Glue job
 * and the local Data API take turns on it through `exclusive`.
 */
export class LocalLake {
  readonly engine: Engine;
  readonly rawDir: string;
  readonly processedDir: string;
  readonly quarantineDir: string;
  readonly contract: DataProductContract;
  readonly models: ProductModels;
  readonly now?: Date;
  private tail: Promise<unknown> = Promise.resolve();
  private schemaReady = false;

  constructor(options: LocalLakeOptions) {
    this.engine = options.engine;
    const root = resolve(options.root);
    this.rawDir = join(root, 'raw');
    this.processedDir = join(root, 'processed');
    this.quarantineDir = join(root, 'quarantine');
    for (const dir of [this.rawDir, this.processedDir, this.quarantineDir]) mkdirSync(dir, { recursive: true });
    ({ contract: this.contract, models: this.models } = productFor(options.product, options.parameters));
    this.now = options.now;
  }

  /** Run fn when every earlier job or statement on the engine has finished. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined);
    return next;
  }

  /** Create the meta, staging and warehouse tables when missing (once per lake). */
  async ensureSchema(): Promise<void> {
    if (this.schemaReady) return;
    await ensureSchema(this.engine, this.contract, this.models);
    this.schemaReady = true;
  }

  /** The objects under `prefix` in the local raw bucket with their ETags (what ListObjectsV2 returns), sorted by key. */
  listRaw(prefix: string): { key: string; etag: string }[] {
    const dir = bucketPath(this.rawDir, prefix.endsWith('/') ? prefix.slice(0, -1) || '.' : prefix);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
    const out: { key: string; etag: string }[] = [];
    const walk = (d: string) => {
      for (const name of readdirSync(d).sort()) {
        const path = join(d, name);
        if (statSync(path).isDirectory()) walk(path);
        else out.push({ key: relative(this.rawDir, path).split(sep).join('/'), etag: etagOf(path) });
      }
    };
    walk(dir);
    return out.sort((x, y) => x.key.localeCompare(y.key));
  }

  /** Put an object into the local raw bucket (what an upload to S3 would do). */
  putRawObject(key: string, body: string | Buffer): string {
    const path = bucketPath(this.rawDir, key);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, body);
    return path;
  }
}

/** An object's ETag as S3 computes it for a single-part upload: the MD5 of its bytes. */
export function etagOf(path: string): string {
  return createHash('md5').update(readFileSync(path)).digest('hex');
}

/** The path of `key` inside a bucket directory; keys that would leave the bucket are refused. */
export function bucketPath(bucketDir: string, key: string): string {
  const path = resolve(bucketDir, key);
  if (path !== bucketDir && !path.startsWith(bucketDir + sep)) throw new Error(`Key "${key}" points outside the bucket.`);
  return path;
}
