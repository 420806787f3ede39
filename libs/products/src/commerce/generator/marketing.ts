/** Advertising campaigns per channel and their daily spend and delivery. */
import { COMMERCE_CHANNELS } from '../contract';
import type { Period } from '@finlake/generator';
import { demandWeight } from '@finlake/generator';
import { DAY_MS } from '@finlake/generator';
import type { Rng } from '@finlake/generator';

export type CommerceChannel = (typeof COMMERCE_CHANNELS)[number];

type AdPlatform = 'Google Ads' | 'Meta Ads' | 'Amazon Ads' | 'TikTok Ads' | 'Microsoft Ads';

interface PlatformEconomics {
  /** Cost per click in cents. */
  readonly cpc: number;
  /** Click-through rate. */
  readonly ctr: number;
}

const PLATFORMS: Record<AdPlatform, PlatformEconomics> = {
  'Google Ads': { cpc: 120, ctr: 0.035 },
  'Meta Ads': { cpc: 90, ctr: 0.012 },
  'Amazon Ads': { cpc: 110, ctr: 0.005 },
  'TikTok Ads': { cpc: 60, ctr: 0.009 },
  'Microsoft Ads': { cpc: 100, ctr: 0.028 },
};

/** Where each channel advertises; typed by the contract so a new channel fails to compile. */
const PLATFORMS_BY_CHANNEL: Record<CommerceChannel, readonly AdPlatform[]> = {
  'Online Store': ['Google Ads', 'Meta Ads', 'TikTok Ads', 'Microsoft Ads'],
  Amazon: ['Amazon Ads'],
  eBay: ['Google Ads', 'Microsoft Ads'],
  'Retail Store': ['Meta Ads', 'Google Ads'],
  Wholesale: ['Microsoft Ads', 'Google Ads'],
};

const THEMES = ['Spring Sale', 'Summer Outdoors', 'Back to School', 'Black Friday', 'Holiday Gifts', 'Retargeting', 'New Arrivals', 'Clearance', 'Prospecting'];

/** Marketing budget as a share of expected revenue, and the average order used to size it. */
const SPEND_SHARE_OF_REVENUE = 0.2;
const AVG_ORDER_CENTS = 18_000;
const MIN_DAILY_BUDGET_CENTS = 500;

export interface Campaign {
  readonly id: string;
  readonly name: string;
  readonly platform: AdPlatform;
  readonly channel: CommerceChannel;
  readonly startDay: number;
  /** Exclusive. */
  readonly endDay: number;
  readonly budgetShare: number;
}

export interface SpendEntry {
  readonly day: number;
  readonly campaign: number;
  readonly impressions: number;
  readonly clicks: number;
  readonly spendCents: number;
}

/** An always-on campaign per channel plus 1-3 campaigns active over a sub-range. */
export function buildCampaigns(period: Period, rng: Rng): Campaign[] {
  const campaigns: Campaign[] = [];
  const minDays = Math.min(14, period.days);
  for (const channel of COMMERCE_CHANNELS) {
    const count = rng.int(2, 4);
    for (let k = 0; k < count; k++) {
      const platform = rng.pick(PLATFORMS_BY_CHANNEL[channel]);
      const theme = k === 0 ? 'Always-On' : rng.pick(THEMES);
      const startDay = k === 0 ? 0 : rng.int(0, period.days - minDays);
      const endDay = k === 0 ? period.days : startDay + rng.int(minDays, period.days - startDay);
      const id = 'CMP' + String(campaigns.length + 1).padStart(3, '0');
      campaigns.push({ id, name: `${theme} - ${channel} - ${platform}`, platform, channel, startDay, endDay, budgetShare: rng.between(0.5, 1.5) });
    }
  }
  return campaigns;
}

function dailyEntry(campaign: Campaign, index: number, day: number, budgetCents: number, rng: Rng): SpendEntry {
  const economics = PLATFORMS[campaign.platform];
  const spendCents = Math.round(budgetCents * rng.between(0.8, 1.2));
  const clicks = Math.round(spendCents / (economics.cpc * rng.between(0.7, 1.3)));
  const impressions = Math.max(clicks, Math.round(clicks / (economics.ctr * rng.between(0.7, 1.3)))) + rng.int(0, 200);
  return { day, campaign: index, impressions, clicks, spendCents };
}

/** One entry per campaign per active day, ordered by day then campaign; budget follows demand. */
export function buildSpend(campaigns: readonly Campaign[], period: Period, rows: number, rng: Rng): SpendEntry[] {
  const dailyRevenueCents = (rows * AVG_ORDER_CENTS) / Math.max(1, period.days);
  const perCampaignCents = (dailyRevenueCents * SPEND_SHARE_OF_REVENUE) / campaigns.length;
  const entries: SpendEntry[] = [];
  for (let day = 0; day < period.days; day++) {
    const demand = demandWeight(period.startMs + day * DAY_MS);
    campaigns.forEach((c, i) => {
      if (day < c.startDay || day >= c.endDay) return;
      const budget = Math.max(MIN_DAILY_BUDGET_CENTS, perCampaignCents * c.budgetShare * demand);
      entries.push(dailyEntry(c, i, day, budget, rng));
    });
  }
  return entries;
}
