/**
 * budget.csv, written month by month as the GL lines of each month are generated: one Budget line
 * per (department, account) key of a budgeted type with activity that month, near that key's
 * actual (natural sign, reporting currency) so variances look real; about 2% of active keys left
 * without a line (UNBUDGETED) and about 2% more keys budgeted with no activity (NO_ACTIVITY); in
 * the last six months some keys also get a Forecast line. Memory: one accumulator per key of the
 * chart (accounts × departments), never per line, and only the current month's entries.
 */
import { csvLine, formatCents, RateSlotPlan, type ChunkedWriter, type Rng } from '@finlake/generator';
import { BUDGET_BAD_KINDS, badBudgetLine, copiesPrevious, usableKind, type EmittedRow } from './bad-rows';
import { versionAt, type Account, type Department } from './chart';
import type { Month } from './calendar';
import { BUDGET_VERSION, isBudgeted, SCENARIOS } from './columns';
import type { GlLine, LineFactory } from './lines';
import type { Tally } from './tally';

const UNBUDGETED_SHARE = 0.02;
const NO_ACTIVITY_SHARE = 0.02;
const FORECAST_MONTHS = 6;
const FORECAST_SHARE = 0.25;
const ACTIVE = 1;
const NO_ACTIVITY = 2;

interface Entry {
  readonly key: number;
  readonly cents: number;
  readonly scenario: (typeof SCENARIOS)[number];
}

/** A planned amount as people write them: whole dollars, tens or hundreds by size; never below 1.00. */
export function roundBudget(cents: number): number {
  const step = cents >= 1_000_000 ? 10_000 : cents >= 100_000 ? 1_000 : 100;
  return Math.max(100, Math.round(cents / step) * step);
}

export class BudgetWriter {
  private readonly sums: Float64Array;
  private readonly marks: Uint8Array;
  private readonly touched: number[] = [];
  private readonly plan: RateSlotPlan<(typeof BUDGET_BAD_KINDS)[number]>;
  private written = 0;
  private nextId = 1;
  private previous: EmittedRow | undefined;

  constructor(
    private readonly accounts: readonly Account[],
    private readonly departments: readonly Department[],
    private readonly months: number,
    private readonly factory: LineFactory,
    private readonly writer: ChunkedWriter,
    private readonly rng: Rng,
    badRate: number,
    badRng: Rng,
    private readonly tally: Tally,
  ) {
    this.sums = new Float64Array(accounts.length * departments.length);
    this.marks = new Uint8Array(accounts.length * departments.length);
    this.plan = new RateSlotPlan(badRate, badRng, BUDGET_BAD_KINDS);
  }

  get rows(): number {
    return this.written;
  }

  /** Counts a valid GL line of the current month towards its key's actual. */
  add(line: GlLine): void {
    const key = line.department * this.accounts.length + line.account;
    if (this.marks[key] !== ACTIVE) {
      this.marks[key] = ACTIVE;
      this.touched.push(key);
    }
    this.sums[key] += line.naturalReporting;
  }

  /** Takes back a line that a later conflicting duplicate made the loader reject. */
  remove(line: GlLine): void {
    this.sums[line.department * this.accounts.length + line.account] -= line.naturalReporting;
  }

  /** Writes the month's budget lines and forgets its actuals. */
  async closeMonth(month: Month): Promise<void> {
    const entries = this.entries(month);
    for (const e of entries) {
      const out = this.emit(e, month);
      if (typeof out !== 'string') await this.writer.addBytes(out);
      else if (this.writer.add(out)) await this.writer.flush();
    }
    for (const key of this.touched) {
      this.sums[key] = 0;
      this.marks[key] = 0;
    }
    for (const e of entries) this.marks[e.key] = 0;
    this.touched.length = 0;
  }

  private typeOf(key: number, m: number) {
    return versionAt(this.accounts[key % this.accounts.length].versions, m).type;
  }

  private entries(month: Month): Entry[] {
    const rng = this.rng;
    const entries: Entry[] = [];
    const forecast = month.index >= this.months - FORECAST_MONTHS;
    this.touched.sort((a, b) => a - b);
    let budgeted = 0;
    for (const key of this.touched) {
      if (!isBudgeted(this.typeOf(key, month.index))) continue;
      budgeted++;
      if (rng.chance(UNBUDGETED_SHARE)) continue;
      const actual = this.sums[key];
      const base = actual >= 100 ? actual : this.accounts[key % this.accounts.length].typicalCents * rng.between(0.5, 1.5);
      entries.push({ key, cents: roundBudget(base * rng.between(0.8, 1.25)), scenario: 'Budget' });
      if (forecast && rng.chance(FORECAST_SHARE)) entries.push({ key, cents: roundBudget(base * rng.between(0.95, 1.05)), scenario: 'Forecast' });
    }
    const wanted = budgeted > 0 ? Math.max(1, Math.round(budgeted * NO_ACTIVITY_SHARE)) : 0;
    let idle = 0;
    for (let attempt = 0; idle < wanted && attempt < 20 * wanted; attempt++) {
      const key = this.factory.pickDepartment(rng) * this.accounts.length + this.factory.pickAccount(rng);
      if (this.marks[key] !== 0 || !isBudgeted(this.typeOf(key, month.index))) continue;
      this.marks[key] = NO_ACTIVITY;
      idle++;
      entries.push({ key, cents: roundBudget(this.accounts[key % this.accounts.length].typicalCents * rng.between(0.5, 2)), scenario: 'Budget' });
    }
    // Stable: a key's Forecast line stays right after its Budget line.
    return entries.sort((a, b) => a.key - b.key);
  }

  private fields(e: Entry, month: Month, id: number): string[] {
    const department = this.departments[Math.floor(e.key / this.accounts.length)];
    const account = this.accounts[e.key % this.accounts.length];
    return ['BU' + String(id).padStart(9, '0'), month.period, department.id, account.id, formatCents(e.cents), e.scenario, BUDGET_VERSION];
  }

  private emit(e: Entry, month: Month): string | Buffer {
    const planned = this.plan.kindAt(this.written++);
    if (!planned) {
      const fields = this.fields(e, month, this.nextId++);
      const line = csvLine(fields);
      this.previous = { fields, line, clean: true };
      return line;
    }
    const kind = usableKind(planned, BUDGET_BAD_KINDS, this.previous);
    const reusesId = copiesPrevious(kind) && kind !== 'duplicate_budget_line';
    const { row, rejected } = badBudgetLine(kind, this.fields(e, month, reusesId ? this.nextId : this.nextId++), this.previous);
    this.previous = row;
    this.tally.count('budget.csv', kind, rejected);
    return row.line;
  }
}
