import type { EntityContract } from '@finlake/contracts';
import type { Model } from '@finlake/models';
import { commerce } from '@finlake/products';
import { renderDdl } from './ddl';
import { entityLayout, keyMapLayout, META_LAYOUT, metaLayout, modelLayout } from './layouts';

const entity = (loadMode: 'append' | 'upsert', kinds: Record<string, 'id' | 'date' | 'timestamp'>, redshift?: EntityContract['redshift']): EntityContract => ({
  name: 'things',
  description: '',
  grain: '',
  columns: Object.entries(kinds).map(([name, kind]) => ({ header: name, name, type: kind === 'id' ? { kind, maxLength: 10 } : { kind }, required: true, description: '' })),
  key: [Object.keys(kinds)[0]!],
  loadMode,
  references: [],
  rules: [],
  ...(redshift ? { redshift } : {}),
});

const model = (redshift?: Model['redshift']): Model => ({ name: 'dim_x', sql: 'select 1', description: '', grain: '', key: ['x_key', 'x_day'], tests: [], published: true, ...(redshift ? { redshift } : {}) });

describe('the default layouts', () => {
  it('copies upsert reference data to every node, sorted on its key', () => {
    expect(entityLayout(entity('upsert', { thing_id: 'id', valid_on: 'date' }))).toMatchObject({ dist: 'all', sort: ['thing_id'] });
  });

  it('lets Redshift distribute append facts, sorted on their first date or timestamp column when they have one', () => {
    expect(entityLayout(entity('append', { thing_id: 'id', posted_at: 'timestamp', valid_on: 'date' }))).toMatchObject({ dist: 'auto', sort: ['posted_at'] });
    const undated = entityLayout(entity('append', { thing_id: 'id' }));
    expect([undated.dist, undated.sort]).toEqual(['auto', undefined]);
  });

  it('takes the contract’s layout when it declares one', () => {
    const declared = { dist: { key: 'thing_id' }, sort: ['thing_id'], why: 'joined by thing' } as const;
    expect(entityLayout(entity('append', { thing_id: 'id' }, declared))).toBe(declared);
  });

  it('copies key maps to every node sorted on natural_key, unless the key map declares its own', () => {
    expect(keyMapLayout({ name: 'keymap_x', naturalKeys: 'select 1' })).toMatchObject({ dist: 'all', sort: ['natural_key'] });
    const declared = { dist: 'even', why: 'large' } as const;
    expect(keyMapLayout({ name: 'keymap_x', naturalKeys: 'select 1', redshift: declared })).toBe(declared);
  });

  it('lets Redshift distribute a model without a layout, sorted on its key', () => {
    expect(modelLayout(model())).toMatchObject({ dist: 'auto', sort: ['x_key', 'x_day'] });
    const declared = { dist: 'all', sort: ['x_key'], why: 'small' } as const;
    expect(modelLayout(model(declared))).toBe(declared);
  });
});

describe('META_LAYOUT', () => {
  it('holds exactly the meta tables the pipeline creates', async () => {
    const { meta } = await renderDdl(commerce);
    const tables = [...meta.matchAll(/^create table if not exists meta\.(\w+) \(/gm)].map((m) => m[1]);
    expect(tables.sort()).toEqual(Object.keys(META_LAYOUT).sort());
  });

  it('names the constant to extend for a meta table it does not know', () => {
    expect(() => metaLayout('audit')).toThrow('No Redshift layout for meta.audit: add it to META_LAYOUT in libs/procedures/src/layouts.ts');
  });
});
