import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

export default [
  { ignores: ['**/node_modules/**', '**/dist/**', '.nx/**', '.finlake/**', 'reports/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // Apps depend on libs, never the reverse; each layer only on the layers below it; no engine
      // driver on another. Every tag of a project.json has a rule (tools/boundaries.test.ts).
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          enforceBuildableLibDependency: false,
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:infra', onlyDependOnLibsWithTags: ['scope:infra', 'scope:shared'] },
            { sourceTag: 'scope:commerce', onlyDependOnLibsWithTags: ['scope:commerce', 'scope:shared'] },
            // Contracts and errors: nothing of ours.
            { sourceTag: 'layer:contract', onlyDependOnLibsWithTags: ['layer:contract'] },
            // The engine interface, the dialects, the shared CSV reader and the drivers.
            { sourceTag: 'layer:engine', onlyDependOnLibsWithTags: ['layer:contract', 'layer:engine'] },
            { sourceTag: 'engine:shared', onlyDependOnLibsWithTags: ['layer:contract', 'engine:shared'] },
            { sourceTag: 'engine:driver', notDependOnLibsWithTags: ['engine:driver'] },
            { sourceTag: 'layer:models', onlyDependOnLibsWithTags: ['layer:contract', 'layer:engine', 'layer:models'] },
            { sourceTag: 'layer:generator', onlyDependOnLibsWithTags: ['layer:contract', 'layer:generator'] },
            // The report's frame and building blocks: what every product's page is made of. No product, no pipeline.
            // Roles, grants and row-level policies: a manifest type and its renderers, on the contracts only.
            { sourceTag: 'layer:security', onlyDependOnLibsWithTags: ['layer:contract', 'layer:security'] },
            { sourceTag: 'layer:report', onlyDependOnLibsWithTags: ['layer:contract', 'layer:engine', 'layer:report'] },
            // A product (contract, models, generator, marts, report page) builds on the formats, never on the pipeline that runs it.
            { sourceTag: 'layer:products', onlyDependOnLibsWithTags: ['layer:contract', 'layer:engine', 'layer:models', 'layer:generator', 'layer:report', 'layer:security', 'layer:products'] },
            // Its tests run on every engine, over generated data.
            { sourceTag: 'layer:pipeline', onlyDependOnLibsWithTags: ['layer:contract', 'layer:engine', 'layer:models', 'layer:generator', 'layer:products', 'layer:pipeline'] },
            // The Redshift procedures are rendered from the pipeline's own units.
            { sourceTag: 'layer:procedures', onlyDependOnLibsWithTags: ['layer:contract', 'layer:engine', 'layer:models', 'layer:products', 'layer:pipeline', 'layer:procedures'] },
            // The state machine definition and its local execution, which composes the pipeline.
            { sourceTag: 'layer:orchestration', onlyDependOnLibsWithTags: ['layer:contract', 'layer:engine', 'layer:models', 'layer:products', 'layer:pipeline', 'layer:orchestration'] },
            // Pulumi components and program: what they deploy, never engines or the pipeline.
            { sourceTag: 'layer:infra', onlyDependOnLibsWithTags: ['layer:contract', 'layer:products', 'layer:orchestration', 'layer:security', 'layer:infra'] },
            // Deployables (CLI, Glue job, Airflow DAG): any lib layer but the infrastructure's.
            {
              sourceTag: 'layer:app',
              onlyDependOnLibsWithTags: ['layer:contract', 'layer:engine', 'layer:models', 'layer:generator', 'layer:products', 'layer:pipeline', 'layer:report', 'layer:orchestration', 'layer:security'],
            },
          ],
        },
      ],
    },
  },
  {
    // CommonJS entry points and config files.
    files: ['**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.test.ts', '**/testing/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
];
