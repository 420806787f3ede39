/** A small RFC-4180 reader for tests (quotes, doubled quotes, quoted newlines). */

export interface CsvRecord {
  readonly fields: string[];
  /** The record's text as written, without its line ending. */
  readonly raw: string;
}

export interface CsvFile {
  readonly header: string[];
  readonly records: CsvRecord[];
}

/** Splits decoded text into records; a file's bytes that are not UTF-8 arrive as U+FFFD. */
export function parseCsv(text: string): CsvFile {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let start = 0;
  const endRecord = (end: number) => {
    fields.push(field);
    records.push({ fields, raw: text.slice(start, end) });
    fields = [];
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch !== '"') {
        field += ch;
      } else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else {
        quoted = false;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      fields.push(field);
      field = '';
    } else if (ch === '\n') {
      endRecord(i);
      start = i + 1;
    } else {
      field += ch;
    }
  }
  if (start < text.length) endRecord(text.length);
  const [head, ...rest] = records;
  return { header: head?.fields ?? [], records: rest };
}
