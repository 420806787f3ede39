import { redshiftDialect, renderSql } from '@finlake/engine';
import { commerceModels } from '@finlake/products';
import { NOT_ON_REDSHIFT } from '@finlake/procedures';

/** The models as the pipeline renders them for Redshift (sources in staging, refs built aside). */
const rendered = commerceModels().models.map((m) => [m.name, renderSql(m.sql, redshiftDialect, (kind, name) => (kind === 'source' ? `commerce_staging."${name}"` : `commerce_warehouse."${name}__new"`))] as const);

describe('commerce models rendered for Redshift', () => {
  // DuckDB-only functions, LATERAL, :: casts, leader-node-only functions (@finlake/procedures NOT_ON_REDSHIFT).
  it.each(rendered)('%s uses no SQL Redshift does not run', (_name, sql) => {
    expect(sql.replace(/--[^\n]*/g, '')).not.toMatch(NOT_ON_REDSHIFT);
    expect(sql).not.toContain('{{');
  });

  it('renders date keys with to_char', () => {
    expect(Object.fromEntries(rendered).fact_transactions).toContain(`cast(to_char(costed.transaction_date, 'YYYYMMDD') as integer) as date_key`);
  });

  // generate_series runs only on Redshift's leader node, so a calendar built from it cannot be
  // joined with table data there; isodow is not a Redshift date part.
  it('builds dim_date from digit sets, without generate_series or isodow', () => {
    const dimDate = Object.fromEntries(rendered).dim_date.replace(/--[^\n]*/g, '');
    expect(dimDate).not.toMatch(/generate_series|isodow/i);
    expect(dimDate).toContain('cross join digits as ten_thousands');
  });
});
