/** Field positions by contract header, so rows follow the contract's column order. */
import type { EntityContract } from '@finlake/contracts';
import { commerceContract as commerce } from '../contract';

export function headersOf(entity: EntityContract): string[] {
  return entity.columns.map((c) => c.header);
}

export function entityByName(name: string): EntityContract {
  const entity = commerce.entities.find((e) => e.name === name);
  if (!entity) throw new Error(`The commerce contract has no entity '${name}'`);
  return entity;
}

/** Index of each named header; throws if the contract no longer has one the generator fills. */
export function columnIndex<H extends string>(entity: EntityContract, headers: readonly H[]): Record<H, number> {
  const all = headersOf(entity);
  const index = {} as Record<H, number>;
  for (const h of headers) {
    const i = all.indexOf(h);
    if (i < 0) throw new Error(`The ${entity.name} contract has no column '${h}'`);
    index[h] = i;
  }
  if (headers.length !== all.length) throw new Error(`The ${entity.name} contract has columns the generator does not fill`);
  return index;
}

export const TRANSACTION_HEADERS = [
  'TransactionID',
  'TransactionDate',
  'ProductID',
  'CustomerID',
  'Channel',
  'Quantity',
  'UnitPrice',
  'DiscountAmount',
  'TaxAmount',
  'ShippingChargedToCustomer',
  'ActualShippingCost',
  'PlatformFee',
  'Currency',
  'ReturnFlag',
] as const;

export type TransactionColumns = Record<(typeof TRANSACTION_HEADERS)[number], number>;
