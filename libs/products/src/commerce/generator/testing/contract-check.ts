/**
 * A reference reading of the commerce contract for tests: which rows a correct loader rejects.
 * It proves the generator's promise that bad rows are rejected and valid rows are not; it is
 * not the pipeline's validator.
 */
import {
  BOOLEAN_VALUES,
  DATE_PATTERN,
  DECIMAL_PATTERN,
  decimalScalePattern,
  ID_PATTERN,
  INTEGER_PATTERN,
  NULL_MARKERS,
  TIMESTAMP_PATTERN,
  type ColumnContract,
  type DataProductContract,
  type EntityContract,
  type RowReasonCode,
} from '@finlake/contracts';
import type { CsvFile, CsvRecord } from '@finlake/generator/testing';

// The contract's own rule constants (libs/contracts/src/rules.ts), matched against the whole value.
const whole = (pattern: string) => new RegExp(`^(?:${pattern})$`);
const MARKERS = new Set(NULL_MARKERS);
const ID = whole(ID_PATTERN);
const INTEGER = whole(INTEGER_PATTERN);
const DECIMAL = whole(DECIMAL_PATTERN);
const DATE = whole(DATE_PATTERN);
const TIMESTAMP = whole(TIMESTAMP_PATTERN);
const BOOLEANS = new Set(BOOLEAN_VALUES);

export interface CheckContext {
  readonly product: DataProductContract;
  /** Inclusive bounds for dates and timestamps, in ms. */
  readonly earliestMs: number;
  readonly latestMs: number;
}

export function checkContext(product: DataProductContract, todayMs: number): CheckContext {
  return { product, earliestMs: Date.parse(`${product.earliestDate}T00:00:00Z`), latestMs: todayMs + (product.maxFutureDays + 1) * 86_400_000 };
}

