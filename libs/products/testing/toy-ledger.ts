/**
 * A throwaway data product defined as a folder, as a new product would be added: a toy ledger of
 * accounts and entries with two models. Tests of every driver register it to prove that nothing
 * outside a product's folder names the product.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TOY_LEDGER = 'toy_ledger';

/** The product.yml of the toy ledger, named `name`. */
export const toyLedgerYml = (name = TOY_LEDGER) => `
name: ${name}
title: Toy ledger
description: Accounts and their entries.
earliest_date: '2020-01-01'
max_future_days: 1
entities:
  - name: accounts
    description: Chart of accounts.
    grain: one row per account
    key: [account_id]
    load_mode: upsert
    columns:
      - { header: AccountID, name: account_id, type: { kind: id, max_length: 20 } }
      - { header: AccountName, name: account_name, type: { kind: text, max_length: 100 } }
  - name: entries
    description: Posted entries.
    grain: one row per entry
    key: [entry_id]
    load_mode: append
    columns:
      - { header: EntryID, name: entry_id, type: { kind: id, max_length: 20 } }
      - { header: AccountID, name: account_id, type: { kind: id, max_length: 20 } }
      - { header: PostedOn, name: posted_on, type: { kind: date } }
      - { header: Amount, name: amount, type: { kind: decimal, precision: 18, scale: 2, min: '-1000000', max: '1000000' } }
    references:
      - { column: account_id, entity: accounts, entity_column: account_id }
    rules:
      - { name: non_zero, description: An entry moves money., condition: amount <> 0 }
models: [dim_account, fact_entry]
reconciliations:
  - name: fact_entry sum(amount) = staging
    table: fact_entry
    expected: select sum(amount) from {{ source('stg_entries') }}
    actual: select sum(amount) from {{ ref('fact_entry') }}
`;

/**
 * Write the toy ledger (two entities, two models) as a product folder into `dir` (default: a new
 * temporary directory the caller removes); `loadProductFolder` + `registerProduct` make it a
 * registered product.
 */
export function writeToyLedger(name = TOY_LEDGER, dir = mkdtempSync(join(tmpdir(), 'finlake-product-'))): string {
  mkdirSync(join(dir, 'models'), { recursive: true });
  writeFileSync(join(dir, 'product.yml'), toyLedgerYml(name));
  writeFileSync(join(dir, 'models', 'dim_account.sql'), `select account_id, account_name from {{ source('stg_accounts') }}\n`);
  writeFileSync(join(dir, 'models', 'dim_account.yml'), `description: Accounts.\ngrain: one row per account\nkey: account_id\ntests:\n  - unique: [account_id]\n  - not_null: [account_id, account_name]\n`);
  writeFileSync(
    join(dir, 'models', 'fact_entry.sql'),
    `select e.entry_id, e.account_id, e.posted_on, e.amount, e.batch_id from {{ source('stg_entries') }} as e join {{ ref('dim_account') }} as a on a.account_id = e.account_id\n`,
  );
  writeFileSync(
    join(dir, 'models', 'fact_entry.yml'),
    `description: Entries.\ngrain: one row per entry\nkey: entry_id\ntests:\n  - unique: [entry_id]\n  - relationships: { column: account_id, to: dim_account, field: account_id }\nincremental:\n  source: stg_entries\n  batch_column: batch_id\n  rebuild_on: [stg_accounts]\n`,
  );
  return dir;
}
