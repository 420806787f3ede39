/**
 * Valid GL lines: which department and account (a few of each carry most lines), the amount with
 * the trial-balance sign (debit-positive, credit-negative), its currency and a description.
 */
import { SkewedPicker, type Rng } from '@finlake/generator';
import { FOREIGN_CURRENCIES, normalSign, REPORTING_CURRENCY, type AccountType } from './columns';
import { versionAt, type Account, type Department } from './chart';
import type { FxTable } from './fx';
import { gaussian } from './random';

/** Chance that a line is the opposite of the account's usual direction, per type. */
const REVERSAL_CHANCE: Record<AccountType, number> = { Expense: 0.03, Asset: 0.03, Revenue: 0.02, Liability: 0.35, Equity: 0.2 };
/** Foreign-currency lines: EUR and GBP, in FOREIGN_CURRENCIES order. */
const FOREIGN_SHARE = [0.05, 0.03];
const FOREIGN: readonly string[] = FOREIGN_CURRENCIES;
const EMPTY_DESCRIPTION_CHANCE = 0.02;
/** Power-law skew of the pickers: with 3, the top 10% of departments carry about 45% of the lines. */
const DEPARTMENT_SKEW = 3;
const ACCOUNT_SKEW = 3;

/** [usual direction, reversal] descriptions per type; a few need CSV quoting on purpose. */
const DESCRIPTIONS: Record<AccountType, readonly [readonly string[], readonly string[]]> = {
  Expense: [
    ['Office Supplies Purchase', 'Software Subscription', 'Consulting Services', 'Travel & Entertainment', 'Cloud Hosting', 'Monthly accrual', 'Training, conferences and events', 'Vendor invoice'],
    ['Equipment Sale Refund', 'Vendor Credit Note', 'Refund, partial', 'Accrual reversal'],
  ],
  Asset: [
    ['IT Equipment Purchase', 'Capitalised Development', 'Furniture & Fixtures', 'Prepayment'],
    ['Equipment Sale Refund', 'Asset disposal', 'Prepayment release'],
  ],
  Revenue: [
    ['Service Revenue', 'Subscription Revenue', 'Consulting Revenue', 'Customer invoice'],
    ['Credit Note Issued', 'Revenue reversal, "disputed"'],
  ],
  Liability: [
    ['Accrued Expenses', 'Payroll Accrual', 'Deferred revenue received'],
    ['Supplier payment', 'Accrual reversal', 'Loan repayment'],
  ],
  Equity: [['Capital Contribution', 'Retained earnings transfer'], ['Dividend Declared']],
};

export interface GlLine {
  readonly department: number;
  readonly account: number;
  readonly type: AccountType;
  /** In the line's currency, debit-positive; never zero. */
  readonly cents: number;
  readonly currency: string;
  readonly description: string;
  /** The amount in reporting-currency cents with the natural sign (amount × s(type) × rate). */
  readonly naturalReporting: number;
}

export class LineFactory {
  private readonly departmentPicker: SkewedPicker;
  private readonly accountPicker: SkewedPicker;

  constructor(
    private readonly accounts: readonly Account[],
    departments: readonly Department[],
    private readonly fx: FxTable,
    private readonly rng: Rng,
  ) {
    this.departmentPicker = new SkewedPicker(departments.length, DEPARTMENT_SKEW, rng);
    this.accountPicker = new SkewedPicker(accounts.length, ACCOUNT_SKEW, rng);
  }

  /** A department drawn with the lines' skew, from `rng` (the budget draws from its own stream). */
  pickDepartment(rng: Rng = this.rng): number {
    return this.departmentPicker.pick(rng);
  }

  pickAccount(rng: Rng = this.rng): number {
    return this.accountPicker.pick(rng);
  }

  /** A line posted in month `m` (its rate and the account version valid then). */
  line(m: number): GlLine {
    const rng = this.rng;
    const department = this.pickDepartment();
    const account = this.pickAccount();
    const a = this.accounts[account];
    const type = versionAt(a.versions, m).type;
    const reversal = rng.chance(REVERSAL_CHANCE[type]);
    const size = a.typicalCents * Math.exp(0.6 * gaussian(rng)) * (reversal ? rng.between(0.1, 1) : 1);
    const direction = normalSign(type) * (reversal ? -1 : 1);
    const u = rng.next();
    const foreign: number = u < FOREIGN_SHARE[0] ? 0 : u < FOREIGN_SHARE[0] + FOREIGN_SHARE[1] ? 1 : -1;
    const rate = foreign < 0 ? 10_000 : this.fx.rates[foreign][m];
    const cents = direction * Math.max(1, Math.round((size * 10_000) / rate));
    const pool = DESCRIPTIONS[type][reversal ? 1 : 0];
    const description = rng.chance(EMPTY_DESCRIPTION_CHANCE) ? '' : rng.pick(pool);
    return {
      department,
      account,
      type,
      cents,
      currency: foreign < 0 ? REPORTING_CURRENCY : FOREIGN[foreign],
      description,
      naturalReporting: (cents * rate * normalSign(type)) / 10_000,
    };
  }
}
