import type { RawReject } from '@finlake/engine';

/** Where record numbers jump over rejected records (see rejectShifts). */
export interface RejectShift {
  /** 0-based ordinal among the records read from which the shift applies. */
  from: number;
  /** Records rejected before it. */
  shift: number;
}

/** A CASE of more arms than this is replaced by a stored record number. */
export const MAX_SHIFT_ARMS = 64;

/**
 * Where the record numbers of the records read jump over rejected records: from ordinal
 * `from` (0-based, among records read) on, `shift` records were rejected before. Sorted by `from`.
 */
export function rejectShifts(rejects: readonly RawReject[]): RejectShift[] {
  const byFrom = new Map<number, number>();
  // Records read before reject j (0-based) = line_j - 2 - j; consecutive rejects share one: keep the last.
  [...rejects].sort((a, b) => a.line - b.line).forEach((r, j) => byFrom.set(r.line - 2 - j, j + 1));
  return [...byFrom].map(([from, shift]) => ({ from, shift }));
}

function shiftCase(ordinal: string, shifts: readonly RejectShift[]): string {
  const arms = [...shifts].reverse().map((s) => `when ${ordinal} >= ${s.from} then ${s.shift}`);
  return `case ${arms.join(' ')} else 0 end`;
}

/** The record number (header = 1) of the record read at 0-based `ordinal`. */
export function recFromOrdinal(ordinal: string, shifts: readonly RejectShift[]): string {
  return shifts.length === 0 ? `(${ordinal} + 2)` : `(${ordinal} + 2 + ${shiftCase(ordinal, shifts)})`;
}
