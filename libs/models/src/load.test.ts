import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModel } from './load';

describe('loadModel: the Redshift layout and column lengths of a model yml', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'finlake-models-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const load = (yml: string) => {
    writeFileSync(join(dir, 'dim_x.sql'), 'select 1 as x_key');
    writeFileSync(join(dir, 'dim_x.yml'), `description: X.\ngrain: one row per x\nkey: x_key\n${yml}`);
    return loadModel(dir, 'dim_x');
  };

  it('reads redshift: and columns:', () => {
    const model = load(`redshift:\n  dist: { key: x_key }\n  sort: [x_key]\n  why: joined by x\ncolumns:\n  x_name: { source: name }\n  x_label: { source: things.label }\n  x_code: { varchar: 12 }\n`);
    expect(model.redshift).toEqual({ dist: { key: 'x_key' }, sort: ['x_key'], why: 'joined by x' });
    expect(model.columns).toEqual({ x_name: { source: 'name' }, x_label: { source: 'things.label' }, x_code: { varchar: 12 } });
  });

  it('leaves both out when the yml does not declare them', () => {
    const model = load('');
    expect([model.redshift, model.columns]).toEqual([undefined, undefined]);
  });

  it.each([
    ['a bad layout', 'redshift: { dist: round_robin, why: w }\n', 'Model dim_x: dim_x.yml: redshift dist is all, even, auto or { key: <column> }, not "round_robin"'],
    ['a column with both', 'columns:\n  x_name: { source: name, varchar: 10 }\n', 'Model dim_x: dim_x.yml columns x_name: give either source (the contract column it holds) or varchar (its length in bytes)'],
    ['a column with neither', 'columns:\n  x_name: {}\n', 'Model dim_x: dim_x.yml columns x_name: give either source'],
    ['a length beyond Redshift’s', 'columns:\n  x_name: { varchar: 70000 }\n', 'Model dim_x: dim_x.yml columns x_name: varchar is a length in bytes, 1 to 65535'],
    ['an unknown field', 'columns:\n  x_name: { length: 10 }\n', 'Model dim_x: dim_x.yml columns x_name: unknown field(s) length (source, varchar)'],
  ])('refuses %s', (_what, yml, message) => {
    expect(() => load(yml)).toThrow(message);
  });
});

describe('loadModel: a partition model', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'finlake-models-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const load = (incremental: string, key = '[month, x_key]') => {
    writeFileSync(join(dir, 'mart_x.sql'), 'select 1 as x_key');
    writeFileSync(join(dir, 'mart_x.yml'), `description: X.\ngrain: one row per month and x\nkey: ${key}\ntests:\n  - unique: [month, x_key]\nincremental:\n${incremental}`);
    return loadModel(dir, 'mart_x');
  };

  it('reads its sources and partition column, and tests that column for NULLs', () => {
    const model = load('  strategy: partition\n  partition_by: month\n  source: [fact_a, fact_b]\n  rebuild_on: [stg_masters]\n');
    expect(model.incremental).toEqual({ strategy: 'partition', sources: ['fact_a', 'fact_b'], partitionBy: 'month', rebuildOn: ['stg_masters'] });
    expect(model.tests).toEqual([{ unique: ['month', 'x_key'] }, { not_null: ['month'] }]);
  });

  it.each([
    ['no partition column', '  strategy: partition\n  source: fact_a\n', 'Model mart_x: a partition model needs a partition_by column'],
    ['a partition column outside the key', '  strategy: partition\n  partition_by: year\n  source: fact_a\n', 'Model mart_x: partition_by year must be a column of the key (month, x_key)'],
    ['several sources of a merge', '  strategy: merge\n  merge_key: x_key\n  source: [stg_a, stg_b]\n', 'Model mart_x: a merge model has one source (only a partition model reads several)'],
  ])('refuses %s', (_what, yml, message) => {
    expect(() => load(yml)).toThrow(message);
  });
});
