import { UsageError } from '@finlake/errors';
import type { GenerateOptions } from './types';

/** What every product's generator refuses: rows, seed and outDir missing or malformed, a bad-row share outside 0..1. */
export function checkGenerateOptions(o: Pick<GenerateOptions, 'rows' | 'seed' | 'outDir' | 'badRate'>): void {
  if (!Number.isSafeInteger(o.rows) || o.rows < 0) throw new UsageError(`rows must be a whole number >= 0, got ${o.rows}`);
  if (!Number.isSafeInteger(o.seed)) throw new UsageError(`seed must be a whole number, got ${o.seed}`);
  if (typeof o.outDir !== 'string' || o.outDir === '') throw new UsageError('outDir is required');
  const badRate = o.badRate ?? 0;
  if (!(badRate >= 0 && badRate <= 1)) throw new UsageError(`badRate must be between 0 and 1, got ${badRate}`);
}
