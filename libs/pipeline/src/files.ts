import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { expectedFileNames, FILE_NAME_RULE, findEntityForFile, NUL_SCAN_BYTES, suggestFileName, UTF16_BOMS, ZIP_SIGNATURE, type DataProductContract, type EntityContract } from '@finlake/contracts';
import { UsageError } from '@finlake/errors';

export interface InputFile {
  path: string;
  name: string;
  entity: EntityContract;
}

/** What an input (a directory, or one file) holds for a product. */
export interface Discovery {
  /** The files of the product's entities, in load order. */
  files: InputFile[];
  /** Other files: not `.csv` and not named after an entity (README.md, .DS_Store). */
  ignored: string[];
  /** Files that look meant for the product but match no entity by name: a `.csv`, or an entity's name with another extension. */
  misnamed: { name: string; suggestion?: string }[];
  /** Subfolders, which are not read, each with the product's files directly in it. */
  subfolders: { name: string; files: string[] }[];
  /** The input named one file rather than a directory. */
  single: boolean;
}

/**
 * The files of `input` that belong to the product's entities, by findEntityForFile. `input` is a
 * directory (its files, not its subfolders) or a single file.
 */
export function discoverFiles(product: DataProductContract, input: string): Discovery {
  if (!existsSync(input)) throw new UsageError(`Input not found: ${input} (give a directory of raw CSV files, or one file).`);
  const single = !statSync(input).isDirectory();
  const dir = single ? dirname(input) : input;
  const found: Discovery = { files: [], ignored: [], misnamed: [], subfolders: [], single };
  for (const name of single ? [basename(input)] : readdirSync(dir).sort()) {
    const path = join(dir, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat?.isDirectory()) {
      found.subfolders.push({ name, files: readdirSync(path).filter((n) => findEntityForFile(product, n) && statSync(join(path, n)).isFile()).sort() });
      continue;
    }
    if (!stat?.isFile()) continue;
    const entity = findEntityForFile(product, name);
    const suggestion = entity ? undefined : suggestFileName(product, name);
    if (entity) found.files.push({ path, name, entity });
    else if (suggestion || name.toLowerCase().endsWith('.csv')) found.misnamed.push({ name, ...(suggestion && { suggestion }) });
    else found.ignored.push(name);
  }
  const order = product.entities.map((e) => e.name);
  found.files.sort((a, b) => order.indexOf(a.entity.name) - order.indexOf(b.entity.name) || a.name.localeCompare(b.name));
  return found;
}

/**
 * The files a run loads from `input`. A usage error, before anything is written, when there is
 * none or when a file looks meant for the product but is misnamed (it would be left out
 * silently): the message lists the names the product expects and what was found.
 */
export function inputFiles(product: DataProductContract, input: string): { files: InputFile[]; ignored: string[] } {
  const found = discoverFiles(product, input);
  if (found.files.length > 0 && found.misnamed.length === 0) return { files: found.files, ignored: found.ignored };
  throw new UsageError(inputProblem(product, input, found));
}

/** Internal. Exported for testing. */
export function inputProblem(product: DataProductContract, input: string, found: Discovery): string {
  const lines = [
    found.single ? `${input} is not a ${product.name} file.` : found.files.length === 0 ? `No ${product.name} file in ${input}.` : `${found.misnamed.length} file(s) in ${input} match no ${product.name} entity; nothing was loaded.`,
    `Expected, one or more per entity: ${expectedFileNames(product).join(', ')}. A file's name is ${FILE_NAME_RULE}.`,
  ];
  const seen = [
    ...found.files.map((f) => f.name),
    ...found.misnamed.map((m) => (m.suggestion ? `${m.name} (rename to ${m.suggestion})` : `${m.name} (matches no entity)`)),
    ...found.ignored,
    ...found.subfolders.map((s) => `${s.name}/`),
  ];
  lines.push(seen.length ? `Found: ${seen.join(', ')}.` : 'Found: nothing (the directory is empty).');
  const withFiles = found.subfolders.filter((s) => s.files.length > 0);
  if (withFiles.length) {
    lines.push(`Subfolders are not read: ${withFiles.map((s) => `${s.name}/ has ${s.files.join(', ')}`).join('; ')}. Run each folder as its own input, e.g. ${join(input, withFiles[0]!.name)}.`);
  }
  return lines.join('\n');
}

export interface FileInspection {
  /** sha256 of the bytes: the batch id. */
  hash: string;
  bytes: number;
  /** First line without BOM and line ending; undefined for an empty file. */
  headerLine?: string;
  /** Not UTF-8 text (UTF-16 BOM or NUL bytes). */
  notUtf8: boolean;
  /** Starts with the ZIP signature: an .xlsx workbook or a .zip archive. */
  zip: boolean;
}

const MAX_HEADER_BYTES = 1 << 20;

/** One streaming pass: hash the bytes, capture the header line, note the encoding. Nothing more, so that recognising an already loaded file costs no more than hashing it. */
export async function inspectFile(path: string): Promise<FileInspection> {
  const hash = createHash('sha256');
  let bytes = 0;
  let head = Buffer.alloc(0);
  let headDone = false;
  let notUtf8 = false;
  let zip = false;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    if (bytes === 0) {
      const utf16Bom = UTF16_BOMS.some((bom) => bom.every((byte, i) => chunk[i] === byte));
      if (utf16Bom || chunk.subarray(0, NUL_SCAN_BYTES).includes(0)) notUtf8 = true;
      zip = ZIP_SIGNATURE.every((byte, i) => chunk[i] === byte);
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
  return { hash: hash.digest('hex'), bytes, headerLine, notUtf8, zip };
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
