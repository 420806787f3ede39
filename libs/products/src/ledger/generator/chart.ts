/**
 * The masters: a chart of accounts and the departments, each row a version (SCD2 input). A few
 * expense accounts are reclassified to assets (a cost capitalised) and a few departments move to
 * another business unit, each from the first day of a month inside the range.
 */
import { allocate, isoDate, type Rng } from '@finlake/generator';
import { ACCOUNT_TYPES, FIRST_EFFECTIVE_FROM, type AccountType } from './columns';
import type { Month } from './calendar';
import { gaussian } from './random';

/** [name, sub-type, chart of accounts category] */
type AccountTemplate = readonly [string, string, string];

const ACCOUNT_TEMPLATES: Record<AccountType, readonly AccountTemplate[]> = {
  Revenue: [
    ['Service Revenue', 'Operating Revenue', 'Revenue'],
    ['Subscription Revenue', 'Operating Revenue', 'Revenue'],
    ['Product Sales', 'Operating Revenue', 'Revenue'],
    ['Consulting Revenue', 'Operating Revenue', 'Revenue'],
    ['Interest Income', 'Other Income', 'Other Income'],
  ],
  Expense: [
    ['Office & General Expenses', 'Operating Expense', 'Operating Expenses'],
    ['Software & Cloud Subscriptions', 'Operating Expense', 'Operating Expenses'],
    ['Professional Services', 'Operating Expense', 'Operating Expenses'],
    ['Travel & Entertainment', 'Operating Expense', 'Operating Expenses'],
    ['Salaries & Wages', 'Payroll', 'Personnel Costs'],
    ['Employee Benefits', 'Payroll', 'Personnel Costs'],
    ['Rent & Facilities', 'Occupancy', 'Operating Expenses'],
    ['Marketing & Advertising', 'Sales & Marketing', 'Operating Expenses'],
    ['Cost of Services', 'Direct Cost', 'Cost of Sales'],
    ['Utilities', 'Occupancy', 'Operating Expenses'],
    ['Training & Development', 'Payroll', 'Personnel Costs'],
    ['Insurance', 'Operating Expense', 'Operating Expenses'],
    ['Bank Fees', 'Finance Cost', 'Other Expenses'],
  ],
  Asset: [
    ['IT Equipment', 'Capital Expenditure', 'Fixed Assets'],
    ['Furniture & Fixtures', 'Capital Expenditure', 'Fixed Assets'],
    ['Capitalised Software', 'Intangible Asset', 'Fixed Assets'],
    ['Prepaid Expenses', 'Current Asset', 'Current Assets'],
    ['Accounts Receivable', 'Current Asset', 'Current Assets'],
  ],
  Liability: [
    ['Accounts Payable', 'Current Liability', 'Current Liabilities'],
    ['Accrued Expenses', 'Current Liability', 'Current Liabilities'],
    ['Deferred Revenue', 'Current Liability', 'Current Liabilities'],
    ['Payroll Liabilities', 'Current Liability', 'Current Liabilities'],
    ['Long-term Debt', 'Non-current Liability', 'Non-current Liabilities'],
  ],
  Equity: [
    ['Share Capital', 'Contributed Capital', 'Equity'],
    ['Retained Earnings', 'Retained Earnings', 'Equity'],
    ['Dividends', 'Distributions', 'Equity'],
  ],
};

/** Share of the chart per type (Revenue, Expense, Asset, Liability, Equity), after one of each. */
const TYPE_SHARE: Record<AccountType, number> = { Revenue: 0.15, Expense: 0.55, Asset: 0.15, Liability: 0.1, Equity: 0.05 };
/** First account number of each type's block (a conventional chart: 1xxx assets … 5xxx+ expenses). */
const TYPE_BLOCK: Record<AccountType, number> = { Asset: 1000, Liability: 2000, Equity: 3000, Revenue: 4000, Expense: 5000 };
/** Median line amount per type in cents; each account's own median is drawn around it. */
const TYPICAL_CENTS: Record<AccountType, number> = { Revenue: 300_000, Expense: 60_000, Asset: 400_000, Liability: 350_000, Equity: 2_000_000 };
const RECLASSIFIED_SHARE = 0.03;
const MOVED_SHARE = 0.05;

export interface AccountVersion {
  readonly type: AccountType;
  readonly subType: string;
  readonly category: string;
  readonly name: string;
  /** Index of the month the version starts (0 for the first version, which is valid from 1900-01-01). */
  readonly fromMonth: number;
}

export interface Account {
  readonly id: string;
  /** One or two versions, ordered by fromMonth. */
  readonly versions: readonly AccountVersion[];
  /** Median size of one line, in reporting-currency cents. */
  readonly typicalCents: number;
}

export interface DepartmentVersion {
  readonly businessUnit: string;
  readonly fromMonth: number;
}

export interface Department {
  readonly id: string;
  readonly name: string;
  readonly costCenter: string;
  readonly versions: readonly DepartmentVersion[];
}

