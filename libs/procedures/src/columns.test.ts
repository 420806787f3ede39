import type { ColumnType, DataProductContract } from '@finlake/contracts';
import { strategySpec, type Model, type ProductModels } from '@finlake/models';
import { contractColumns, modelVarchar } from './columns';

const column = (name: string, type: ColumnType) => ({ header: name, name, type, required: true, description: '' });
const entity = (name: string, columns: ReturnType<typeof column>[]) => ({ name, description: '', grain: '', columns, key: [columns[0]!.name], loadMode: 'upsert' as const, references: [], rules: [] });

const CONTRACT: DataProductContract = {
  name: 'toy',
  description: '',
  earliestDate: '2020-01-01',
  maxFutureDays: 0,
  entities: [
    entity('shops', [column('shop_id', { kind: 'id', maxLength: 10 }), column('name', { kind: 'text', maxLength: 50 }), column('tier', { kind: 'enum', values: ['gold', 'silver'] })]),
    entity('staff', [column('staff_id', { kind: 'id', maxLength: 10 }), column('name', { kind: 'text', maxLength: 80 }), column('hired_on', { kind: 'date' })]),
  ],
};

const model = (name: string, sql: string, extra: Partial<Model> = {}): Model => ({ name, sql, description: '', grain: '', key: [], tests: [], published: true, ...extra });

const MODELS: ProductModels = {
  product: 'toy',
  keyMaps: [],
  reconciliations: [],
  models: [
    model('dim_shop', `select shop_id, name as shop_name, name as shop_title, tier, 'x' as note from {{ source('stg_shops') }}`, { columns: { shop_name: { source: 'shops.name' }, shop_title: { varchar: 300 } } }),
    model('mart_shop', `select * from {{ ref('dim_shop') }}`),
    model('dim_staff_history', `select staff_id, name, hired_on from {{ source('stg_staff') }}`, {
      strategy: strategySpec('dim_staff_history', { kind: 'scd2', key: 'staff_id', tracked: ['name'], current: ['name'], effective_from: 'hired_on', surrogate_key: 'staff_key' }),
    }),
  ],
};

const bytes = (table: string, c: string) => modelVarchar(CONTRACT, MODELS, table, c);

describe('modelVarchar: the VARCHAR bytes of a model column', () => {
  it('takes the yml’s length, or its source column’s (entity.column picks one entity)', () => {
    expect([bytes('dim_shop', 'shop_title'), bytes('dim_shop', 'shop_name')]).toEqual([300, 50 * 4]);
  });

  it('sizes a column named like a contract column by it: the longest of the entities that have it, four bytes a character', () => {
    expect([bytes('dim_shop', 'shop_id'), bytes('dim_shop', 'name'), bytes('dim_shop', 'tier')]).toEqual([40, 80 * 4, 6 * 4]);
  });

  it('follows a renamed column through the models that ref it', () => {
    expect([bytes('mart_shop', 'shop_name'), bytes('mart_shop', 'shop_title')]).toEqual([200, 300]);
  });

  it('sizes an SCD2 current_ column as its attribute and the strategy’s hash by the pipeline', () => {
    expect([bytes('dim_staff_history', 'current_name'), bytes('dim_staff_history', 'hash_diff')]).toEqual([320, 32]);
  });

  it('names the yml and both ways to declare a column it cannot size', () => {
    expect(() => bytes('mart_shop', 'note')).toThrow(
      'No VARCHAR length for toy_warehouse.mart_shop.note: no contract column of toy and no column of a model it refs has that name. Declare it in mart_shop.yml: columns: { note: { source: <contract column> } } or columns: { note: { varchar: <bytes> } }',
    );
  });

  it('refuses a source that is no text column of the contract', () => {
    const models = { ...MODELS, models: [model('dim_shop', 'select 1', { columns: { opened: { source: 'staff.hired_on' } } })] };
    expect(() => modelVarchar(CONTRACT, models, 'dim_shop', 'opened')).toThrow('dim_shop.yml: column opened has source staff.hired_on, which is no text column of the toy contract');
  });
});

describe('contractColumns: staging columns from the contract', () => {
  it('sizes text by the contract and keeps other types', () => {
    expect(contractColumns(CONTRACT.entities[1]!).map((c) => `${c.name} ${c.type}`)).toEqual(['staff_id varchar(40)', 'name varchar(320)', 'hired_on date']);
  });
});
