import { join } from 'node:path';
import { FILE_MESSAGES } from '@finlake/contracts';
import type { Engine } from '@finlake/engine';
import { failpoint } from './failpoint';
import { hasCarriageReturns, inspectFile, normaliseLineEndings, type InputFile } from './files';
import { checkHeader, splitHeader } from './header';
import { checkedFileTable, rawFileTable, RUN_QUARANTINE } from './temp-names';
import { loadAndValidate, validRows, type FileBatch, type KnownKeys } from './validate';
import type { DateBounds } from './validate-sql';

/**
 * The first stage of every driver: one file in, its batch out. A file is recognised by its
 * content (the batch id is the SHA-256 of its bytes), read once, and every record checked against
 * the contract; good rows stay in the batch's checked table, bad rows go to the run's quarantine.
 */
export interface FileCheck {
  input: InputFile;
  batchId: string;
  bytes: number;
  /** checked: its rows are ready to stage; skipped: loaded before; rejected: the file cannot be read as the contract says. */
  status: 'checked' | 'skipped' | 'rejected';
  reasonCode?: string;
  message?: string;
  /** The file the same content was loaded from before. */
  duplicateOf?: string;
  rowsRead: number;
  rowsValid: number;
  rowsQuarantined: number;
  /** Set once the file's records were read. */
  batch?: FileBatch;
  startedAt: Date;
  finishedAt: Date;
}

/** What the stage needs besides the file: everything plain, nothing shared. */
export interface CheckFileOptions {
  runId: string;
  /** The file's position in the run: names its temporary tables. */
  index: number;
  bounds: DateBounds;
  /** A folder for a copy with normalised line endings, when the file needs one. */
  scratch: string;
  /** The file name under which this content was loaded before (the ledger, the job bookmark, an earlier file of the run), if any. */
  loadedAs: (batchId: string) => string | undefined;
  /** Where each entity's loaded keys live (the file's references, and its own keys for an append entity). */
  knownKeys: KnownKeys;
}

/**
 * Recognise a file without reading its rows: already loaded (skipped), or unreadable (rejected:
 * empty, not UTF-8, a header that does not match the contract). Cheap enough for a dry run.
 */
export async function recogniseFile(input: InputFile, loadedAs: (batchId: string) => string | undefined) {
  const startedAt = new Date();
  const info = await inspectFile(input.path);
  const check: FileCheck = { input, batchId: info.hash, bytes: info.bytes, status: 'checked', rowsRead: 0, rowsValid: 0, rowsQuarantined: 0, startedAt, finishedAt: startedAt };
  const finish = (status: FileCheck['status'], reasonCode?: string, message?: string) => Object.assign(check, { status, reasonCode, message, finishedAt: new Date() });
  const earlier = loadedAs(info.hash);
  if (earlier !== undefined) {
    check.duplicateOf = earlier;
    return { check: finish('skipped', undefined, earlier === input.name ? 'Already loaded.' : `Same content as ${earlier}, already loaded.`) };
  }
  if (info.bytes === 0 || info.headerLine === undefined) return { check: finish('rejected', 'FILE_EMPTY', FILE_MESSAGES.FILE_EMPTY) };
  if (info.zip) return { check: finish('rejected', 'FILE_ENCODING', FILE_MESSAGES.FILE_SPREADSHEET) };
  if (info.notUtf8) return { check: finish('rejected', 'FILE_ENCODING', FILE_MESSAGES.FILE_ENCODING) };
  const header = checkHeader(input.entity, splitHeader(info.headerLine));
  if (!header.ok) return { check: finish('rejected', header.reason, header.message) };
  return { check, header };
}

/** Check a file: recognise it, then read and validate every record (see loadAndValidate). */
export async function checkFile(engine: Engine, input: InputFile, options: CheckFileOptions): Promise<FileCheck> {
  const { check, header } = await recogniseFile(input, options.loadedAs);
  if (!header) return check;
  const finish = (status: FileCheck['status'], reasonCode?: string, message?: string) => Object.assign(check, { status, reasonCode, message, finishedAt: new Date() });
  failpoint('after-ingest');

  let path = input.path;
  if (await hasCarriageReturns(input.path)) {
    path = join(options.scratch, `${options.index}.csv`);
    await normaliseLineEndings(input.path, path);
  }
  const batch: FileBatch = {
    runId: options.runId,
    batchId: check.batchId,
    fileName: input.name,
    entity: input.entity,
    rawTable: rawFileTable(options.index),
    checkedTable: checkedFileTable(options.index),
    fileColumns: header.fileColumns,
  };
  check.batch = batch;
  const load = await loadAndValidate(engine, batch, path, header.positions, options.bounds, options.knownKeys);
  check.rowsRead = load.rows + load.rejects.length;
  const unterminated = load.rejects.find((r) => r.kind === 'unterminated_quote');
  if (unterminated) return finish('rejected', 'UNTERMINATED_QUOTE', `Line ${unterminated.line}: a quoted field is never closed, so the rest of the file cannot be read reliably.`);
  const [counts] = await engine.query<{ valid: number; quarantined: number }>(
    `select (select count(*) from ${validRows(batch)} as v) as valid,
            (select count(distinct line_number) from ${RUN_QUARANTINE} where batch_id = ?) as quarantined`,
    [batch.batchId],
  );
  check.rowsValid = Number(counts!.valid);
  check.rowsQuarantined = Number(counts!.quarantined);
  return finish('checked', undefined, header.ignored.length ? `Ignored extra column(s): ${header.ignored.join(', ')}.` : undefined);
}
