import { parseAsOf, positionAsOf } from '@finlake/products';
import { UsageError } from '@finlake/errors';
import type { GlobalOptions } from '../main';
import { bold, printJson, renderTable } from '../output';
import { withExistingWarehouse } from '../warehouse';

export interface PositionOptions extends GlobalOptions {
  client: string;
  product: string;
  asOf: string;
  location?: string;
}

/** `finlake position`: a client's units of a product at the end of a business day, per location, with the lien. */
export async function positionCommand(options: PositionOptions): Promise<void> {
  const asOf = parseAsOf(options.asOf);
  if (asOf.kind !== 'day') throw new UsageError(`--as-of takes a business day YYYY-MM-DD for a position (positions are end-of-day); got "${options.asOf}".`);
  await withExistingWarehouse(options, 'finlake position', async (engine) => {
    const answer = await positionAsOf(engine, options.client, options.product, asOf.day, options.location);
    if (options.json) return printJson(answer);
    const measure = answer.unit_of_measure ? ` (${answer.unit_of_measure}: ${answer.total.total_volume} at ${answer.trading_unit_size} per unit)` : '';
    process.stdout.write(`${bold(`Position of ${answer.client_id} in ${answer.product_code} at the end of ${answer.as_of}`)}: ${answer.total.total_units} units, ${answer.total.lien_units} under lien, ${answer.total.available_units} available${measure}\n`);
    const rows = answer.locations.map((l) => ({ ...l, note: l.note ?? null }));
    process.stdout.write(`${renderTable(rows, ['location_code', 'total_units', 'lien_units', 'available_units', 'total_volume', 'txn_count', 'is_carried_forward', 'note'])}\n`);
  });
}
