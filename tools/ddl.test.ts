import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { commerceContract as commerce } from '@finlake/products';
import { redshiftDialect, renderSql } from '@finlake/engine';
import { layoutClause } from '@finlake/engine-redshift';
import type { ProductModels } from '@finlake/models';
import { commerceModels } from '@finlake/products';
import { defaultSqlSteps } from '@finlake/orchestration';
import { testChecks } from '@finlake/pipeline';
import { productSchemas } from '@finlake/contracts';
import { copyTables, modelLayout, NOT_ON_REDSHIFT, processedColumns, redshiftType, renderProcedures, type Procedure } from '@finlake/procedures';
import { DDL_COMMAND, DDL_DIR, renderDdlFiles } from './ddl';

/** Commerce's schemas, and its files under sql/ddl/commerce/. */
const S = productSchemas('commerce');
const STG = S.staging;
const WH = S.warehouse;
let all: Record<string, string>;
let rendered: Record<string, string>;
beforeAll(async () => {
  all = await renderDdlFiles();
  rendered = Object.fromEntries(Object.entries(all).flatMap(([name, text]) => (name.startsWith('commerce/') ? [[name.slice('commerce/'.length), text]] : name.includes('/') ? [] : [[name, text]])));
});

describe(`sql/ddl is up to date (run \`${DDL_COMMAND}\` after changing a contract, model or layout)`, () => {
  it('has exactly the rendered files', () => {
    const committed = (readdirSync(DDL_DIR, { recursive: true }) as string[]).filter((f) => f.endsWith('.sql')).sort();
    expect({ committed, command: DDL_COMMAND }).toEqual({ committed: Object.keys(all).sort(), command: DDL_COMMAND });
  });

  it('holds every file as rendered', () => {
    for (const [name, text] of Object.entries(all)) {
      const path = join(DDL_DIR, name);
      const committed = existsSync(path) ? readFileSync(path, 'utf8') : '';
      if (committed !== text) throw new Error(`sql/ddl/${name} is stale: run \`${DDL_COMMAND}\` and commit the result.`);
    }
  });
});

