import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REDSHIFT_LAYOUT } from '@finlake/engine-redshift';
import { commerceModels } from '@finlake/models';
import { DDL_COMMAND, DDL_DIR, redshiftType, renderDdl } from './ddl';

let rendered: Record<string, string>;
beforeAll(async () => {
  rendered = await renderDdl();
});

describe(`sql/ddl is up to date (run \`${DDL_COMMAND}\` after changing a contract, model or layout)`, () => {
  it('has exactly the rendered files', () => {
    const committed = readdirSync(DDL_DIR).filter((f) => f.endsWith('.sql')).sort();
    expect({ committed, command: DDL_COMMAND }).toEqual({ committed: Object.keys(rendered).sort(), command: DDL_COMMAND });
  });

  it.each(['01_meta.sql', '02_staging.sql', '03_warehouse.sql'])('%s', (name) => {
    const path = join(DDL_DIR, name);
    const committed = existsSync(path) ? readFileSync(path, 'utf8') : '';
    if (committed !== rendered[name]) throw new Error(`sql/ddl/${name} is stale: run \`${DDL_COMMAND}\` and commit the result.`);
  });
});

describe('the Redshift layout', () => {
  const models = commerceModels().models.filter((m) => m.published);

  it('creates every published model', () => {
    for (const m of models) expect(rendered['03_warehouse.sql']).toContain(`create table if not exists warehouse.${m.name} (`);
  });

  it('distributes facts on a key and sorts them on date_key', () => {
    for (const m of models.filter((m) => m.name.startsWith('fact_'))) {
      const layout = REDSHIFT_LAYOUT[m.name]!;
      expect([m.name, typeof layout.dist, layout.sort?.[0]]).toEqual([m.name, 'object', 'date_key']);
    }
  });

  it('copies the small dimensions to every node', () => {
    for (const name of ['dim_date', 'dim_product', 'dim_channel', 'dim_campaign']) expect([name, REDSHIFT_LAYOUT[name]!.dist]).toEqual([name, 'all']);
  });

  it('never sizes a varchar by Redshift’s 256-byte default', () => {
    expect(Object.values(rendered).join('\n')).not.toMatch(/\bvarchar\b(?!\()/);
  });
});

describe('redshiftType', () => {
  it.each([
    ['INTEGER', 'integer'],
    ['BIGINT', 'bigint'],
    ['DECIMAL(38,2)', 'decimal(38, 2)'],
    ['DATE', 'date'],
    ['TIMESTAMP', 'timestamp'],
    ['TIMESTAMP WITH TIME ZONE', 'timestamptz'],
    ['BOOLEAN', 'boolean'],
    ['VARCHAR', 'varchar(12)'],
  ])('%s → %s', (duck, redshift) => {
    expect(redshiftType(duck, () => 12)).toBe(redshift);
  });

  it('refuses a type it cannot map exactly', () => {
    expect(() => redshiftType('HUGEINT', () => 1)).toThrow('No Redshift type for DuckDB HUGEINT');
  });
});
