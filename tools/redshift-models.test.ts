import { redshiftDialect, renderSql } from '@finlake/engine';
import { commerceModels } from '@finlake/models';

/** The models as the pipeline renders them for Redshift (sources in staging, refs built aside). */
const rendered = commerceModels().models.map((m) => [m.name, renderSql(m.sql, redshiftDialect, (kind, name) => (kind === 'source' ? `staging."${name}"` : `warehouse."${name}__new"`))] as const);

// Functions Redshift does not have (DuckDB's), and LATERAL, which Redshift does not support in these forms.
const NOT_ON_REDSHIFT = /\b(strftime|try_cast|list_contains|regexp_full_match|asof|lateral|qualify|string_agg)\b|::/i;

describe('commerce models rendered for Redshift', () => {
  it.each(rendered)('%s uses no DuckDB-only SQL and no LATERAL', (_name, sql) => {
    expect(sql.replace(/--[^\n]*/g, '')).not.toMatch(NOT_ON_REDSHIFT);
    expect(sql).not.toContain('{{');
  });

  it('renders date keys with to_char', () => {
    expect(Object.fromEntries(rendered).fact_transactions).toContain(`cast(to_char(costed.transaction_date, 'YYYYMMDD') as integer) as date_key`);
  });

  // Known gaps, kept visible: these models need a change before they run on Redshift (reported,
  // libs/models is not changed here). When a model is fixed the test fails: remove it then.
  test.failing('dim_date avoids generate_series (leader-node only on Redshift) — known gap', () => {
    expect(Object.fromEntries(rendered).dim_date).not.toMatch(/generate_series/);
  });
});
