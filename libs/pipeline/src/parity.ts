import { createHash } from 'node:crypto';
import { quoteIdent, type Engine } from '@finlake/engine';
import type { ProductModels } from '@finlake/models';
import { normaliseNumber } from './gate';
import { inWarehouse, productSchemas } from './schema';

/** What must be identical across engines for one published table. */
export interface TableProfile {
  table: string;
  rows: number;
  /** Sum of every numeric column, as exact decimal text (floating-point columns: as the engine sums them). */
  sums: Record<string, string>;
  /** The floating-point columns: statistics, whose sums may differ in the last bits with the order of addition. */
  approximate?: string[];
  /** Checksum of the key values (order-independent). */
  keyChecksum: string;
  /** Checksum of every row's full content (order-independent). */
  rowChecksum: string;
}

export interface ParityDifference {
  table: string;
  measure: string;
  left: string;
  right: string;
}

const NUMERIC = /decimal|numeric|int|double|real/i;
const FLOATING = /double|real|float/i;
/** Floating-point sums agree when within this relative difference (they are statistics, not money). */
export const FLOAT_TOLERANCE = 1e-9;

/** Hash a bag of strings so that equal bags give equal digests whatever order the engine returns them in. */
function bagChecksum(values: string[]): string {
  const hash = createHash('sha256');
  for (const value of values.sort()) hash.update(value).update('\n');
  return hash.digest('hex');
}

const asText = (column: string) => `coalesce(cast(${quoteIdent(column)} as varchar), '<null>')`;
/** A floating-point value as text to 9 decimals: the engines print doubles differently and may differ in the last bits. */
const floatText = (column: string) => `coalesce(cast(cast(cast(${quoteIdent(column)} as decimal(38, 12)) as decimal(38, 9)) as varchar), '<null>')`;

export async function profileWarehouse(engine: Engine, models: ProductModels): Promise<TableProfile[]> {
  const profiles: TableProfile[] = [];
  for (const model of models.models.filter((m) => m.published)) {
    const table = inWarehouse(models.product, model.name);
    const columns = await engine.query<{ column_name: string; data_type: string }>(
      `select column_name, data_type from information_schema.columns where table_schema = ? and table_name = ? order by column_name`,
      [productSchemas(models.product).warehouse, model.name],
    );
    const numeric = columns.filter((c) => NUMERIC.test(c.data_type)).map((c) => c.column_name);
    const [totals] = await engine.query(`select count(*) as row_count${numeric.map((c) => `, sum(${quoteIdent(c)}) as ${quoteIdent(`sum_${c}`)}`).join('')} from ${table}`);
    const keys = await engine.query<{ k: string }>(`select ${model.key.map(asText).join(` || '|' || `)} as k from ${table}`);
    const floating = columns.filter((c) => FLOATING.test(c.data_type)).map((c) => c.column_name);
    const text = (c: string) => (floating.includes(c) ? floatText(c) : asText(c));
    const rows = await engine.query<{ h: string }>(`select md5(${columns.map((c) => text(c.column_name)).join(` || '|' || `)}) as h from ${table}`);
    profiles.push({
      table: model.name,
      rows: Number(totals?.row_count ?? 0),
      sums: Object.fromEntries(numeric.map((c) => [c, normaliseNumber(totals?.[`sum_${c}`] as string | number | null)])),
      ...(floating.length > 0 && { approximate: floating }),
      keyChecksum: bagChecksum(keys.map((r) => r.k)),
      rowChecksum: bagChecksum(rows.map((r) => r.h)),
    });
  }
  return profiles;
}

/** Every measure that differs between two engines' profiles (empty when they agree). */
export function compareProfiles(left: TableProfile[], right: TableProfile[]): ParityDifference[] {
  const differences: ParityDifference[] = [];
  const byTable = new Map(right.map((p) => [p.table, p]));
  for (const l of left) {
    const r = byTable.get(l.table);
    if (!r) {
      differences.push({ table: l.table, measure: 'table', left: 'present', right: 'missing' });
      continue;
    }
    const check = (measure: string, a: string, b: string) => a !== b && differences.push({ table: l.table, measure, left: a, right: b });
    check('rows', String(l.rows), String(r.rows));
    for (const column of new Set([...Object.keys(l.sums), ...Object.keys(r.sums)])) {
      const [a, b] = [l.sums[column] ?? 'missing', r.sums[column] ?? 'missing'];
      if (l.approximate?.includes(column) && r.approximate?.includes(column) && close(Number(a), Number(b))) continue;
      check(`sum(${column})`, a, b);
    }
    check('key checksum', l.keyChecksum, r.keyChecksum);
    check('row checksum', l.rowChecksum, r.rowChecksum);
  }
  return differences;
}

const close = (a: number, b: number) => Number.isFinite(a) && Number.isFinite(b) && Math.abs(a - b) <= FLOAT_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
