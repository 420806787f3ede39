/** Valid sale and return lines: channel economics, discounts, tax, shipping and fees. */
import { COMMERCE_CHANNELS } from '../contract';
import type { Product } from './catalog';
import type { CommerceChannel } from './marketing';
import { cumulativeWeights, Rng, SkewedPicker } from '@finlake/generator';

/** Amounts in cents except unitPrice (1/10,000 USD, the product's list price). */
export interface SaleLine {
  readonly utcMs: number;
  readonly product: number;
  readonly customer: number;
  readonly channel: number;
  /** Positive on sales, negative on returns. */
  readonly quantity: number;
  readonly unitPrice: number;
  readonly discount: number;
  readonly tax: number;
  readonly shippingCharged: number;
  readonly shippingCost: number;
  readonly platformFee: number;
  readonly isReturn: boolean;
}

interface ChannelProfile {
  readonly weight: number;
  readonly discountChance: number;
  readonly taxable: boolean;
  quantity(rng: Rng): number;
  /** [charged to the customer, paid by the business] in cents. */
  shipping(netCents: number, quantity: number, rng: Rng): [number, number];
  fee(amountCents: number): number;
  /** What a return label costs the business, in cents. */
  returnShipping(rng: Rng): number;
}

const SMALL_QUANTITY = cumulativeWeights([55, 22, 11, 7, 5]);
const smallQuantity = (rng: Rng): number => rng.weighted(SMALL_QUANTITY) + 1;
const percentFee = (percent: number, fixedCents: number) => (cents: number) => Math.round((cents * percent) / 100) + fixedCents;

/** Typed by the contract's channel list, so a new channel fails to compile until it has a profile. */
const PROFILES: Record<CommerceChannel, ChannelProfile> = {
  'Online Store': {
    weight: 38,
    discountChance: 0.3,
    taxable: true,
    quantity: smallQuantity,
    shipping: (net, q, rng) => [net >= 5_000 ? 0 : 599, 450 + 150 * q + rng.int(0, 300)],
    fee: percentFee(2.9, 30),
    returnShipping: (rng) => rng.int(399, 799),
  },
  Amazon: {
    weight: 30,
    discountChance: 0.2,
    taxable: true,
    quantity: smallQuantity,
    shipping: (_net, q, rng) => [rng.chance(0.8) ? 0 : 499, 350 + 120 * q + rng.int(0, 200)],
    fee: percentFee(15, 0),
    returnShipping: (rng) => rng.int(399, 699),
  },
  eBay: {
    weight: 10,
    discountChance: 0.15,
    taxable: true,
    quantity: smallQuantity,
    shipping: (_net, q, rng) => [rng.chance(0.5) ? 0 : rng.int(399, 999), 500 + 150 * q + rng.int(0, 300)],
    fee: percentFee(13.25, 30),
    returnShipping: (rng) => rng.int(399, 799),
  },
  'Retail Store': {
    weight: 17,
    discountChance: 0.25,
    taxable: true,
    quantity: smallQuantity,
    shipping: () => [0, 0],
    fee: percentFee(2.6, 10),
    returnShipping: () => 0,
  },
  Wholesale: {
    weight: 5,
    discountChance: 0.9,
    taxable: false,
    quantity: (rng) => rng.int(6, 48),
    shipping: (_net, q, rng) => [2_500 + 500 * q, 2_000 + 400 * q + rng.int(0, 1_000)],
    fee: () => 0,
    returnShipping: (rng) => rng.int(1_500, 4_000),
  },
};

const CHANNEL_PROFILES = COMMERCE_CHANNELS.map((c) => PROFILES[c]);
const CHANNEL_CUMULATIVE = cumulativeWeights(CHANNEL_PROFILES.map((p) => p.weight));
const DISCOUNT_PERCENTS = [5, 10, 10, 15, 20, 25];
/** Sales tax in basis points, tied to the customer (their state). */
const TAX_RATES_BP = [0, 400, 600, 625, 700, 725, 825, 875, 950];

export class SaleFactory {
  private readonly productPicker: SkewedPicker;
  private readonly customerPicker: SkewedPicker;

  constructor(
    private readonly products: readonly Product[],
    customers: number,
    private readonly rng: Rng,
  ) {
    this.productPicker = new SkewedPicker(products.length, 1.6, rng);
    this.customerPicker = new SkewedPicker(customers, 1.6, rng);
  }

  sale(utcMs: number): SaleLine {
    const rng = this.rng;
    const channel = rng.weighted(CHANNEL_CUMULATIVE);
    const profile = CHANNEL_PROFILES[channel];
    const product = this.productPicker.pick(rng);
    const customer = this.customerPicker.pick(rng);
    const quantity = profile.quantity(rng);
    const unitPrice = this.products[product].price;
    const grossUnits = quantity * unitPrice;
    // floor keeps the discount at or below the gross amount, as the contract requires.
    const discount = rng.chance(profile.discountChance) ? Math.floor((grossUnits * rng.pick(DISCOUNT_PERCENTS)) / 10_000) : 0;
    const net = Math.max(0, Math.round(grossUnits / 100) - discount);
    const tax = profile.taxable ? Math.round((net * TAX_RATES_BP[customer % TAX_RATES_BP.length]) / 10_000) : 0;
    const [shippingCharged, shippingCost] = profile.shipping(net, quantity, rng);
    const platformFee = profile.fee(net + shippingCharged);
    return { utcMs, product, customer, channel, quantity, unitPrice, discount, tax, shippingCharged, shippingCost, platformFee, isReturn: false };
  }

  /** Part or all of an earlier sale coming back: same product and price, negative quantity. */
  refund(sale: SaleLine, utcMs: number): SaleLine {
    const returned = this.rng.int(1, sale.quantity);
    const share = (cents: number) => Math.floor((cents * returned) / sale.quantity);
    return {
      ...sale,
      utcMs,
      quantity: -returned,
      discount: share(sale.discount),
      tax: share(sale.tax),
      shippingCharged: 0,
      shippingCost: CHANNEL_PROFILES[sale.channel].returnShipping(this.rng),
      platformFee: 0,
      isReturn: true,
    };
  }
}

/** Min-heap of sales waiting to be returned, by due time. Capped so memory stays flat. */
export class ReturnQueue {
  private readonly heap: { due: number; sale: SaleLine }[] = [];

  constructor(private readonly capacity: number) {}

  offer(due: number, sale: SaleLine): void {
    if (this.heap.length >= this.capacity) return;
    const heap = this.heap;
    heap.push({ due, sale });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent].due <= heap[i].due) break;
      [heap[parent], heap[i]] = [heap[i], heap[parent]];
      i = parent;
    }
  }

  /** The earliest waiting sale if it is due by `now`. */
  takeDue(now: number): SaleLine | undefined {
    const heap = this.heap;
    if (heap.length === 0 || heap[0].due > now) return undefined;
    const top = heap[0].sale;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      this.siftDown();
    }
    return top;
  }

  private siftDown(): void {
    const heap = this.heap;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && heap[left].due < heap[smallest].due) smallest = left;
      if (right < heap.length && heap[right].due < heap[smallest].due) smallest = right;
      if (smallest === i) return;
      [heap[smallest], heap[i]] = [heap[i], heap[smallest]];
      i = smallest;
    }
  }
}
