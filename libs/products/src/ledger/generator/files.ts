/** Writing a generated file: small ones at once, streamed ones through a `.partial` renamed into place. */
import { rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ChunkedWriter, csvDocument, csvLine } from '@finlake/generator';
import { fileOf, LEDGER_HEADERS, type LedgerEntity } from './columns';

export interface WrittenFile {
  name: string;
  path: string;
  rows: number;
  badRows: number;
}

export async function writeSmallFile(outDir: string, entity: LedgerEntity, rows: readonly string[][]): Promise<WrittenFile> {
  const name = fileOf(entity);
  const path = join(outDir, name);
  await writeFile(path, csvDocument(LEDGER_HEADERS[entity], rows));
  return { name, path, rows: rows.length, badRows: 0 };
}

/** Streams into `<path>.partial` files renamed into place only when every one is complete, so readers never see half a file. */
export async function streamFiles<T>(paths: readonly string[], headers: readonly (readonly string[])[], write: (writers: ChunkedWriter[]) => Promise<T>): Promise<T> {
  const writers = paths.map((p) => new ChunkedWriter(`${p}.partial`));
  try {
    writers.forEach((w, i) => w.add(csvLine(headers[i])));
    const result = await write(writers);
    for (const w of writers) await w.close();
    for (const p of paths) await rename(`${p}.partial`, p);
    return result;
  } catch (err) {
    for (const w of writers) await w.abort();
    for (const p of paths) await rm(`${p}.partial`, { force: true });
    throw err;
  }
}
