import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { splitCsvFile } from './split';

describe('splitCsvFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'finlake-csv-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the good records with their record numbers and returns the rejects', async () => {
    const path = join(dir, 'in.csv');
    // Line 3 has too few fields, line 4 too many; line 5 holds a quoted comma and quote, line 6 an empty field.
    writeFileSync(path, 'id,name\n1,a\n2\n3,b,extra\n4,"x, ""y"""\n5,\n');
    const out = join(dir, 'out.csv');
    const loaded = await splitCsvFile(path, 2, out);
    expect(loaded).toEqual({
      rows: 3,
      rejects: [
        { line: 3, kind: 'too_few_fields', rawText: '2' },
        { line: 4, kind: 'too_many_fields', rawText: '3,b,extra' },
      ],
    });
    expect(readFileSync(out, 'utf8')).toBe('2,1,a\n5,4,"x, ""y"""\n6,5,\n');
  });

  it('reports an unterminated quote with its record number', async () => {
    const path = join(dir, 'quote.csv');
    writeFileSync(path, 'id,name\n1,a\n2,"never closed\n3,c\n');
    const loaded = await splitCsvFile(path, 2, join(dir, 'quote-out.csv'));
    expect(loaded.rejects.map((r) => [r.line, r.kind])).toEqual([[3, 'unterminated_quote']]);
  });
});
