import { META_SCHEMA, productSchemas } from '@finlake/contracts';
import type { SecurityManifest } from '@finlake/security';

const { staging, warehouse } = productSchemas('ledger');
const inWarehouse = (...tables: string[]) => tables.map((t) => `${warehouse}.${t}`);

const MARTS = inWarehouse('mart_budget_variance_monthly', 'mart_budget_variance_ytd');
const DIMENSIONS = inWarehouse('dim_department', 'dim_account', 'dim_period', 'dim_date', 'dim_scenario');
const GL_FACT = `${warehouse}.fact_gl_actual`;
/** Every column of the GL fact but its free-text description, which may name people or suppliers (a test holds the list to the built table). */
export const GL_FACT_WITHOUT_DESCRIPTION = [
  'transaction_id', 'date_key', 'txn_date', 'period_key', 'period', 'department_id', 'department_sk', 'account_id', 'account_sk',
  'account_type', 'currency', 'amount_original', 'fx_rate', 'amount_dr', 'amount_natural', 'batch_id',
];
/** The run records an auditor reads (shared by every product in meta). */
const RUN_LEDGER = ['ledger', 'quarantine', 'gate_results', 'runs'].map((t) => `${META_SCHEMA}.${t}`);
const WRITE = ['select', 'insert', 'update', 'delete'] as const;

/**
 * Who reads what of the ledger product (products.md F.4): analysts every row of the marts,
 * department managers only their departments' rows, auditors the run records and the GL fact
 * without its descriptions; the ETL role writes the product's schemas and meta.
 */
export const ledgerSecurity: SecurityManifest = {
  product: 'ledger',
  roles: [
    { name: 'finlake_admin', purpose: 'everything: every table of the product, meta and the security lookup' },
    { name: 'finlake_etl', purpose: 'the pipeline: writes staging, warehouse and meta; never the security lookup' },
    { name: 'finance_analyst', purpose: 'every row of the marts and dimensions; the GL fact without descriptions' },
    { name: 'dept_manager', purpose: "the marts, limited to the rows of the user's departments (security.user_departments)" },
    { name: 'auditor', purpose: 'the run records (meta.ledger, quarantine, gate_results, runs) and the GL fact without descriptions' },
  ],
  schemaGrants: [
    // The tables' schemas (the procedures' schema holds no tables: whoever runs the pipeline on Redshift owns it).
    ...[staging, warehouse, META_SCHEMA].map((schema) => ({ role: 'finlake_admin', schema, privileges: WRITE, create: true })),
    ...[staging, warehouse, META_SCHEMA].map((schema) => ({ role: 'finlake_etl', schema, privileges: WRITE, create: true })),
  ],
  tableGrants: [
    { role: 'finance_analyst', tables: [...MARTS, ...DIMENSIONS], privileges: ['select'] },
    { role: 'dept_manager', tables: MARTS, privileges: ['select'] },
    { role: 'auditor', tables: RUN_LEDGER, privileges: ['select'] },
  ],
  columnGrants: [
    { role: 'finance_analyst', table: GL_FACT, columns: GL_FACT_WITHOUT_DESCRIPTION },
    { role: 'auditor', table: GL_FACT, columns: GL_FACT_WITHOUT_DESCRIPTION },
  ],
  rowPolicies: [
    {
      name: 'department_rows',
      tables: MARTS,
      column: 'department_id',
      columnType: 'varchar(50)',
      lookup: { table: 'security.user_departments', userColumn: 'user_name', keyColumn: 'department_id', keyType: 'varchar(50)', maintainers: ['finlake_admin'] },
      restrictedRoles: ['dept_manager'],
      allRowsRoles: ['finlake_admin', 'finlake_etl', 'finance_analyst'],
    },
  ],
};
