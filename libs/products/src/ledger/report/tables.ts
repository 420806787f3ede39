/** The ledger page's tables: the budget-vs-actual pack and the months, and how their cells read. */
import { countColumn as count, formatCount, formatMoney, formatPercent, isNegative, NONE, type Column } from '@finlake/report';
import { reading, type Amounts, type BvaLine, type Favourability, type MonthTotals } from './summary';

/** Shown where there is no budget line: unknown, never 0 (so no variance % either). */
export const NO_BUDGET = '—';

const positive = (value: string) => !isNegative(value) && /[1-9]/.test(value);
/** Variances carry their sign: "+$1,750.00", "-$5,050.00". */
export const signedMoney = (value: string, currency: string) => `${positive(value) ? '+' : ''}${formatMoney(value, currency)}`;
export const signedPercent = (value: string | null) => (value === null ? NO_BUDGET : `${positive(value) ? '+' : ''}${formatPercent(value, 2)}`);

/** Green or red by favourability, never by sign: revenue over budget is good, expense over budget bad. */
export const toneClass = (f: Favourability | null) => (f === 'FAVOURABLE' ? 'good' : f === 'ADVERSE' ? 'bad' : undefined);

/** The four columns of one set of amounts (the month, or the year to date: a header group says which). */
function amountColumns<T>(get: (r: T) => Amounts | null, favourable: (r: T) => Favourability | null, currency: string): Column<T>[] {
  const cell = (show: (a: Amounts) => string) => (r: T) => {
    const a = get(r);
    return a === null ? NONE : show(a);
  };
  const tone = (r: T) => toneClass(favourable(r));
  return [
    { header: 'Actual', numeric: true, cell: cell((a) => formatMoney(a.actual, currency)) },
    { header: 'Budget', numeric: true, cell: cell((a) => (a.budget === null ? NO_BUDGET : formatMoney(a.budget, currency))) },
    { header: 'Variance', numeric: true, cell: cell((a) => signedMoney(a.variance, currency)), className: tone },
    { header: 'Variance %', numeric: true, cell: cell((a) => signedPercent(a.variancePct)), className: tone },
  ];
}

const INDENT: Partial<Record<BvaLine['kind'], string>> = { department: 'indent-1', account: 'indent-2' };
const ROW_CLASS: Partial<Record<BvaLine['kind'], string>> = { total: 'total', business_unit: 'subtotal' };

/** Total and business-unit rows bold, material accounts highlighted (and named in their own column). */
export const bvaRowClass = (r: BvaLine) => ROW_CLASS[r.kind] ?? (r.kind === 'account' && r.material > 0 ? 'highlight' : undefined);

/** "OVER · adverse · material": status, reading and materiality in words, never by colour alone. */
function statusText(r: BvaLine): string {
  if (r.month === null) return 'no figures this month';
  const f = r.monthFavourable ? reading(r.monthFavourable) : NONE;
  const material = r.material === 0 ? [] : [r.kind === 'account' ? 'material' : `${formatCount(r.material)} material`];
  return [...(r.status ? [r.status] : []), f, ...material].join(' · ');
}

export function bvaColumns(currency: string): Column<BvaLine>[] {
  const money = (header: string, get: (r: BvaLine) => string | null): Column<BvaLine> => ({ header, numeric: true, cell: (r) => (get(r) === null ? NO_BUDGET : formatMoney(get(r), currency)) });
  return [
    { header: 'Unit / department / account', long: true, cell: (r) => r.label, className: (r) => INDENT[r.kind] },
    { header: 'Status', cell: statusText, className: (r) => toneClass(r.monthFavourable) },
    ...amountColumns<BvaLine>((r) => r.month, (r) => r.monthFavourable, currency),
    ...amountColumns<BvaLine>((r) => r.ytd, (r) => r.ytdFavourable, currency),
    money('Budget', (r) => r.fyBudget),
    money('Remaining', (r) => r.remaining),
  ];
}

/** "Jun 2024" over the month's four columns, "Year to date" over the next four, "Full year" over budget and remaining. */
export const bvaHeaderGroups = (month: string) => [
  { header: '', span: 2 },
  { header: month, span: 4 },
  { header: 'Year to date', span: 4 },
  { header: 'Full year', span: 2 },
];

export const MONTH_TOTALS_GROUPS = [
  { header: '', span: 1 },
  { header: 'Month', span: 4 },
  { header: '', span: 2 },
  { header: 'Year to date', span: 4 },
];

export function monthTotalsColumns(currency: string): Column<MonthTotals>[] {
  return [
    { header: 'Month', cell: (r) => r.month.label },
    ...amountColumns<MonthTotals>((r) => r.amounts, (r) => r.favourable, currency),
    { header: 'Reading', cell: (r) => reading(r.favourable), className: (r) => toneClass(r.favourable) },
    count('Material', (r) => r.material),
    ...amountColumns<MonthTotals>((r) => r.ytd, (r) => r.ytdFavourable, currency),
  ];
}
