/** Deterministic, streaming synthetic data: the building blocks every product's generator uses. */
export { Rng, SkewedPicker, cumulativeWeights } from './prng';
export { addMonths, allocate, dailyWeights, demandWeight, makePeriod, parseIsoDate, Timeline, type Period } from './calendar';
export { csvDocument, csvLine, DAY_MS, formatBasisUnits, formatCents, isoDate, isoTimestamp } from './format';
export { BadSlotPlan, RateSlotPlan, badRow, type BadRow, type EmittedRow } from './bad-slots';
export { ChunkedWriter } from './writer';
