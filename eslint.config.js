// The repository lints itself: ESLint's and typescript-eslint's recommended rules,
// eslint-plugin-eslint-plugin on the rules and their tests, and our own `recommended` preset
// (from the build) dogfooded on the code.
import js from '@eslint/js';
import eslintPlugin from 'eslint-plugin-eslint-plugin';
import tseslint from 'typescript-eslint';
import dataExposure from './dist/src/index.js';

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'scratch/**', 'examples/**', 'bench/.corpus/**', 'tests/fixtures/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { console: 'readonly', process: 'readonly', URL: 'readonly', performance: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['rules/*.ts'],
    ...eslintPlugin.configs['rules-recommended'],
  },
  {
    files: ['rules/*.ts'],
    rules: {
      'eslint-plugin/require-meta-docs-description': ['error', { pattern: '^(Enforce|Require|Disallow) .+[^. ]$' }],
      'eslint-plugin/require-meta-schema-description': 'error',
      'eslint-plugin/require-meta-default-options': 'error',
      'eslint-plugin/no-meta-schema-default': 'error',
    },
  },
  {
    files: ['tests/rules/*.ts'],
    ...eslintPlugin.configs['tests-recommended'],
  },
  // Positions come from a helper that reads them off the code (`...positionOf(code, '*')`), which
  // eslint-plugin/require-test-error-positions cannot see; RuleTester's `assertionOptions`
  // (requireLocation, requireData) enforces them at run time instead.
  {
    files: ['src/**/*.ts', 'rules/**/*.ts', 'tests/**/*.ts', 'bench/**/*.js'],
    ...dataExposure.configs.recommended,
  },
);