describe('the Redshift layout', () => {
  const models = commerceModels().models.filter((m) => m.published);

  it('creates every published model', () => {
    for (const m of models) expect(rendered['03_warehouse.sql']).toContain(`create table if not exists ${WH}.${m.name} (`);
  });

  it('distributes facts on a key and sorts them on date_key', () => {
    for (const m of models.filter((m) => m.name.startsWith('fact_'))) {
      const layout = modelLayout(m);
      expect([m.name, typeof layout.dist, layout.sort?.[0]]).toEqual([m.name, 'object', 'date_key']);
    }
  });

  it('copies the small dimensions to every node', () => {
    for (const name of ['dim_date', 'dim_product', 'dim_channel', 'dim_campaign']) expect([name, modelLayout(models.find((m) => m.name === name)!).dist]).toEqual([name, 'all']);
  });

  it('declares every commerce table\'s layout with the table (no default applies)', () => {
    expect(models.filter((m) => !m.redshift).map((m) => m.name)).toEqual([]);
    expect(commerce.entities.filter((e) => !e.redshift).map((e) => e.name)).toEqual([]);
    expect(commerceModels().keyMaps.filter((k) => !k.redshift).map((k) => k.name)).toEqual([]);
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

describe('the stored procedures (04_procedures.sql)', () => {
  const models = commerceModels();
  let procs: Procedure[];
  const body = (name: string) => {
    const p = procs.find((x) => x.name === name);
    if (!p) throw new Error(`no procedure ${name}`);
    return p.sql;
  };
  /** A model as the pipeline builds it: sources in staging, refs built aside. */
  const asBuilt = (sql: string) => renderSql(sql, redshiftDialect, (kind, name) => (kind === 'source' ? `${STG}."${name}"` : `${WH}."${name}__new"`));
  const stripComments = (sql: string) => sql.replace(/--[^\n]*/g, '');

  beforeAll(async () => {
    procs = await renderProcedures(commerce, models);
  });

  it('are the committed file: each one a PL/pgSQL procedure in the product\'s procedure schema', () => {
    expect(procs.map((p) => p.name)).toEqual(['sp_copy_processed', 'sp_build_models', 'sp_quality_gate', 'sp_publish', 'sp_run_pipeline']);
    for (const p of procs) {
      expect(p.sql).toMatch(new RegExp(`^create or replace procedure ${S.procedures}\\.${p.name}\\(.*\\)\\nas \\$\\$\\n[\\s\\S]*\\nend;\\n\\$\\$ language plpgsql;$`));
      expect(rendered['04_procedures.sql']).toContain(p.sql);
    }
  });

  it('answer every CALL of the state machine, with as many arguments', () => {
    for (const step of defaultSqlSteps({ schema: S.procedures, processedPrefix: 'finlake-dev-processed-123456789012/commerce/' })) {
      const call = /^CALL (\w+)\.(\w+)\((.*)\)$/.exec(step.sql)!;
      const args = call[3] ? call[3].split(',').length : 0;
      const declared = new RegExp(`^create or replace procedure ${call[1]}\\.${call[2]}\\((.*)\\)\\n`).exec(body(call[2]))![1];
      expect([step.id, declared ? declared.split(',').length : 0]).toEqual([step.id, args]);
    }
  });

  it.each(['sp_copy_processed', 'sp_build_models', 'sp_quality_gate', 'sp_publish', 'sp_run_pipeline'])('%s uses no DuckDB-only SQL, no TRUNCATE, no $$ inside its body', (name) => {
    const code = stripComments(body(name));
    expect(code).not.toMatch(NOT_ON_REDSHIFT);
    expect(code).not.toMatch(/\btruncate\b/i);
    expect(code).not.toContain('{{');
    expect(body(name).split('$$')).toHaveLength(3);
  });

  it.each(['sp_copy_processed', 'sp_build_models', 'sp_quality_gate', 'sp_publish'])('%s reads and writes staging and warehouse tables only', (name) => {
    // Table names only: string literals (messages, the dynamic COPY checked below) and extract(part from x) go.
    const code = stripComments(body(name)).replace(/'(?:[^']|'')*'/g, "''").replace(/\bextract\(\s*\w+\s+from\b/gi, 'extract(');
    const stagingTables = new Set([...commerce.entities.flatMap((e) => [`stg_${e.name}`, ...Object.values(copyTables('commerce', e.name)).map((t) => t.slice(`${STG}."`.length, -1))]), ...models.keyMaps.map((k) => k.name), 'loaded_batches']);
    const warehouseTables = new Set(models.models.flatMap((m) => [m.name, `${m.name}__new`]));
    const ctes = new Set([...code.matchAll(/\b(\w+) as \(/g)].map((m) => m[1]));
    const problems: string[] = [];
    let tables = 0;
    for (const m of code.matchAll(/\b(?:from|join|into|table|using|copy)\s+(?!\()((\w+)\.)?"?(\w+)"?/gi)) {
      const [, qualified, schema, table] = m;
      if (qualified) tables++;
      if (!qualified) {
        if (!ctes.has(table) && !['v_seq', 'v_violations', 'v_clashes', 'if', 'exists'].includes(table)) problems.push(`unqualified ${table}`);
      } else if (schema === STG ? !stagingTables.has(table) : schema === WH ? !warehouseTables.has(table) : true) problems.push(`${schema}.${table}`);
    }
    expect(problems).toEqual([]);
    expect(tables).toBeGreaterThan(4);
  });

  it('sp_copy_processed COPYs every entity from its prefix with the Glue job\'s Parquet columns, in order', () => {
    const sql = body('sp_copy_processed');
    // The Glue job's own list (apps/glue/finlake_job.py), read by python3.
    const glue = spawnSync('python3', ['-c', 'import json, finlake_job as j, contract_rules as cr; c = cr.load_contract("contracts/commerce.json"); print(json.dumps({e["name"]: j.processed_columns(e) for e in c["entities"]}))'], {
      cwd: join(__dirname, '..', 'apps', 'glue'),
      encoding: 'utf8',
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    });
    if (glue.status !== 0) throw new Error(`python3 could not read the Glue job's processed columns: ${glue.error?.message ?? glue.stderr}`);
    const fromGlue = JSON.parse(glue.stdout) as Record<string, string[]>;
    for (const entity of commerce.entities) {
      const columns = processedColumns(entity);
      expect([entity.name, columns]).toEqual([entity.name, fromGlue[entity.name]]);
      expect(sql).toContain(`execute 'copy ${STG}."stg_${entity.name}__load" (${columns.join(', ')}) from ' || quote_literal(v_source || '${entity.name}/') || ' iam_role default format as parquet';`);
      // The load table has exactly the file's columns, in the file's order (COPY maps by position).
      const load = new RegExp(`create table ${STG}\\."stg_${entity.name}__load" \\(\\n([\\s\\S]*?)\\n\\);`).exec(sql)![1];
      expect(load.split(',\n').map((l) => l.trim().split(' ')[0])).toEqual(columns);
      // A batch staged once is never staged again (<product>_staging.loaded_batches is the ledger), and every staged batch is recorded there.
      expect(sql).toContain(`where batch_id not in (select batch_id from ${STG}.loaded_batches where entity = '${entity.name}')`);
      expect(sql).toMatch(new RegExp(`insert into ${STG}\\."stg_${entity.name}" \\([^)]*, batch_id, batch_seq, rec\\) select [^;]* from ${STG}\\."run__stg_${entity.name}" as r;`));
      expect(sql).toContain(`select '${entity.name}', batch_id, v_seq + batch_n, min(file_name), count(*), getdate() from ${STG}."copy_${entity.name}__pending" group by batch_id, batch_n;`);
    }
  });

  it('sp_copy_processed stages as the pipeline does: upsert entities replace keys, append entities refuse loaded keys', () => {
    const sql = body('sp_copy_processed');
    for (const entity of commerce.entities) {
      const replaces = sql.includes(`delete from ${STG}."stg_${entity.name}" where exists (select 1 from ${STG}."run__stg_${entity.name}" as o where `);
      const refuses = new RegExp(`raise exception '[^']*of ${entity.name} were already loaded by an earlier batch \\(KEY_ALREADY_LOADED\\)`).test(sql);
      expect([entity.name, entity.loadMode, replaces, refuses]).toEqual([entity.name, entity.loadMode, entity.loadMode === 'upsert', entity.loadMode === 'append']);
    }
    // Entities load in contract order (referenced entities first).
    const order = commerce.entities.map((e) => sql.indexOf(`-- ${e.name}: `));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(order.every((i) => i > 0)).toBe(true);
  });

  it('sp_build_models gives every published table its distribution and sort keys, so the swap keeps them', () => {
    const build = body('sp_build_models');
    for (const model of models.models.filter((m) => m.published)) {
      const layout = modelLayout(model);
      const dist = typeof layout.dist === 'string' ? `diststyle ${layout.dist}` : `diststyle key distkey (${layout.dist.key})`;
      expect({ model: model.name, ctas: build.includes(`create table ${WH}."${model.name}__new" ${dist}`) }).toEqual({ model: model.name, ctas: true });
      if (layout.sort?.length) expect(build).toContain(`"${model.name}__new" ${dist} sortkey (${layout.sort.join(', ')}) as`);
    }
  });

  it('sp_build_models extends every key map, then builds every model aside with the SQL the pipeline renders, in build order', () => {
    const sql = body('sp_build_models');
    for (const k of models.keyMaps) expect(sql).toContain(`insert into ${STG}."${k.name}" (natural_key, surrogate_key)`);
    const at = models.models.map((m) => {
      const layout = m.published ? `${layoutClause(modelLayout(m))} ` : '';
      expect(sql).toContain(`drop table if exists ${WH}."${m.name}__new";\ncreate table ${WH}."${m.name}__new" ${layout}as ${asBuilt(m.sql).trim()}`);
      return sql.indexOf(`create table ${WH}."${m.name}__new" ${layout}as`);
    });
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(Math.min(...at)).toBeGreaterThan(sql.lastIndexOf(`insert into ${STG}."keymap_`));
  });

  it('sp_quality_gate runs every model test and reconciliation and raises naming the failed checks', () => {
    const sql = body('sp_quality_gate');
    const checks = models.models.flatMap((m) => testChecks(commerce, m.name, m.tests));
    expect(checks.length).toBeGreaterThan(20);
    for (const c of checks) {
      expect(sql).toContain(`select into v_violations c.violations from (\n${c.sql}\n) as c;`);
      expect(sql).toContain(`v_failed := v_failed || '${`${c.table}: ${c.check}`.replace(/'/g, "''")} (' ||`);
    }
    for (const r of models.reconciliations) {
      expect(sql).toContain(`coalesce((${asBuilt(r.expected)}), 0) = coalesce((${asBuilt(r.actual)}), 0)`);
      expect(sql).toContain(`'${r.table}: reconcile: ${r.name} ('`);
    }
    expect(sql.match(/if v_violations > 0 then/g)).toHaveLength(checks.filter((c) => c.blocking).length + models.reconciliations.length);
    expect(sql).toContain(`if v_failed <> '' then\n    raise exception 'sp_quality_gate: blocking check(s) failed, nothing is published: %', v_failed;`);
  });

  it('sp_publish drops every live table and renames the built one into place; intermediate tables are dropped', () => {
    const sql = body('sp_publish');
    for (const m of models.models) {
      if (!m.published) {
        expect(sql).toContain(`drop table if exists ${WH}."${m.name}__new";`);
        expect(sql).not.toContain(`rename to "${m.name}"`);
        continue;
      }
      expect(sql).toContain(`drop table if exists ${WH}."${m.name}";\nalter table ${WH}."${m.name}__new" rename to "${m.name}";`);
    }
  });

  it('numbers new batches after every batch staged before, and creates the table that records them', () => {
    expect(body('sp_copy_processed')).toContain(`select into v_seq coalesce(max(batch_seq), 0) from ${STG}.loaded_batches;`);
    expect(rendered['04_procedures.sql']).toMatch(new RegExp(`create table if not exists ${STG}\\.loaded_batches \\([\\s\\S]*primary key \\(entity, batch_id\\)\\n\\)`));
    expect(rendered['04_procedures.sql'].indexOf(`create table if not exists ${STG}.loaded_batches`)).toBeLessThan(rendered['04_procedures.sql'].indexOf('create or replace procedure'));
  });

  it('sp_run_pipeline calls the four steps in order, in one transaction', () => {
    const calls = [...body('sp_run_pipeline').matchAll(new RegExp(`^call ${S.procedures}\\.(\\w+)\\(`, 'gm'))].map((m) => m[1]);
    expect(calls).toEqual(['sp_copy_processed', 'sp_build_models', 'sp_quality_gate', 'sp_publish']);
  });

  describe('refuses to render what Redshift would not run', () => {
    const withModel = (sql: string): ProductModels => ({ ...models, models: [...models.models, { name: 'x_model', sql, description: 'x', grain: 'x', key: ['x'], tests: [], published: true }] });
    it.each([
      ['a leader-node-only function', 'select * from generate_series(1, 3)', 'contains "generate_series"'],
      ['a DuckDB cast', 'select 1::integer as x', 'contains "::"'],
      ['a column named like a procedure variable', 'select 1 as v_seq', 'a variable name of the procedures'],
    ])('%s', async (_what, sql, message) => {
      await expect(renderProcedures(commerce, withModel(sql))).rejects.toThrow(message);
    });

    it('ends a statement whose last line is a comment on a line of its own', async () => {
      const procs = await renderProcedures(commerce, withModel('select 1 as x -- the end'));
      expect(procs.find((p) => p.name === 'sp_build_models')!.sql).toContain('select 1 as x -- the end\n;');
    });
  });
});
