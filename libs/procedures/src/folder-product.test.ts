/**
 * The Redshift DDL and procedures of a product that is nothing but a folder: no layout is written
 * anywhere outside it, so every table takes its declared layout or the documented default, every
 * varchar is sized from its contract, and its strategy models are built by sp_build_models.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { productSchemas } from '@finlake/contracts';
import { commerce, loadProductFolder, type DataProduct } from '@finlake/products';
import { StrategyCodes } from '@finlake/pipeline';
import { tempDir } from '@finlake/pipeline/testing';
import { renderAllDdl, renderDdl } from '.';

const PRODUCT_YML = `
name: toy_books
title: Toy books
earliest_date: '2020-01-01'
entities:
  - name: accounts
    description: Chart of accounts, as of a date.
    grain: one row per account
    key: [account_id]
    load_mode: upsert
    columns:
      - { header: AccountID, name: account_id, type: { kind: id, max_length: 20 } }
      - { header: AccountName, name: account_name, type: { kind: text, max_length: 100 } }
      - { header: Owner, name: owner, type: { kind: text, max_length: 50 } }
      - { header: EffectiveFrom, name: effective_from, type: { kind: date } }
  - name: balances
    description: Daily closing balances.
    grain: one row per account and day
    key: [account_id, balance_date]
    load_mode: append
    columns:
      - { header: AccountID, name: account_id, type: { kind: id, max_length: 20 } }
      - { header: BalanceDate, name: balance_date, type: { kind: date } }
      - { header: Balance, name: balance, type: { kind: decimal, precision: 18, scale: 2 } }
  - name: splits
    description: How an entry splits over accounts.
    grain: one row per entry and account
    key: [entry_id, account_id]
    load_mode: append
    columns:
      - { header: EntryID, name: entry_id, type: { kind: id, max_length: 20 } }
      - { header: AccountID, name: account_id, type: { kind: id, max_length: 20 } }
      - { header: SplitRank, name: split_rank, type: { kind: integer, min: 1, max: 100 } }
    redshift: { dist: { key: entry_id }, sort: [entry_id], why: split rows are read by entry }
key_maps:
  - name: keymap_account
    natural_keys: select account_id as natural_key from {{ source('stg_accounts') }}
models: [dim_account, dim_account_history, fact_balance_snapshot, bridge_entry_account]
`;

const MODELS: Record<string, [sql: string, yml: string]> = {
  dim_account: [
    `select k.surrogate_key as account_key, a.account_id, a.account_name as account_label from {{ source('stg_accounts') }} as a join {{ source('keymap_account') }} as k on k.natural_key = a.account_id\n`,
    `description: Accounts.\ngrain: one row per account\nkey: account_key\ncolumns:\n  account_label: { source: account_name }\n`,
  ],
  dim_account_history: [
    `select account_id, account_name, owner, effective_from from {{ source('stg_accounts') }}\n`,
    `description: Every version of an account.\ngrain: one row per account version\nkey: history_key\nstrategy:\n  kind: scd2\n  key: account_id\n  tracked: [account_name, owner]\n  current: [owner]\n  effective_from: effective_from\n  snapshot: full\n  missing: close\n  surrogate_key: history_key\nredshift: { dist: all, sort: [account_id, valid_from], why: few versions per account }\n`,
  ],
  fact_balance_snapshot: [
    `select account_id, balance_date, balance from {{ source('stg_balances') }}\n`,
    `description: Balances per day.\ngrain: one row per account and day\nkey: [account_id, balance_date]\nstrategy: { kind: snapshot, key: account_id, snapshot_date: balance_date }\n`,
  ],
  bridge_entry_account: [
    `select entry_id, account_id, split_rank from {{ source('stg_splits') }}\n`,
    `description: Entries over accounts, weighted.\ngrain: one row per entry and account\nkey: [entry_id, account_id]\nstrategy: { kind: bridge, group: entry_id, member: account_id, order: [split_rank] }\n`,
  ],
};

function writeProduct(models: Record<string, [string, string]> = MODELS, productYml = PRODUCT_YML): DataProduct {
  const dir = tempDir('finlake-ddl-product-');
  mkdirSync(join(dir, 'models'));
  writeFileSync(join(dir, 'product.yml'), productYml);
  for (const [name, [sql, yml]] of Object.entries(models)) {
    writeFileSync(join(dir, 'models', `${name}.sql`), sql);
    writeFileSync(join(dir, 'models', `${name}.yml`), yml);
  }
  return loadProductFolder(dir);
}

const S = productSchemas('toy_books');
/** The statement creating `schema.table`, with the comment above it. */
const createOf = (sql: string, table: string) => {
  const at = sql.indexOf(`create table if not exists ${table} (`);
  if (at < 0) throw new Error(`no create table ${table}`);
  return sql.slice(sql.lastIndexOf('\n-- ', at) + 1, sql.indexOf(';', at) + 1);
};

