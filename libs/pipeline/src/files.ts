import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { findEntityForFile, NUL_SCAN_BYTES, UTF16_BOMS, type DataProductContract, type EntityContract } from '@finlake/contracts';
import { UsageError } from '@finlake/errors';

export interface InputFile {
  path: string;
  name: string;
  entity: EntityContract;
}

/** The CSV files of `dir` that belong to the product's entities, in load order; other files are listed apart. */
export function discoverFiles(product: DataProductContract, dir: string): { files: InputFile[]; ignored: string[] } {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`Input directory not found: ${dir}`);
  const files: InputFile[] = [];
  const ignored: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (!statSync(path).isFile()) continue;
    const entity = findEntityForFile(product, name);
    if (entity) files.push({ path, name, entity });
    else ignored.push(name);
  }
  const order = product.entities.map((e) => e.name);
  files.sort((a, b) => order.indexOf(a.entity.name) - order.indexOf(b.entity.name) || a.name.localeCompare(b.name));
  return { files, ignored };
}

export interface FileInspection {
  /** sha256 of the bytes: the batch id. */
  hash: string;
  bytes: number;
  /** First line without BOM and line ending; undefined for an empty file. */
  headerLine?: string;
  /** Not UTF-8 text (UTF-16 BOM or NUL bytes). */
  notUtf8: boolean;
}

const MAX_HEADER_BYTES = 1 << 20;

/** One streaming pass: hash the bytes, capture the header line, note the encoding. Nothing more, so that recognising an already loaded file costs no more than hashing it. */
export async function inspectFile(path: string): Promise<FileInspection> {
  const hash = createHash('sha256');
  let bytes = 0;
  let head = Buffer.alloc(0);
  let headDone = false;
  let notUtf8 = false;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    if (bytes === 0) {
      const utf16Bom = UTF16_BOMS.some((bom) => bom.every((byte, i) => chunk[i] === byte));
      if (utf16Bom || chunk.subarray(0, NUL_SCAN_BYTES).includes(0)) notUtf8 = true;
    }
    bytes += chunk.length;
    if (!headDone) {
      head = Buffer.concat([head, chunk]);
      if (head.includes(10) || head.length > MAX_HEADER_BYTES) headDone = true;
    }
  }
  let headerLine: string | undefined;
  if (bytes > 0) {
    const nl = head.indexOf(10);
    let line = (nl === -1 ? head : head.subarray(0, nl)).toString('utf8');
    if (line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    headerLine = line.replace(/\r$/, '');
  }
  return { hash: hash.digest('hex'), bytes, headerLine, notUtf8 };
}

/** Whether the file contains a carriage return (CRLF or mixed line endings); stops at the first. */
export async function hasCarriageReturns(path: string): Promise<boolean> {
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    if (chunk.includes(13)) return true;
  }
  return false;
}

/** Copy a file with every CRLF or lone CR turned into LF, so mixed line endings parse as one format. */
export async function normaliseLineEndings(path: string, out: string): Promise<void> {
  let pendingCr = false;
  const transform = new Transform({
    transform(chunk: Buffer, _enc, done) {
      let text = chunk.toString('latin1');
      if (pendingCr) text = '\r' + text;
      pendingCr = text.endsWith('\r');
      if (pendingCr) text = text.slice(0, -1);
      done(null, Buffer.from(text.replace(/\r\n?/g, '\n'), 'latin1'));
    },
    flush(done) {
      done(null, pendingCr ? Buffer.from('\n') : null);
    },
  });
  await pipeline(createReadStream(path), transform, createWriteStream(out));
}

export const displayName = (file: InputFile) => basename(file.path);
