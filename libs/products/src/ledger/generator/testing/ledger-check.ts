/**
 * A reference reading of the ledger's rules for tests (products.md §A.1 and the ledger issue):
 * which rows a correct loader rejects, and why. It proves the generator's promise that bad rows
 * are rejected and valid rows are not; it is not the pipeline's validator (the ledger contract is).
 */
import { DATE_PATTERN, DECIMAL_PATTERN, decimalScalePattern, ID_PATTERN, NULL_MARKERS } from '@finlake/contracts';
import type { CsvFile, CsvRecord } from '@finlake/generator/testing';
import { ACCOUNT_TYPES, LEDGER_HEADERS, REPORTING_CURRENCY, SCENARIOS, type LedgerEntity } from '../columns';

const whole = (pattern: string) => new RegExp(`^(?:${pattern})$`);
const MARKERS = new Set(NULL_MARKERS);
const ID = whole(ID_PATTERN);
const DECIMAL = whole(DECIMAL_PATTERN);
const TWO_DECIMALS = whole(decimalScalePattern(2));
const FOUR_DECIMALS = whole(decimalScalePattern(4));
const DATE = whole(DATE_PATTERN);
const PERIOD = /^[0-9]{4}-(0[1-9]|1[0-2])$/;
const CURRENCY = /^[A-Z]{3}$/;

type Check = (raw: string) => string | undefined;

const missing = (raw: string) => MARKERS.has(raw.trim().toUpperCase());

export function isRealDate(text: string): boolean {
  if (!DATE.test(text)) return false;
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const id =
  (max: number): Check =>
  (raw) =>
    !ID.test(raw) ? 'INVALID_ID' : raw.length > max ? 'FIELD_TOO_LONG' : undefined;
const text =
  (max: number): Check =>
  (raw) =>
    raw.length > max ? 'FIELD_TOO_LONG' : undefined;
const decimal =
  (scale: RegExp, integerDigits: number): Check =>
  (raw) => {
    if (!DECIMAL.test(raw)) return 'INVALID_NUMBER';
    if (!scale.test(raw)) return 'TOO_MANY_DECIMALS';
    return raw.replace(/^[+-]/, '').split('.')[0]!.replace(/^0+/, '').length > integerDigits ? 'OUT_OF_RANGE' : undefined;
  };
const date: Check = (raw) => (isRealDate(raw) ? undefined : 'INVALID_DATE');
const period: Check = (raw) => (PERIOD.test(raw) ? undefined : 'INVALID_PERIOD');
const oneOf =
  (values: readonly string[]): Check =>
  (raw) =>
    values.includes(raw) ? undefined : 'NOT_ACCEPTED';
const currency: Check = (raw) => (CURRENCY.test(raw) ? undefined : 'NOT_ACCEPTED');
const money = decimal(TWO_DECIMALS, 16);

/** [check, required] per header. */
const COLUMNS: { [E in LedgerEntity]: Record<(typeof LEDGER_HEADERS)[E][number], [Check, boolean]> } = {
  accounts: {
    AccountID: [id(50), true],
    AccountName: [text(200), true],
    AccountType: [oneOf(ACCOUNT_TYPES), true],
    AccountSubType: [text(100), false],
    ChartOfAccountsCategory: [text(100), false],
    EffectiveFrom: [date, true],
  },
  departments: {
    DepartmentID: [id(50), true],
    DepartmentName: [text(200), true],
    BusinessUnit: [text(100), false],
    CostCenter: [text(50), false],
    EffectiveFrom: [date, true],
  },
  fx_rates: { Period: [period, true], Currency: [currency, true], RateToReporting: [decimal(FOUR_DECIMALS, 8), true] },
  transactions: {
    TransactionID: [id(100), true],
    Date: [date, true],
    DepartmentID: [id(50), true],
    AccountID: [id(50), true],
    Amount: [money, true],
    Description: [text(500), false],
    Currency: [currency, false],
  },
  budget: {
    BudgetID: [id(100), true],
    Period: [period, true],
    DepartmentID: [id(50), true],
    AccountID: [id(50), true],
    BudgetAmount: [money, true],
    Scenario: [oneOf(SCENARIOS), false],
    Version: [text(50), false],
  },
};

export type Row = Record<string, string>;

export interface EntityVerdict {
  readonly reasons: (string | undefined)[];
  readonly rejected: number;
  /** The accepted rows, keyed by header (optional columns defaulted). */
  readonly accepted: Row[];
}

function rowReason(entity: LedgerEntity, header: string[], record: CsvRecord): string | undefined {
  if (record.fields.length < header.length) return 'ROW_TOO_FEW_FIELDS';
  if (record.fields.length > header.length) return 'ROW_TOO_MANY_FIELDS';
  if (record.raw.includes('\uFFFD')) return 'INVALID_ENCODING';
  for (const [h, [check, required]] of Object.entries(COLUMNS[entity]) as [string, [Check, boolean]][]) {
    const raw = record.fields[header.indexOf(h)];
    if (missing(raw)) {
      if (required) return 'REQUIRED_MISSING';
      continue;
    }
    const reason = check(raw);
    if (reason) return reason;
  }
  return undefined;
}

/** Exact repeats: the first copy stays; keys shared by differing rows: all rejected with `conflict`. */
function keyReasons(records: CsvRecord[], reasons: (string | undefined)[], keyOf: (r: CsvRecord) => string, conflict: string, repeats = true): void {
  const byKey = new Map<string, number[]>();
  records.forEach((r, i) => {
    if (reasons[i]) return;
    const key = keyOf(r);
    const list = byKey.get(key);
    if (list) list.push(i);
    else byKey.set(key, [i]);
  });
  for (const rows of byKey.values()) {
    if (rows.length < 2) continue;
    const distinct = new Set(rows.map((i) => records[i].raw));
    rows.forEach((i, n) => {
      if (distinct.size > 1 || !repeats) reasons[i] = conflict;
      else if (n > 0) reasons[i] = 'DUPLICATE_ROW';
    });
  }
}

const asRow = (header: string[], r: CsvRecord): Row => Object.fromEntries(header.map((h, i) => [h, r.fields[i]]));

/** EffectiveFrom dates of each ID's versions, from the accepted master rows. */
function versions(rows: Row[], idColumn: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const r of rows) map.set(r[idColumn], [...(map.get(r[idColumn]) ?? []), r.EffectiveFrom].sort());
  return map;
}

