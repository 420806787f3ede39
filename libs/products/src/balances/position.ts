/**
 * A client's position in a product on a business day, per location, from a published balances
 * warehouse: total, lien and available units (the daily position snapshot) and the same in the
 * product's measure with the trading-unit size in force that day. What `finlake position` prints;
 * the SQL is portable (DuckDB, PostgreSQL, Redshift).
 */
import { productSchemas } from '@finlake/contracts';
import type { Engine, Row } from '@finlake/engine';
import { UsageError } from '@finlake/errors';
import { fromUnits, roundDecimal, sumDecimals, toUnits } from '@finlake/report';

export interface LocationPosition {
  location_code: string;
  total_units: string;
  lien_units: string;
  available_units: string;
  total_volume: string | null;
  txn_count: number;
  is_carried_forward: boolean;
  /** Why there is no row of the snapshot: before the position's first counted transaction (0 units). */
  note?: string;
}

export interface DayPosition {
  client_id: string;
  product_code: string;
  as_of: string;
  kind: 'end of day';
  unit_of_measure: string | null;
  trading_unit_size: string | null;
  locations: LocationPosition[];
  /** The sums over the locations. */
  total: { total_units: string; lien_units: string; available_units: string; total_volume: string | null };
}

/** Places of a DECIMAL(20,6) quantity. */
const UNITS = 6;
/** Exact decimal text with 6 places (the engines give DECIMAL(20,6) as text or number). */
const units = (v: unknown): string => roundDecimal(String(v ?? '0'), UNITS);
/** units × size, both 6-place decimals, cut to 6 places (exact: no floating point). */
const times = (a: string, b: string) => fromUnits((toUnits(a, UNITS) * toUnits(b, UNITS)) / 10n ** BigInt(UNITS), UNITS);

/** `client`'s position in `product` at the end of business day `day` (YYYY-MM-DD), per location or at one. */
export async function positionAsOf(engine: Engine, client: string, product: string, day: string, location?: string): Promise<DayPosition> {
  const warehouse = productSchemas('balances').warehouse;
  const found = await engine.query(`select 1 as found from information_schema.tables where table_schema = ? and table_name = ?`, [warehouse, 'fact_portfolio_daily_position']);
  if (found.length === 0) throw new UsageError('This warehouse has no published positions: run `finlake run balances --input <dir>` with portfolio_transactions and products files first.');
  const params: string[] = [day, day, day, day, day, day, client, product, ...(location ? [location] : [])];
  const rows = await engine.query<Row>(
    `select p.location_code, min(p.position_date) as first_day, max(p.position_date) as last_day,
        max(case when p.position_date = cast(? as date) then p.total_units end) as total_units,
        max(case when p.position_date = cast(? as date) then p.lien_units end) as lien_units,
        max(case when p.position_date = cast(? as date) then p.available_units end) as available_units,
        max(case when p.position_date = cast(? as date) then p.txn_count end) as txn_count,
        max(case when p.position_date = cast(? as date) then case when p.is_carried_forward then 1 else 0 end end) as carried,
        max(case when p.position_date = cast(? as date) then 1 else 0 end) as has_day
     from ${warehouse}.fact_portfolio_daily_position as p
     where p.client_id = ? and p.product_code = ?${location ? ' and p.location_code = ?' : ''}
     group by p.location_code
     order by p.location_code`,
    params,
  );
  if (rows.length === 0) {
    const held = (await engine.query(`select distinct product_code from ${warehouse}.fact_portfolio_daily_position where client_id = ? order by product_code limit 5`, [client])).map((r) => r.product_code);
    if (held.length === 0) throw new UsageError(`No client ${client} in the positions of the balances warehouse.`);
    throw new UsageError(`Client ${client} holds no ${product}${location ? ` at ${location}` : ''} (products held: ${held.join(', ')}).`);
  }
  const lastDay = rows.map((r) => String(r.last_day)).sort().at(-1)!;
  if (day > lastDay) throw new UsageError(`The positions are built through ${lastDay}: ${day} is after the last position day (run again with --param balance_through=${day} once its transactions are in).`);
  const [version] = await engine.query<Row>(
    `select unit_of_measure, trading_unit_size from ${warehouse}.dim_product as d where d.product_code = ? and d.valid_from <= cast(? as date) and cast(? as date) < d.valid_to`,
    [product, day, day],
  );
  const size = version ? units(version.trading_unit_size) : null;
  const volume = (u: string) => (size === null ? null : times(u, size));
  const locations = rows.map((r): LocationPosition => {
    if (Number(r.has_day) === 1) {
      const total = units(r.total_units);
      return { location_code: String(r.location_code), total_units: total, lien_units: units(r.lien_units), available_units: units(r.available_units), total_volume: volume(total), txn_count: Number(r.txn_count), is_carried_forward: Number(r.carried) === 1 };
    }
    // Before this location's first counted transaction (a day after its last cannot be: every position is carried to the last day).
    return { location_code: String(r.location_code), total_units: units(0), lien_units: units(0), available_units: units(0), total_volume: volume(units(0)), txn_count: 0, is_carried_forward: false, note: `before the first counted transaction here (${String(r.first_day)})` };
  });
  const sum = (key: 'total_units' | 'lien_units' | 'available_units') => sumDecimals(locations.map((l) => l[key]), UNITS);
  const total = sum('total_units');
  return {
    client_id: client,
    product_code: product,
    as_of: day,
    kind: 'end of day',
    unit_of_measure: version ? String(version.unit_of_measure) : null,
    trading_unit_size: size,
    locations,
    total: { total_units: total, lien_units: sum('lien_units'), available_units: sum('available_units'), total_volume: volume(total) },
  };
}
