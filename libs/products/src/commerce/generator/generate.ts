/** Entry point: validates options and writes the four commerce files into outDir. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { commerceContract as commerce, COMMERCE_CURRENCIES } from '../contract';
import { UsageError } from '@finlake/errors';
import { COGS_BAD_KIND, MARKETING_BAD_KIND, pickIndices, smallFileBadCount } from './bad-rows';
import type { Period } from '@finlake/generator';
import { makePeriod, parseIsoDate } from '@finlake/generator';
import type { CogsEntry, Product } from './catalog';
import { buildCogs, buildProducts, productCount } from './catalog';
import { columnIndex, entityByName, headersOf } from './columns';
import { csvDocument, DAY_MS, formatBasisUnits, formatCents, isoDate } from '@finlake/generator';
import type { Campaign, SpendEntry } from './marketing';
import { buildCampaigns, buildSpend } from './marketing';
import { Rng } from '@finlake/generator';
import { writeTransactions } from './transactions';
import { checkGenerateOptions } from '../../generate-options';

export interface GenerateOptions {
  rows: number;
  seed: number;
  outDir: string;
  /** Share of transaction rows replaced by bad rows, 0..1 (default 0). */
  badRate?: number;
  /** First day of the period, YYYY-MM-DD (default '2024-01-01'). */
  startDate?: string;
  /** Length of the period in calendar months (default 12). */
  months?: number;
  /** Called every 100,000 transaction rows and once at the end. */
  onProgress?: (rowsWritten: number, total: number) => void;
}

export interface GeneratedFile {
  name: string;
  path: string;
  /** Data rows, not counting the header. */
  rows: number;
  /** Rows a correct loader rejects. */
  badRows: number;
}

export interface GenerateResult {
  files: GeneratedFile[];
  /** Rejected rows per bad-row kind; only kinds that occur. */
  badRowsByKind: Record<string, number>;
}

interface Settings {
  readonly rows: number;
  readonly seed: number;
  readonly outDir: string;
  readonly badRate: number;
  readonly period: Period;
  readonly onProgress?: (rowsWritten: number, total: number) => void;
}

const CURRENCY = COMMERCE_CURRENCIES[0];
const MAX_MONTHS = 1200;

function resolveOptions(opts: GenerateOptions): Settings {
  const { rows, seed, outDir, badRate = 0, startDate = '2024-01-01', months = 12 } = opts;
  checkGenerateOptions(opts);
  if (!Number.isInteger(months) || months < 1 || months > MAX_MONTHS) throw new UsageError(`months must be a whole number from 1 to ${MAX_MONTHS}, got ${months}`);
  const startMs = parseIsoDate(startDate);
  if (startMs === undefined) throw new UsageError(`startDate must be a real date as YYYY-MM-DD, got '${startDate}'`);
  // Earlier dates would make valid rows fail the contract's DATE_OUT_OF_RANGE check.
  if (startMs < parseIsoDate(commerce.earliestDate)!) throw new UsageError(`startDate must be on or after ${commerce.earliestDate}`);
  return { rows, seed, outDir, badRate, period: makePeriod(startMs, months), onProgress: opts.onProgress };
}

async function writeEntityFile(s: Settings, entityName: string, rows: string[][], badRows: number): Promise<GeneratedFile> {
  const entity = entityByName(entityName);
  const name = `${entity.name}.csv`;
  const path = join(s.outDir, name);
  await writeFile(path, csvDocument(headersOf(entity), rows));
  return { name, path, rows: rows.length, badRows };
}

function productRows(products: readonly Product[]): string[][] {
  const c = columnIndex(entityByName('products'), ['ProductID', 'ProductName', 'Category']);
  return products.map((p) => {
    const f: string[] = [];
    f[c.ProductID] = p.id;
    f[c.ProductName] = p.name;
    f[c.Category] = p.category;
    return f;
  });
}

