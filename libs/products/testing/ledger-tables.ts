import { META_SCHEMA, productSchemas } from '@finlake/contracts';

const { staging, warehouse, procedures } = productSchemas('ledger');

/**
 * The ledger product's schemas and the tables its security manifest names, by hand and with the
 * few columns the security tests read, plus rows of departments D101, D102 and D103. Until the
 * ledger's pipeline builds them, this is what `security apply ledger` applies to in tests.
 */
export function ledgerTablesSql(): string {
  const marts = ['mart_budget_variance_monthly', 'mart_budget_variance_ytd'].map(
    (mart) => `
    create table ${warehouse}.${mart} (period_key integer, department_id varchar(50), actual numeric(18,2), budget numeric(18,2));
    insert into ${warehouse}.${mart} values (202401, 'D101', 100, 90), (202401, 'D102', 200, 210), (202401, 'D103', 300, 300), (202402, 'D101', 110, 95);`,
  );
  const dims = ['dim_department', 'dim_account', 'dim_period', 'dim_date', 'dim_scenario'].map((dim) => `create table ${warehouse}.${dim} (sk integer, name varchar(100)); insert into ${warehouse}.${dim} values (1, 'one');`);
  return `
    create schema ${staging}; create schema ${warehouse}; create schema ${procedures}; create schema if not exists ${META_SCHEMA};
    ${marts.join('\n')}
    ${dims.join('\n')}
    create table ${warehouse}.fact_gl_actual (transaction_id varchar(50), date_key integer, period_key integer, department_sk integer, account_sk integer,
      amount_dr numeric(18,2), amount_natural numeric(18,2), description varchar(500), batch_id varchar(64));
    insert into ${warehouse}.fact_gl_actual values ('T1', 20240105, 202401, 1, 1, 100, 100, 'Consulting fee, J. Smith', 'b1');
    create table ${staging}.stg_gl_actual (transaction_id varchar(50), amount numeric(18,2), batch_id varchar(64));
    create table ${META_SCHEMA}.ledger (ledger_id integer, product varchar(50), file_name varchar(200));
    create table ${META_SCHEMA}.quarantine (ledger_id integer, reason_code varchar(50), raw_text varchar(2000));
    create table ${META_SCHEMA}.gate_results (run_id integer, check_name varchar(200), passed boolean);
    create table ${META_SCHEMA}.runs (run_id integer, product varchar(50), status varchar(20));
    insert into ${META_SCHEMA}.ledger values (1, 'ledger', 'gl_actual.csv');
    insert into ${META_SCHEMA}.quarantine values (1, 'INVALID_NUMBER', 'T9,abc');
    insert into ${META_SCHEMA}.gate_results values (1, 'unique key', true);
    insert into ${META_SCHEMA}.runs values (1, 'ledger', 'published');`;
}