describe('the DDL of a product defined by its folder alone', () => {
  const product = writeProduct();
  let ddl: Awaited<ReturnType<typeof renderDdl>>;
  beforeAll(async () => {
    ddl = await renderDdl(product);
  });

  it('gives staging tables their layout from the load mode, unless the contract declares one', () => {
    const staging = ddl.files['02_staging.sql'];
    expect(createOf(staging, `${S.staging}.stg_accounts`)).toMatch(/^-- .*Layout: reference data \(upsert, by default\)[^\n]*\n[\s\S]*\ndiststyle all sortkey \(account_id\);$/);
    expect(createOf(staging, `${S.staging}.stg_balances`)).toMatch(/Layout: facts \(append, by default\)[^\n]*sorted on balance_date[\s\S]*\ndiststyle auto sortkey \(balance_date\);$/);
    expect(createOf(staging, `${S.staging}.stg_splits`)).toMatch(/Layout: split rows are read by entry\.\n[\s\S]*\ndiststyle key distkey \(entry_id\) sortkey \(entry_id\);$/);
    expect(createOf(staging, `${S.staging}.keymap_account`)).toMatch(/Layout: key map \(by default\)[\s\S]*\ndiststyle all sortkey \(natural_key\);$/);
  });

  it('gives models without a layout the default (auto, sorted on the key) and keeps a declared one', () => {
    const warehouse = ddl.files['03_warehouse.sql'];
    expect(createOf(warehouse, `${S.warehouse}.dim_account`)).toMatch(/Layout: no layout declared[\s\S]*\ndiststyle auto sortkey \(account_key\);$/);
    expect(createOf(warehouse, `${S.warehouse}.fact_balance_snapshot`)).toMatch(/\ndiststyle auto sortkey \(account_id, balance_date\);$/);
    expect(createOf(warehouse, `${S.warehouse}.dim_account_history`)).toMatch(/Layout: few versions per account\.\n[\s\S]*\ndiststyle all sortkey \(account_id, valid_from\);$/);
  });

  it('sizes every varchar from the contract: by name, through the yml for a renamed column, through refs and current_ columns', () => {
    const warehouse = ddl.files['03_warehouse.sql'];
    const dim = createOf(warehouse, `${S.warehouse}.dim_account`);
    expect(dim).toContain('    account_id varchar(80)'); // id of 20 characters, 4 bytes each
    expect(dim).toContain('    account_label varchar(400)'); // source: account_name, text of 100
    const history = createOf(warehouse, `${S.warehouse}.dim_account_history`);
    expect(history).toContain('    current_owner varchar(200)');
    expect(history).toContain('    hash_diff varchar(32)');
    expect(Object.values(ddl.files).join('\n')).not.toMatch(/\bvarchar\b(?!\()/);
  });

  it('shares the meta file with every other product', async () => {
    const all = await renderAllDdl([commerce, product]);
    expect(all['01_meta.sql']).toBe(ddl.meta);
    expect(Object.keys(all).filter((f) => f.startsWith('toy_books/'))).toEqual(['toy_books/02_staging.sql', 'toy_books/03_warehouse.sql', 'toy_books/04_procedures.sql']);
  });

  describe('sp_build_models builds the strategy models with their own Redshift rendering', () => {
    const build = () => {
      const sql = ddl.files['04_procedures.sql'];
      const start = sql.indexOf(`create or replace procedure ${S.procedures}.sp_build_models()`);
      return sql.slice(start, sql.indexOf('$$ language plpgsql;', start));
    };

    it('builds each one aside, in build order, with its layout, and checks its rules before the gate', () => {
      const sql = build();
      const at = ['dim_account', 'dim_account_history', 'fact_balance_snapshot', 'bridge_entry_account'].map((m) => sql.indexOf(`create table ${S.warehouse}."${m}__new" `));
      expect(at.every((i) => i > 0)).toBe(true);
      expect(at).toEqual([...at].sort((a, b) => a - b));
      expect(sql).toContain('declare\n    v_violations bigint;\nbegin');
      expect(sql).toContain(`create table ${S.warehouse}."dim_account_history__new" diststyle all sortkey (account_id, valid_from) as `);
      // Each strategy's rules raise their own code, as the local build throws it.
      for (const code of ['SCD_NULL_KEY', 'SCD_DUPLICATE_VERSION', 'SCD_INTERVALS', 'SNAPSHOT_NULL_KEY', 'SNAPSHOT_DUPLICATE_KEY', 'BRIDGE_NULL_KEY', 'BRIDGE_DUPLICATE_MEMBER'] as const) {
        expect(sql).toContain(` row(s) break ${code} (${StrategyCodes[code].replace(/'/g, "''").replace(/%/g, '%%')})', v_violations;`);
      }
      // The published history is read as the deployed DDL creates it (the SCD2 increment), and the snapshot keeps the published dates.
      expect(sql).toContain(`from ${S.warehouse}."dim_account_history"`);
      expect(sql).toMatch(new RegExp(`insert into ${S.warehouse}\\."fact_balance_snapshot__new" \\("account_id", "balance_date", "balance"\\) select "account_id", "balance_date", "balance" from ${S.warehouse}\\."fact_balance_snapshot" as p`));
      // Scratch tables are temporary and dropped.
      expect(sql).toContain('create temp table "dim_account_history__input" as ');
      expect(sql).toContain('drop table if exists "dim_account_history__input";');
    });

    it('is the reviewed rendering', () => {
      expect(build()).toMatchSnapshot();
    });

    it('publishes them with the others (drop live, rename the built table)', () => {
      const sql = ddl.files['04_procedures.sql'];
      for (const m of Object.keys(MODELS)) expect(sql).toContain(`drop table if exists ${S.warehouse}."${m}";\nalter table ${S.warehouse}."${m}__new" rename to "${m}";`);
    });

    it('gates them on their rules too', () => {
      const sql = ddl.files['04_procedures.sql'];
      const gate = sql.slice(sql.indexOf(`create or replace procedure ${S.procedures}.sp_quality_gate()`));
      expect(gate).toContain('-- dim_account_history: ');
      expect(gate).toContain('-- bridge_entry_account: ');
    });
  });

  it('refuses a cumulative model: its build loops over the days of the data, which a recorded procedure cannot know', async () => {
    const cumulative = writeProduct({
      ...MODELS,
      cum_balance: [
        `select account_id, balance_date, balance from {{ source('stg_balances') }}\n`,
        `description: Running balance.\ngrain: one row per account and day\nkey: [account_id, as_of]\nstrategy:\n  kind: cumulative\n  key: account_id\n  date: balance_date\n  state:\n    - { column: last_balance, combine: last, from: balance, type: 'decimal(18, 2)' }\n`,
      ],
    }, PRODUCT_YML.replace('models: [dim_account, dim_account_history, fact_balance_snapshot, bridge_entry_account]', 'models: [dim_account, dim_account_history, fact_balance_snapshot, bridge_entry_account, cum_balance]'));
    await expect(renderDdl(cumulative)).rejects.toThrow(/^cum_balance: its build asks the data \(select min\(.*which a stored procedure recorded ahead of the run cannot answer; this strategy is not rendered for Redshift$/);
  });

  it('names the yml to fix when a text column has no length anywhere', async () => {
    const unsized = writeProduct({ ...MODELS, dim_account: [`select account_id, account_name || ' (' || owner || ')' as account_title from {{ source('stg_accounts') }}\n`, `description: Accounts.\ngrain: one row per account\nkey: account_id\n`] });
    await expect(renderDdl(unsized)).rejects.toThrow(
      'No VARCHAR length for toy_books_warehouse.dim_account.account_title: no contract column of toy_books and no column of a model it refs has that name. Declare it in dim_account.yml: columns: { account_title: { source: <contract column> } } or columns: { account_title: { varchar: <bytes> } }',
    );
  });

  it('refuses a layout that names a column the table does not have', async () => {
    const wrong = writeProduct({ ...MODELS, dim_account: [MODELS.dim_account![0], `${MODELS.dim_account![1]}redshift: { dist: { key: account_nr }, why: joined by number }\n`] });
    await expect(renderDdl(wrong)).rejects.toThrow('toy_books_warehouse.dim_account has no column account_nr (named by its layout or key)');
  });
});