const validAt = (known: Map<string, string[]>, id: string, day: string) => (known.get(id)?.[0] ?? '9999-12-31') <= day;

/** Checks the ledger's files in load order; `files` maps entity name to parsed file. */
export function checkLedger(files: Record<LedgerEntity, CsvFile>): Record<LedgerEntity, EntityVerdict> {
  const verdicts = {} as Record<LedgerEntity, EntityVerdict>;
  const accepted = (entity: LedgerEntity) => verdicts[entity].accepted;
  const field = (entity: LedgerEntity, h: string) => files[entity].header.indexOf(h);
  for (const entity of ['accounts', 'departments', 'fx_rates', 'transactions', 'budget'] as const) {
    const { header, records } = files[entity];
    const reasons = records.map((r) => rowReason(entity, header, r));
    const at = (h: string) => (r: CsvRecord) => r.fields[field(entity, h)];
    if (entity === 'accounts') keyReasons(records, reasons, (r) => `${at('AccountID')(r)}|${at('EffectiveFrom')(r)}`, 'DUPLICATE_KEY');
    if (entity === 'departments') keyReasons(records, reasons, (r) => `${at('DepartmentID')(r)}|${at('EffectiveFrom')(r)}`, 'DUPLICATE_KEY');
    if (entity === 'fx_rates') keyReasons(records, reasons, (r) => `${at('Period')(r)}|${at('Currency')(r)}`, 'DUPLICATE_KEY');
    if (entity === 'transactions' || entity === 'budget') {
      const departments = versions(accepted('departments'), 'DepartmentID');
      const accounts = versions(accepted('accounts'), 'AccountID');
      const rates = new Set(accepted('fx_rates').map((r) => `${r.Period}|${r.Currency}`));
      if (entity === 'transactions') keyReasons(records, reasons, at('TransactionID'), 'DUPLICATE_KEY');
      else {
        const scenario = (r: CsvRecord) => (missing(at('Scenario')(r)) ? 'Budget' : at('Scenario')(r));
        const version = (r: CsvRecord) => (missing(at('Version')(r)) ? 'v1' : at('Version')(r));
        keyReasons(records, reasons, (r) => [at('Period')(r), at('DepartmentID')(r), at('AccountID')(r), scenario(r), version(r)].join('|'), 'DUPLICATE_BUDGET_LINE', false);
      }
      records.forEach((r, i) => {
        if (reasons[i]) return;
        const day = entity === 'transactions' ? at('Date')(r) : `${at('Period')(r)}-01`;
        if (!validAt(departments, at('DepartmentID')(r), day)) reasons[i] = 'UNKNOWN_DEPARTMENT';
        else if (!validAt(accounts, at('AccountID')(r), day)) reasons[i] = 'UNKNOWN_ACCOUNT';
        else if (entity === 'transactions') {
          const cur = missing(at('Currency')(r)) ? REPORTING_CURRENCY : at('Currency')(r);
          if (cur !== REPORTING_CURRENCY && !rates.has(`${day.slice(0, 7)}|${cur}`)) reasons[i] = 'FX_RATE_MISSING';
        }
      });
    }
    const rows = records.flatMap((r, i) => (reasons[i] ? [] : [asRow(header, r)]));
    verdicts[entity] = { reasons, rejected: reasons.filter(Boolean).length, accepted: rows };
  }
  return verdicts;
}