/** The version valid in month `m` (every version starts on a month's first day). */
export function versionAt<V extends { fromMonth: number }>(versions: readonly V[], m: number): V {
  let v = versions[0];
  for (const candidate of versions) if (candidate.fromMonth <= m) v = candidate;
  return v;
}

const qualified = (base: string, round: number) => (round === 0 ? base : `${base} ${round + 1}`);

/** Months a second version may start in: any month after the first, so both versions have lines. */
function laterMonth(months: number, rng: Rng): number | undefined {
  return months >= 2 ? rng.int(1, months - 1) : undefined;
}

export function buildAccounts(count: number, months: number, rng: Rng): Account[] {
  const perType = allocate(count - ACCOUNT_TYPES.length, ACCOUNT_TYPES.map((t) => TYPE_SHARE[t])).map((n) => n + 1);
  const accounts: Account[] = [];
  let reclassified = 0;
  ACCOUNT_TYPES.forEach((type, t) => {
    const templates = ACCOUNT_TEMPLATES[type];
    for (let i = 0; i < perType[t]; i++) {
      const [base, subType, category] = templates[i % templates.length];
      const name = qualified(base, Math.floor(i / templates.length));
      const versions: AccountVersion[] = [{ type, subType, category, name, fromMonth: 0 }];
      // At least one capitalised cost per chart: the reclassification the spec's SCD2 is for.
      if (type === 'Expense' && (rng.chance(RECLASSIFIED_SHARE) || (reclassified === 0 && i === perType[t] - 1))) {
        const from = laterMonth(months, rng);
        if (from !== undefined) {
          versions.push({ type: 'Asset', subType: 'Capital Expenditure', category: 'Fixed Assets', name: `${name} (capitalised)`, fromMonth: from });
          reclassified++;
        }
      }
      const typicalCents = Math.max(500, Math.round(TYPICAL_CENTS[type] * Math.exp(0.8 * gaussian(rng))));
      accounts.push({ id: `A${TYPE_BLOCK[type] + i}`, versions, typicalCents });
    }
  });
  return accounts;
}

/** [function, its business unit] */
const FUNCTIONS: readonly (readonly [string, string])[] = [
  ['Finance', 'Corporate'],
  ['Information Technology', 'Technology'],
  ['Marketing', 'Marketing'],
  ['Sales', 'Sales'],
  ['Operations', 'Operations'],
  ['Human Resources', 'Corporate'],
  ['Engineering', 'Technology'],
  ['Customer Success', 'Sales'],
  ['Legal', 'Corporate'],
  ['Facilities', 'Operations'],
  ['Brand & Communications', 'Marketing'],
  ['Procurement', 'Operations'],
  ['Data Platform', 'Technology'],
  ['Customer Support', 'Operations'],
];
const REGIONS = ['North America', 'EMEA', 'APAC', 'LATAM'];
const BUSINESS_UNITS = ['Corporate', 'Technology', 'Marketing', 'Sales', 'Operations'];

function departmentName(i: number): string {
  const [fn] = FUNCTIONS[i % FUNCTIONS.length];
  const round = Math.floor(i / FUNCTIONS.length);
  if (round === 0) return fn;
  const region = REGIONS[(round - 1) % REGIONS.length];
  const cycle = Math.floor((round - 1) / REGIONS.length);
  return `${fn} ${region}${cycle === 0 ? '' : ` ${cycle + 1}`}`;
}

export function buildDepartments(count: number, months: number, rng: Rng): Department[] {
  const departments: Department[] = [];
  let moved = 0;
  for (let i = 0; i < count; i++) {
    const unit = FUNCTIONS[i % FUNCTIONS.length][1];
    const versions: DepartmentVersion[] = [{ businessUnit: unit, fromMonth: 0 }];
    // A re-org moves at least one department per history: the spec's Type-6 restatement needs one.
    if (rng.chance(MOVED_SHARE) || (moved === 0 && i === count - 1)) {
      const from = laterMonth(months, rng);
      if (from !== undefined) {
        const others = BUSINESS_UNITS.filter((u) => u !== unit);
        versions.push({ businessUnit: rng.pick(others), fromMonth: from });
        moved++;
      }
    }
    departments.push({ id: `D${101 + i}`, name: departmentName(i), costCenter: `CC${String(1000 + 10 * i).padStart(4, '0')}`, versions });
  }
  return departments;
}

const effectiveFrom = (fromMonth: number, months: readonly Month[]) => (fromMonth === 0 ? FIRST_EFFECTIVE_FROM : isoDate(months[fromMonth].startMs));

export function accountRows(accounts: readonly Account[], months: readonly Month[]): string[][] {
  return accounts.flatMap((a) => a.versions.map((v) => [a.id, v.name, v.type, v.subType, v.category, effectiveFrom(v.fromMonth, months)]));
}

export function departmentRows(departments: readonly Department[], months: readonly Month[]): string[][] {
  return departments.flatMap((d) => d.versions.map((v) => [d.id, d.name, v.businessUnit, d.costCenter, effectiveFrom(v.fromMonth, months)]));
}
