/** Helpers for the strategy tests: small tables, models from yml, a build and publish like a run's. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { inTransaction, quoteIdent, type Engine, type Row, type SqlValue } from '@finlake/engine';
import type { DataProductContract } from '@finlake/contracts';
import { loadModel, type Model, type ProductModels } from '@finlake/models';
import { buildAside, fullBuild, swapIntoPlace } from '../src/build';
import { testChecks } from '../src/gate';
import { productSchemas } from '../src/schema';
import { tempDir } from './index';

/** The throwaway product the strategy tests build, and its schemas. */
export const TEST_PRODUCT = 'strategies';
export const { staging: STAGING, warehouse: WAREHOUSE } = productSchemas(TEST_PRODUCT);

export async function createSchemas(engine: Engine): Promise<void> {
  await engine.run(`create schema if not exists ${STAGING}; create schema if not exists ${WAREHOUSE}`);
}

/** Replace the rows of `schema.table` (created with `columns` when missing). */
export async function setRows(engine: Engine, table: string, columns: Record<string, string>, rows: readonly (readonly SqlValue[])[], schema = STAGING): Promise<void> {
  const name = `${schema}.${quoteIdent(table)}`;
  await engine.run(`create table if not exists ${name} (${Object.entries(columns).map(([c, t]) => `${quoteIdent(c)} ${t}`).join(', ')})`);
  await engine.run(`delete from ${name}`);
  const types = Object.values(columns);
  // Each value cast to its column's type, so text parameters reach DECIMAL and DATE columns exactly.
  for (const row of rows) await engine.run(`insert into ${name} values (${types.map((t) => `cast(? as ${t})`).join(', ')})`, row as SqlValue[]);
}

/** A model from `<name>.sql` and `<name>.yml` written to a temporary folder (the yml as the loader reads it). */
export function modelFromYml(name: string, sql: string, yml: Record<string, unknown>): Model {
  const dir = tempDir('finlake-model-');
  writeFileSync(join(dir, `${name}.sql`), sql);
  writeFileSync(join(dir, `${name}.yml`), stringify({ description: `${name} (test)`, grain: 'test', key: 'k', ...yml }));
  return loadModel(dir, name);
}

const TEST_CONTRACT = { name: TEST_PRODUCT, entities: [] } as unknown as DataProductContract;

export const productOf = (...models: Model[]): ProductModels => ({ product: TEST_PRODUCT, keyMaps: [], models, reconciliations: [] });

/**
 * What a run does with the models: build every one aside, run its tests (the strategy's grain
 * tests included) on the tables built aside, swap them into place in one transaction.
 */
export async function buildAndPublish(engine: Engine, models: ProductModels): Promise<void> {
  await buildAside(engine, models);
  for (const model of models.models) {
    for (const check of testChecks(TEST_CONTRACT, model.name, model.tests, fullBuild(TEST_PRODUCT))) {
      const [row] = await engine.query<{ violations: number }>(check.sql);
      if (Number(row?.violations) !== 0) throw new Error(`${model.name}: ${check.check} has ${row?.violations} violation(s)`);
    }
  }
  await inTransaction(engine, () => swapIntoPlace(engine, models));
}

/** Every row of a table, ordered by the given columns. */
export function rowsOf(engine: Engine, table: string, orderBy: readonly string[]): Promise<Row[]> {
  return engine.query(`select * from ${table} order by ${orderBy.map(quoteIdent).join(', ')}`);
}

/** The published table of a model. */
export const published = (model: string) => `${WAREHOUSE}.${quoteIdent(model)}`;

/** Rows of `a` not in `b` plus rows of `b` not in `a` (0 when the tables hold the same rows). */
export async function rowDifference(engine: Engine, a: string, b: string): Promise<number> {
  const [row] = await engine.query<{ n: number }>(
    `select (select count(*) from (select * from ${a} except select * from ${b}) as x) + (select count(*) from (select * from ${b} except select * from ${a}) as y) as n`,
  );
  return Number(row!.n);
}
