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
      // Apps depend on libs, never the reverse; engines never reach into the pipeline.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          enforceBuildableLibDependency: false,
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'layer:contract', onlyDependOnLibsWithTags: ['layer:contract'] },
            { sourceTag: 'layer:engine', onlyDependOnLibsWithTags: ['layer:contract', 'layer:engine'] },
            { sourceTag: 'layer:models', onlyDependOnLibsWithTags: ['layer:contract', 'layer:engine', 'layer:models'] },
            { sourceTag: 'scope:commerce', onlyDependOnLibsWithTags: ['scope:commerce', 'scope:shared'] },
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
