/**
 * Totals and per-channel figures derived from the marts with the marts' own formulas: sums of
 * mart columns, and ratios as the models define them (margin ÷ costed net revenue, net revenue ÷
 * spend). Pure functions of ReportData.
 */
import type { BatchRow, ProductMarginRow, ReportData, RoasRow } from './data';
import { divideDecimals, subtractDecimals, sumDecimals } from './decimal';

export interface Totals {
  /** Σ mart_monthly_channel_margin.net_revenue */
  netRevenue: string;
  contributionMargin: string;
  /** Net revenue of costed lines: the base of the margin percentage (docs/commerce.md). */
  costedNetRevenue: string;
  contributionMarginPct: string | null;
  uncostedLines: number;
  uncostedNetRevenue: string;
  /** Σ mart_channel_roas.spend */
  marketingSpend: string;
  /** Σ mart_channel_roas.net_revenue ÷ Σ spend (blended over every channel). */
  roas: string | null;
  rowsRead: number;
  rowsLoaded: number;
  rowsQuarantined: number;
  quarantinedPct: string | null;
  firstMonth: string | null;
  lastMonth: string | null;
  /** The data's own "as of": when the latest published batch was loaded (UTC). */
  asOf: string | null;
}

/** Case-insensitive text order with a byte-order tie-break, the same on every machine (no locale). */
export function compareText(a: string, b: string): number {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  if (x !== y) return x < y ? -1 : 1;
  return a === b ? 0 : a < b ? -1 : 1;
}

const sumInts = (values: readonly number[]) => values.reduce((a, b) => a + Number(b), 0);

export function computeTotals(data: ReportData): Totals {
  const netRevenue = sumDecimals(data.monthly.map((r) => r.net_revenue), 2);
  const contributionMargin = sumDecimals(data.monthly.map((r) => r.contribution_margin), 2);
  const uncostedNetRevenue = sumDecimals(data.monthly.map((r) => r.uncosted_net_revenue), 2);
  const costedNetRevenue = subtractDecimals(netRevenue, uncostedNetRevenue, 2);
  const marketingSpend = sumDecimals(data.roas.map((r) => r.spend), 2);
  const roasRevenue = sumDecimals(data.roas.map((r) => r.net_revenue), 2);
  const rowsRead = sumInts(data.batches.map((b) => b.rows_read));
  const rowsQuarantined = sumInts(data.batches.map((b) => b.rows_quarantined));
  const months = data.monthly.map((r) => r.month).sort();
  const loadTimes = data.batches.map((b) => b.loaded_at).sort();
  return {
    netRevenue,
    contributionMargin,
    costedNetRevenue,
    contributionMarginPct: divideDecimals(contributionMargin, costedNetRevenue, 1, 100),
    uncostedLines: sumInts(data.monthly.map((r) => r.uncosted_lines)),
    uncostedNetRevenue,
    marketingSpend,
    roas: divideDecimals(roasRevenue, marketingSpend, 4),
    rowsRead,
    rowsLoaded: sumInts(data.batches.map((b) => b.rows_loaded)),
    rowsQuarantined,
    quarantinedPct: divideDecimals(String(rowsQuarantined), String(rowsRead), 1, 100),
    firstMonth: months[0] ?? null,
    lastMonth: months[months.length - 1] ?? null,
    asOf: loadTimes[loadTimes.length - 1] ?? null,
  };
}

/** Every channel in the marts, in one order used by every chart legend and table. */
export function channelOrder(data: Pick<ReportData, 'monthly' | 'roas'>): string[] {
  return [...new Set([...data.monthly.map((r) => r.channel), ...data.roas.map((r) => r.channel)])].sort(compareText);
}

export interface ChannelRoas {
  channel: string;
  spend: string;
  netRevenue: string;
  /** NULL when the channel had no spend (as the mart's ratio). */
  roas: string | null;
}

/** ROAS of each channel over all months: Σ net revenue ÷ Σ spend of its mart_channel_roas rows. */
export function channelRoas(rows: readonly RoasRow[]): ChannelRoas[] {
  const channels = [...new Set(rows.map((r) => r.channel))].sort(compareText);
  return channels.map((channel) => {
    const own = rows.filter((r) => r.channel === channel);
    const spend = sumDecimals(own.map((r) => r.spend), 2);
    const netRevenue = sumDecimals(own.map((r) => r.net_revenue), 2);
    return { channel, spend, netRevenue, roas: divideDecimals(netRevenue, spend, 4) };
  });
}

/** Month, then channel in channel order: the one row order of every monthly table. */
export function sortMonthly<T extends { month: string; channel: string }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => (a.month === b.month ? compareText(a.channel, b.channel) : a.month < b.month ? -1 : 1));
}

export const TOP_PRODUCTS = 10;

export function topProducts(rows: readonly ProductMarginRow[], n = TOP_PRODUCTS): ProductMarginRow[] {
  return [...rows].sort((a, b) => a.margin_rank - b.margin_rank || compareText(a.product_id, b.product_id)).slice(0, n);
}

export interface BatchQuality {
  batch: BatchRow;
  reasons: { reason_code: string; rows: number }[];
}

/** Quarantined rows per loaded batch and reason code, batches in load order. */
export function quarantineByBatch(data: Pick<ReportData, 'batches' | 'quarantine'>): BatchQuality[] {
  return data.batches.map((batch) => ({
    batch,
    reasons: data.quarantine
      .filter((q) => q.batch_id === batch.batch_id)
      .map((q) => ({ reason_code: q.reason_code, rows: Number(q.rows) }))
      .sort((a, b) => b.rows - a.rows || compareText(a.reason_code, b.reason_code)),
  }));
}
