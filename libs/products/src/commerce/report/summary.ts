/**
 * Totals and per-channel figures derived from the marts with the marts' own formulas: sums of
 * mart columns, and ratios as the models define them (margin ÷ costed net revenue, net revenue ÷
 * spend). Pure functions of the figures.
 */
import { compareText, divideDecimals, subtractDecimals, sumDecimals, sumIntegers } from '@finlake/report';
import type { CommerceFigures, ProductMarginRow, RoasRow } from './figures';

export interface CommerceTotals {
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
  firstMonth: string | null;
  lastMonth: string | null;
  /** Months with sales. */
  months: number;
}

export function computeTotals(figures: CommerceFigures): CommerceTotals {
  const netRevenue = sumDecimals(figures.monthly.map((r) => r.net_revenue), 2);
  const contributionMargin = sumDecimals(figures.monthly.map((r) => r.contribution_margin), 2);
  const uncostedNetRevenue = sumDecimals(figures.monthly.map((r) => r.uncosted_net_revenue), 2);
  const costedNetRevenue = subtractDecimals(netRevenue, uncostedNetRevenue, 2);
  const marketingSpend = sumDecimals(figures.roas.map((r) => r.spend), 2);
  const roasRevenue = sumDecimals(figures.roas.map((r) => r.net_revenue), 2);
  const months = [...new Set(figures.monthly.map((r) => r.month))].sort();
  return {
    netRevenue,
    contributionMargin,
    costedNetRevenue,
    contributionMarginPct: divideDecimals(contributionMargin, costedNetRevenue, 1, 100),
    uncostedLines: sumIntegers(figures.monthly.map((r) => r.uncosted_lines)),
    uncostedNetRevenue,
    marketingSpend,
    roas: divideDecimals(roasRevenue, marketingSpend, 4),
    firstMonth: months[0] ?? null,
    lastMonth: months[months.length - 1] ?? null,
    months: months.length,
  };
}

/** Every channel in the marts, in one order used by every chart legend and table. */
export function channelOrder(data: Pick<CommerceFigures, 'monthly' | 'roas'>): string[] {
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
