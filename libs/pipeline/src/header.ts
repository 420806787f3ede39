import { FILE_MESSAGES, fillMessage, OTHER_DELIMITERS, type EntityContract } from '@finlake/contracts';

export type HeaderCheck =
  | { ok: true; /** file column index of each contract column, in contract order; -1 for a defaulted column the file leaves out */ positions: number[]; ignored: string[]; fileColumns: number }
  | { ok: false; reason: 'HEADER_MISSING_COLUMN' | 'HEADER_DUPLICATE_COLUMN'; message: string };

/** Split one CSV header line (RFC 4180 quoting) into trimmed names. */
export function splitHeader(line: string): string[] {
  const names: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        current += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else current += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      names.push(current.trim());
      current = '';
    } else current += ch;
  }
  names.push(current.trim());
  return names;
}

const normalise = (name: string) => name.trim().toLowerCase();

/**
 * Match a file header to the contract: names compare case-insensitively and trimmed; column
 * order is free; extra columns are ignored (and reported); a missing or duplicated name rejects
 * the file.
 */
export function checkHeader(entity: EntityContract, names: string[]): HeaderCheck {
  const seen = new Map<string, number>();
  const duplicates: string[] = [];
  names.forEach((name, i) => {
    const key = normalise(name);
    if (seen.has(key)) duplicates.push(name);
    else seen.set(key, i);
  });
  const wanted = new Set(entity.columns.map((c) => normalise(c.header)));
  const duplicatedContract = duplicates.filter((d) => wanted.has(normalise(d)));
  if (duplicatedContract.length > 0) {
    return { ok: false, reason: 'HEADER_DUPLICATE_COLUMN', message: fillMessage(FILE_MESSAGES.HEADER_DUPLICATE_COLUMN, { columns: duplicatedContract.map((d) => JSON.stringify(d)).join(', ') }) };
  }
  // A column with a default may be left out: its position is -1 and every row takes the default.
  const missing = entity.columns.filter((c) => !seen.has(normalise(c.header)) && c.default === undefined).map((c) => c.header);
  if (missing.length > 0) {
    const delimiter = names.length === 1 ? OTHER_DELIMITERS.find((d) => names[0]!.includes(d)) : undefined;
    const hint = delimiter ? fillMessage(FILE_MESSAGES.OTHER_DELIMITER, { delimiter: JSON.stringify(delimiter) }) : '';
    return {
      ok: false,
      reason: 'HEADER_MISSING_COLUMN',
      message: fillMessage(FILE_MESSAGES.HEADER_MISSING_COLUMN, { missing: missing.join(', '), expected: entity.columns.map((c) => c.header).join(',') }) + hint,
    };
  }
  return {
    ok: true,
    positions: entity.columns.map((c) => seen.get(normalise(c.header)) ?? -1),
    ignored: names.filter((n) => !wanted.has(normalise(n))),
    fileColumns: names.length,
  };
}
