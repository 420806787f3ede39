import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { tableLayout, type ColumnContract, type DataProductContract, type EntityContract } from '@finlake/contracts';
import { UsageError } from '@finlake/errors';
import { loadModel, type ProductModels } from '@finlake/models';
import type { DataProduct, MartView } from './types';

/** snake_case keys of a YAML document → the camelCase of the TypeScript types (values untouched). */
function camel(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camel);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), camel(v)]));
}

function need<T>(value: T | undefined, what: string, file: string): T {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) throw new UsageError(`${file}: ${what} is required.`);
  return value;
}

const COLUMN_KINDS = ['id', 'text', 'integer', 'decimal', 'date', 'timestamp', 'boolean', 'enum', 'month'];

function entityOf(raw: Record<string, unknown>, file: string): EntityContract {
  const name = need(raw.name as string, 'every entity\'s name', file);
  const where = `${file} (entity ${name})`;
  const columns = need(raw.columns as ColumnContract[], 'columns', where).map((c) => {
    if (!c.type || !COLUMN_KINDS.includes(c.type.kind)) throw new UsageError(`${where}: column ${c.name ?? c.header} needs a type with kind one of ${COLUMN_KINDS.join(', ')}.`);
    return {
      header: need(c.header, 'a column header', where),
      name: need(c.name, 'a column name', where),
      type: c.type,
      required: c.required ?? true,
      description: c.description ?? '',
      ...(c.default !== undefined && { default: String(c.default) }),
    };
  });
  const key = need(raw.key as string[], 'key', where);
  for (const k of key) if (!columns.some((c) => c.name === k)) throw new UsageError(`${where}: key column ${k} is not a column.`);
  const loadMode = (raw.loadMode as string) ?? 'append';
  if (loadMode !== 'append' && loadMode !== 'upsert') throw new UsageError(`${where}: load_mode is append or upsert, not ${loadMode}.`);
  return {
    name,
    description: (raw.description as string) ?? '',
    grain: need(raw.grain as string, 'grain', where),
    columns,
    key,
    loadMode,
    references: (raw.references as EntityContract['references']) ?? [],
    rules: (raw.rules as EntityContract['rules']) ?? [],
    ...(raw.duplicateKeyReason !== undefined && { duplicateKeyReason: raw.duplicateKeyReason as string }),
    ...(raw.keepOnConflict !== undefined && { keepOnConflict: raw.keepOnConflict as EntityContract['keepOnConflict'] }),
    ...(raw.redshift === undefined ? {} : { redshift: layoutOf(where, raw.redshift) }),
  };
}

/** A `redshift:` block: a malformed one is a usage error naming the file. */
function layoutOf(where: string, raw: unknown) {
  try {
    return tableLayout(where, raw);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/**
 * A data product defined as a folder: `product.yml` (the contract, the models' build order, key
 * maps, reconciliations, marts) and `models/<name>.sql` with `models/<name>.yml`. Adding such a
 * folder and registering it is all a new product needs; nothing outside the folder changes.
 */
export function loadProductFolder(dir: string): DataProduct {
  const file = join(dir, 'product.yml');
  if (!existsSync(file)) throw new UsageError(`No product.yml in ${dir}.`);
  const spec = camel(parse(readFileSync(file, 'utf8')) ?? {}) as Record<string, unknown>;
  const name = need(spec.name as string, 'name', file);
  const contract: DataProductContract = {
    name,
    description: (spec.description as string) ?? '',
    entities: need(spec.entities as Record<string, unknown>[], 'entities', file).map((e) => entityOf(e, file)),
    earliestDate: need(spec.earliestDate as string, 'earliest_date', file),
    maxFutureDays: (spec.maxFutureDays as number) ?? 0,
    ...(spec.reasonCodes !== undefined && { reasonCodes: spec.reasonCodes as Record<string, string> }),
    ...(spec.parameters !== undefined && { parameters: spec.parameters as DataProductContract['parameters'] }),
  };
  const modelNames = need(spec.models as string[], 'models (in build order)', file);
  const models = (): ProductModels => ({
    product: name,
    keyMaps: ((spec.keyMaps as Record<string, unknown>[]) ?? []).map((k) => ({
      name: need(k.name as string, 'every key map\'s name', file),
      naturalKeys: need(k.naturalKeys as string, 'natural_keys', `${file} (key map ${k.name as string})`),
      ...(k.redshift === undefined ? {} : { redshift: layoutOf(`${file} (key map ${k.name as string})`, k.redshift) }),
    })),
    models: modelNames.map((m) => loadModel(join(dir, 'models'), m)),
    reconciliations: (spec.reconciliations as ProductModels['reconciliations']) ?? [],
  });
  models(); // a broken model file fails at registration, not in the middle of a run
  return {
    name,
    title: (spec.title as string) ?? name,
    contract,
    models,
    ...(existsSync(join(dir, 'samples')) ? { samples: join(dir, 'samples') } : {}),
    marts: (spec.marts as MartView[]) ?? [],
    currency: (spec.currency as string) ?? 'USD',
  };
}
