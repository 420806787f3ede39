import { describeType, RowReasonCodes, type EntityContract } from '@finlake/contracts';
import type { Engine } from '@finlake/engine';
import { RUN_QUARANTINE } from './temp-names';

/** A date as a spreadsheet shows it after reformatting (1/13/2025, 13.01.2025 10:00). */
const SPREADSHEET_DATE = /^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}( \d{1,2}:\d{2}(:\d{2})?( ?[AP]M)?)?$/i;

/** What a raw value's shape says about how the file was produced, when it says something. */
export function likelyCause(reasonCode: string, value: string | null, record: string | null): string | undefined {
  if (value !== null && SPREADSHEET_DATE.test(value.trim())) {
    return 'The dates look reformatted by a spreadsheet; write them as in the contract (e.g. 2025-01-13, or 2025-01-13T10:00:00Z with a time), or format the column as text before saving.';
  }
  if (reasonCode === 'INVALID_ENCODING') {
    return 'The file is not UTF-8 throughout; one saved by Excel on Windows is often Windows-1252: save it as "CSV UTF-8 (Comma delimited)".';
  }
  if ((reasonCode === 'ROW_TOO_FEW_FIELDS' || reasonCode === 'ROW_TOO_MANY_FIELDS') && record !== null && record.includes(';')) {
    return 'The rows contain `;`: a spreadsheet in a locale with decimal commas saves `;`-delimited files; save as comma-separated CSV.';
  }
  return undefined;
}

/**
 * What to fix in a batch whose rows were quarantined: the most frequent reason with its column,
 * an example line and value, the format the contract expects, and a likely cause. Empty when the
 * batch has no quarantined row.
 */
export async function quarantineFixHint(engine: Engine, batchId: string, entity: EntityContract): Promise<string> {
  const [top] = await engine.query<{ reason_code: string; column_name: string | null; rows: number; line_number: number }>(
    `select reason_code, column_name, count(distinct line_number) as rows, min(line_number) as line_number
     from ${RUN_QUARANTINE} where batch_id = ? group by reason_code, column_name order by rows desc, reason_code, column_name limit 1`,
    [batchId],
  );
  if (!top) return '';
  const [example] = await engine.query<{ raw_value: string | null; raw_record: string | null }>(
    `select raw_value, raw_record from ${RUN_QUARANTINE} where batch_id = ? and reason_code = ? and line_number = ? and coalesce(column_name, '') = ? limit 1`,
    [batchId, top.reason_code, top.line_number, top.column_name ?? ''],
  );
  const column = entity.columns.find((c) => c.header.toLowerCase() === top.column_name?.toLowerCase());
  const reason = (RowReasonCodes as Record<string, string>)[top.reason_code];
  const value = example?.raw_value ?? null;
  const parts = [
    `Most often ${top.reason_code}${top.column_name ? ` in ${top.column_name}` : ''} (${top.rows} row(s)${reason ? `; ${reason.charAt(0).toLowerCase()}${reason.slice(1).replace(/\.$/, '')}` : ''}).`,
    `E.g. line ${top.line_number}${value !== null ? `: ${JSON.stringify(value)}` : example?.raw_record ? `: ${JSON.stringify(example.raw_record.slice(0, 120))}` : ''}${column && top.reason_code !== 'UNKNOWN_REFERENCE' ? `; expected ${describeType(column.type)}` : ''}.`,
  ];
  const cause = likelyCause(top.reason_code, value, example?.raw_record ?? null);
  if (cause) parts.push(cause);
  return parts.join(' ');
}
