import type { ColumnContract } from './types';

/** A required identifier column (letters, digits, `. _ : -`). */
export const idColumn = (header: string, name: string, maxLength: number, description: string): ColumnContract => ({ header, name, type: { kind: 'id', maxLength }, required: true, description });

/** A free-text column. */
export const textColumn = (header: string, name: string, maxLength: number, required: boolean, description: string): ColumnContract => ({ header, name, type: { kind: 'text', maxLength }, required, description });

/** A required money column: DECIMAL(18,2) within [min, max]. */
export const moneyColumn = (header: string, name: string, range: { min: string; max: string }, description: string): ColumnContract => ({
  header,
  name,
  type: { kind: 'decimal', precision: 18, scale: 2, ...range },
  required: true,
  description,
});
