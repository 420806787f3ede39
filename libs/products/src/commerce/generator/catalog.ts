/** Products, their dated unit costs (COGS) and customer ids. */
import type { Period } from '@finlake/generator';
import { addMonths } from '@finlake/generator';
import { DAY_MS } from '@finlake/generator';
import type { Rng } from '@finlake/generator';

export interface Product {
  readonly id: string;
  readonly name: string;
  readonly category: string;
  /** List price in 1/10,000 USD (usually whole cents). */
  readonly price: number;
}

export interface CogsEntry {
  readonly product: number;
  /** Day index from the period start; may equal period.days for a late first cost. */
  readonly day: number;
  /** Unit cost in 1/10,000 USD. */
  readonly unitCost: number;
  /** The product's first cost row (replacing it would leave the product uncosted). */
  readonly initial: boolean;
}

/** Valid, but exercises CSV quoting and HTML escaping downstream. */
export const HOSTILE_PRODUCT_NAME = '<b>Bold</b> "Quoted", Comma';

interface CategorySpec {
  readonly name: string;
  readonly nouns: readonly string[];
  /** List price range in USD. */
  readonly minPrice: number;
  readonly maxPrice: number;
}

const CATEGORIES: readonly CategorySpec[] = [
  { name: 'Outdoor Gear', nouns: ['Backpack', 'Tent', 'Sleeping Bag', 'Trekking Poles', 'Headlamp', 'Water Filter'], minPrice: 19, maxPrice: 399 },
  { name: 'Electronics', nouns: ['Wireless Earbuds', 'Bluetooth Speaker', 'USB-C Charger', 'Smart Watch', 'Action Camera', 'Power Bank'], minPrice: 12, maxPrice: 599 },
  { name: 'Home & Kitchen', nouns: ['Chef Knife', 'Cast Iron Skillet', 'French Press', 'Blender', 'Cutting Board', 'Dutch Oven'], minPrice: 9, maxPrice: 249 },
  { name: 'Apparel', nouns: ['Rain Jacket', 'Fleece Hoodie', 'Merino T-Shirt', 'Hiking Pants', 'Wool Socks', 'Beanie'], minPrice: 9, maxPrice: 229 },
  { name: 'Beauty & Personal Care', nouns: ['Face Serum', 'Shampoo Bar', 'Body Lotion', 'Beard Oil', 'Sunscreen', 'Lip Balm'], minPrice: 4, maxPrice: 89 },
  { name: 'Sports & Fitness', nouns: ['Yoga Mat', 'Resistance Bands', 'Kettlebell', 'Jump Rope', 'Foam Roller', 'Dumbbell Set'], minPrice: 7, maxPrice: 299 },
  { name: 'Toys & Games', nouns: ['Building Blocks', 'Board Game', 'Jigsaw Puzzle', 'Plush Bear', 'RC Car', 'Kite'], minPrice: 6, maxPrice: 129 },
  { name: 'Office Supplies', nouns: ['Notebook', 'Gel Pen Set', 'Desk Organizer', 'Monitor Stand', 'Stapler', 'Planner'], minPrice: 2, maxPrice: 149 },
];

const ADJECTIVES = ['Alpine', 'Summit', 'Coastal', 'Urban', 'Classic', 'Nordic', 'Everyday', 'Pro', 'Compact', 'Heritage', 'Terra', 'Nova'];
const LINES = ['Trail', 'Ridge', 'Harbor', 'Metro', 'Essential', 'Peak', 'Canyon', 'Aurora', 'Cedar', 'Drift'];
const PRICE_ENDINGS = [99, 99, 99, 49, 95, 0];
/** Share of products priced with 4 decimals (bulk or converted prices). */
const FOUR_DECIMAL_PRICE_SHARE = 0.03;
/** Share of products whose first cost arrives a month late, leaving early sales uncosted. */
const LATE_COST_SHARE = 0.002;

export function productCount(rows: number): number {
  return Math.min(5000, Math.max(20, Math.round(rows / 200)));
}

export function customerCount(rows: number): number {
  return Math.max(10, Math.round(rows / 8));
}

export function customerId(index: number): string {
  return 'C' + String(index + 1).padStart(7, '0');
}

function listPrice(category: CategorySpec, rng: Rng): number {
  const dollars = Math.exp(rng.between(Math.log(category.minPrice), Math.log(category.maxPrice)));
  if (rng.chance(FOUR_DECIMAL_PRICE_SHARE)) return Math.round(dollars * 10_000);
  const ending = rng.pick(PRICE_ENDINGS);
  return (Math.floor(dollars) * 100 + ending) * 100;
}

function makeProduct(index: number, hostile: boolean, rng: Rng): Product {
  const category = rng.pick(CATEGORIES);
  const name = `${rng.pick(ADJECTIVES)} ${rng.pick(LINES)} ${rng.pick(category.nouns)} ${rng.int(1, 99)}`;
  return {
    id: 'P' + String(index + 1).padStart(5, '0'),
    name: hostile ? HOSTILE_PRODUCT_NAME : name,
    category: category.name,
    price: listPrice(category, rng),
  };
}

export function buildProducts(count: number, rng: Rng): Product[] {
  const hostile = rng.int(0, count - 1);
  const products: Product[] = [];
  for (let i = 0; i < count; i++) products.push(makeProduct(i, i === hostile, rng));
  return products;
}

/** Indices of the products whose first cost is late; never the hostile-name product. */
function lateCostProducts(products: readonly Product[], rng: Rng): Set<number> {
  const wanted = Math.max(1, Math.round(products.length * LATE_COST_SHARE));
  const late = new Set<number>();
  while (late.size < wanted) {
    const i = rng.int(0, products.length - 1);
    if (products[i].name !== HOSTILE_PRODUCT_NAME) late.add(i);
  }
  return late;
}

/** Initial cost plus 0-3 later changes, each at 35-60% of the list price, on distinct days. */
function productCosts(product: number, price: number, firstDay: number, period: Period, rng: Rng): CogsEntry[] {
  let ratio = rng.between(0.38, 0.55);
  const entries: CogsEntry[] = [{ product, day: firstDay, unitCost: Math.round(price * ratio), initial: true }];
  for (const day of rng.distinctInts(rng.int(0, 3), firstDay + 1, period.days - 1)) {
    ratio = Math.min(0.6, Math.max(0.35, ratio * rng.between(0.92, 1.1)));
    entries.push({ product, day, unitCost: Math.round(price * ratio), initial: false });
  }
  return entries;
}

export function buildCogs(products: readonly Product[], period: Period, rng: Rng): CogsEntry[] {
  const late = lateCostProducts(products, rng);
  const lateDay = Math.round((addMonths(period.startMs, 1) - period.startMs) / DAY_MS);
  return products.flatMap((p, i) => productCosts(i, p.price, late.has(i) ? lateDay : 0, period, rng));
}