function isRealDate(text: string): boolean {
  if (!DATE.test(text)) return false;
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function checkDecimal(raw: string, type: { precision: number; scale: number; min?: string; max?: string }): RowReasonCode | undefined {
  if (!DECIMAL.test(raw)) return 'INVALID_NUMBER';
  if (!whole(decimalScalePattern(type.scale)).test(raw)) return 'TOO_MANY_DECIMALS';
  if (raw.replace(/^[+-]/, '').split('.')[0]!.replace(/^0+/, '').length > type.precision - type.scale) return 'OUT_OF_RANGE';
  const n = Number(raw);
  if ((type.min !== undefined && n < Number(type.min)) || (type.max !== undefined && n > Number(type.max))) return 'OUT_OF_RANGE';
  return undefined;
}

/** A timestamp the pattern admits as ISO text Date.parse reads the same everywhere: `T`, seconds, an explicit offset (none means UTC). */
function isoTimestamp(raw: string): { date: string; iso: string; h: number; m: number; s: number } {
  const date = raw.slice(0, 10);
  const time = /^[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(\.[0-9]+)?)?/.exec(raw.slice(10));
  const zone = raw.slice(10 + (time?.[0].length ?? 0));
  const offset = zone === '' || zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(3).replace(':', '').padEnd(2, '0')}`;
  const [h, m, s] = [time?.[1] ?? '00', time?.[2] ?? '00', time?.[3] ?? '00'];
  return { date, iso: `${date}T${h}:${m}:${s}${(time?.[4] ?? '').slice(0, 4)}${offset}`, h: Number(h), m: Number(m), s: Number(s) };
}

function checkTimestamp(raw: string, ctx: CheckContext): RowReasonCode | undefined {
  if (!TIMESTAMP.test(raw)) return 'INVALID_TIMESTAMP';
  const t = isoTimestamp(raw);
  if (!isRealDate(t.date) || t.h > 23 || t.m > 59 || t.s > 59) return 'INVALID_TIMESTAMP';
  const ms = Date.parse(t.iso);
  return ms < ctx.earliestMs || ms >= ctx.latestMs ? 'DATE_OUT_OF_RANGE' : undefined;
}

export function checkValue(col: ColumnContract, raw: string, ctx: CheckContext): RowReasonCode | undefined {
  if (MARKERS.has(raw.trim().toUpperCase())) return col.required ? 'REQUIRED_MISSING' : undefined;
  const t = col.type;
  switch (t.kind) {
    case 'id':
      if (!ID.test(raw)) return 'INVALID_ID';
      return raw.length > t.maxLength ? 'FIELD_TOO_LONG' : undefined;
    case 'text':
      return raw.length > t.maxLength ? 'FIELD_TOO_LONG' : undefined;
    case 'integer':
      if (!INTEGER.test(raw)) return 'INVALID_INTEGER';
      return Number(raw) < t.min || Number(raw) > t.max ? 'OUT_OF_RANGE' : undefined;
    case 'decimal':
      return checkDecimal(raw, t);
    case 'date': {
      if (!isRealDate(raw)) return 'INVALID_DATE';
      const ms = Date.parse(`${raw}T00:00:00Z`);
      return ms < ctx.earliestMs || ms >= ctx.latestMs ? 'DATE_OUT_OF_RANGE' : undefined;
    }
    case 'timestamp':
      return checkTimestamp(raw, ctx);
    case 'boolean':
      return BOOLEANS.has(raw.toLowerCase()) ? undefined : 'INVALID_BOOLEAN';
    case 'enum':
      return t.values.includes(raw) ? undefined : 'NOT_ACCEPTED';
  }
}

/** Exact fixed-point value, so rule comparisons have no float rounding. */
function units(raw: string): bigint {
  const [whole, fraction = ''] = raw.replace('-', '').split('.');
  const value = BigInt(whole + fraction.padEnd(6, '0'));
  return raw.startsWith('-') ? -value : value;
}

type Row = Record<string, string>;

/** The contract's SQL rule conditions, restated for typed rows (keyed by staging column name). */
const RULES: Record<string, (r: Row) => boolean> = {
  clicks_not_above_impressions: (r) => Number(r.clicks) <= Number(r.impressions),
  quantity_positive_on_sales: (r) => Number(r.quantity) > 0 || (/^(true|1)$/i.test(r.is_return) && Number(r.quantity) !== 0),
  discount_within_gross: (r) => units(r.discount_amount) <= BigInt(Math.abs(Number(r.quantity))) * units(r.unit_price),
};

function rowReason(entity: EntityContract, header: string[], record: CsvRecord, ctx: CheckContext): RowReasonCode | undefined {
  if (record.fields.length < header.length) return 'ROW_TOO_FEW_FIELDS';
  if (record.fields.length > header.length) return 'ROW_TOO_MANY_FIELDS';
  if (record.raw.includes('\uFFFD')) return 'INVALID_ENCODING';
  const row: Row = {};
  for (const col of entity.columns) {
    const raw = record.fields[header.indexOf(col.header)];
    const reason = checkValue(col, raw, ctx);
    if (reason) return reason;
    row[col.name] = raw;
  }
  for (const rule of entity.rules) {
    const holds = RULES[rule.name];
    if (!holds) throw new Error(`contract-check does not know rule ${rule.name}`);
    if (!holds(row)) return 'BUSINESS_RULE';
  }
  return undefined;
}

/** Marks exact repeats (the first copy stays) and keys shared by differing rows (all rejected). */
function duplicateReasons(entity: EntityContract, header: string[], records: CsvRecord[], reasons: (RowReasonCode | undefined)[]): void {
  const keyCols = entity.key.map((k) => header.indexOf(entity.columns.find((c) => c.name === k)!.header));
  const byKey = new Map<string, number[]>();
  records.forEach((r, i) => {
    if (reasons[i]) return;
    const key = keyCols.map((k) => r.fields[k]).join('\u0000');
    byKey.set(key, [...(byKey.get(key) ?? []), i]);
  });
  for (const rows of byKey.values()) {
    if (rows.length < 2) continue;
    const distinct = new Set(rows.map((i) => records[i].raw));
    rows.forEach((i, n) => {
      if (distinct.size > 1) reasons[i] = 'DUPLICATE_KEY';
      else if (n > 0) reasons[i] = 'DUPLICATE_ROW';
    });
  }
}

/** Rows whose reference is not defined by the accepted rows of the referenced file. */
function referenceReasons(entity: EntityContract, header: string[], records: CsvRecord[], reasons: (RowReasonCode | undefined)[], accepted: Map<string, Set<string>>): void {
  for (const ref of entity.references) {
    const col = header.indexOf(entity.columns.find((c) => c.name === ref.column)!.header);
    const known = accepted.get(`${ref.entity}.${ref.entityColumn}`) ?? new Set<string>();
    records.forEach((r, i) => {
      if (!reasons[i] && !known.has(r.fields[col])) reasons[i] = 'UNKNOWN_REFERENCE';
    });
  }
}

export interface EntityVerdict {
  readonly reasons: (RowReasonCode | undefined)[];
  readonly rejected: number;
}

/** Checks the files of a data product in load order; `files` maps entity name to parsed file. */
export function checkProduct(ctx: CheckContext, files: Record<string, CsvFile>): Record<string, EntityVerdict> {
  const accepted = new Map<string, Set<string>>();
  const verdicts: Record<string, EntityVerdict> = {};
  for (const entity of ctx.product.entities) {
    const { header, records } = files[entity.name];
    const reasons = records.map((r) => rowReason(entity, header, r, ctx));
    duplicateReasons(entity, header, records, reasons);
    referenceReasons(entity, header, records, reasons, accepted);
    for (const col of entity.columns) {
      const i = header.indexOf(col.header);
      accepted.set(`${entity.name}.${col.name}`, new Set(records.filter((_, n) => !reasons[n]).map((r) => r.fields[i])));
    }
    verdicts[entity.name] = { reasons, rejected: reasons.filter(Boolean).length };
  }
  return verdicts;
}