function cogsRows(entries: readonly CogsEntry[], products: readonly Product[], period: Period, bad: Set<number>): string[][] {
  const c = columnIndex(entityByName('cogs'), ['ProductID', 'COGS_EffectiveDate', 'UnitCOGS', 'Currency']);
  return entries.map((e, i) => {
    const f: string[] = [];
    f[c.ProductID] = products[e.product].id;
    f[c.COGS_EffectiveDate] = bad.has(i) ? '2023-02-30' : isoDate(period.startMs + e.day * DAY_MS);
    f[c.UnitCOGS] = formatBasisUnits(e.unitCost);
    f[c.Currency] = CURRENCY;
    return f;
  });
}

function spendRows(entries: readonly SpendEntry[], campaigns: readonly Campaign[], period: Period, bad: Set<number>, rng: Rng): string[][] {
  const c = columnIndex(entityByName('marketing_spend'), ['Date', 'CampaignID', 'CampaignName', 'AdPlatform', 'Channel', 'Impressions', 'Clicks', 'Spend', 'Currency']);
  return entries.map((e, i) => {
    const campaign = campaigns[e.campaign];
    const f: string[] = [];
    f[c.Date] = isoDate(period.startMs + e.day * DAY_MS);
    f[c.CampaignID] = campaign.id;
    f[c.CampaignName] = campaign.name;
    f[c.AdPlatform] = campaign.platform;
    f[c.Channel] = campaign.channel;
    f[c.Impressions] = String(e.impressions);
    f[c.Clicks] = String(bad.has(i) ? e.impressions + rng.int(1, 50) : e.clicks);
    f[c.Spend] = formatCents(e.spendCents);
    f[c.Currency] = CURRENCY;
    return f;
  });
}

/** Bad cogs rows replace cost changes, not first costs, so no product loses its costing. */
async function writeCogs(s: Settings, products: readonly Product[], tally: Record<string, number>): Promise<GeneratedFile> {
  const entries = buildCogs(products, s.period, new Rng(s.seed, 'cogs'));
  const changes = entries.flatMap((e, i) => (e.initial ? [] : [i]));
  const eligible = changes.length > 0 ? changes : entries.map((_, i) => i);
  const bad = pickIndices(eligible, smallFileBadCount(entries.length, s.badRate), new Rng(s.seed, 'bad-cogs'));
  if (bad.size > 0) tally[COGS_BAD_KIND] = bad.size;
  return writeEntityFile(s, 'cogs', cogsRows(entries, products, s.period, bad), bad.size);
}

async function writeMarketing(s: Settings, tally: Record<string, number>): Promise<GeneratedFile> {
  const campaigns = buildCampaigns(s.period, new Rng(s.seed, 'campaigns'));
  const entries = buildSpend(campaigns, s.period, s.rows, new Rng(s.seed, 'marketing'));
  const badRng = new Rng(s.seed, 'bad-marketing');
  const bad = pickIndices(entries.map((_, i) => i), smallFileBadCount(entries.length, s.badRate), badRng);
  if (bad.size > 0) tally[MARKETING_BAD_KIND] = bad.size;
  return writeEntityFile(s, 'marketing_spend', spendRows(entries, campaigns, s.period, bad, badRng), bad.size);
}

/**
 * Writes products.csv, cogs.csv, marketing_spend.csv and transactions.csv into outDir.
 * The same options always give byte-identical files.
 */
export async function generateCommerce(opts: GenerateOptions): Promise<GenerateResult> {
  const s = resolveOptions(opts);
  await mkdir(s.outDir, { recursive: true });
  const products = buildProducts(productCount(s.rows), new Rng(s.seed, 'products'));
  const tally: Record<string, number> = {};
  const files = [
    await writeEntityFile(s, 'products', productRows(products), 0),
    await writeCogs(s, products, tally),
    await writeMarketing(s, tally),
  ];
  const path = join(s.outDir, 'transactions.csv');
  const tx = await writeTransactions({ ...s, products, path });
  files.push({ name: 'transactions.csv', path, rows: s.rows, badRows: tx.badRows });
  return { files, badRowsByKind: { ...tx.badRowsByKind, ...tally } };
}
