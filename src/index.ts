/**
 * eslint-plugin-data-exposure: finds Excessive Data Exposure (OWASP API3:2023, CWE-213) and Mass
 * Assignment (CWE-915) in TypeScript / JavaScript backends on PostgreSQL and CockroachDB.
 */
import { createRequire } from 'node:module';
import type { TSESLint } from '@typescript-eslint/utils';
import { buildConfigs, NAMESPACE, type FlatConfig } from './configs.js';
import { rules } from './rules.js';

// Package self-reference works from src/ (tests) and from dist/src/ (the build) alike.
const pkg = createRequire(import.meta.url)('eslint-plugin-data-exposure/package.json') as {
  name: string;
  version: string;
};

interface DataExposurePlugin {
  readonly meta: { readonly name: string; readonly version: string; readonly namespace: string };
  readonly rules: typeof rules;
  readonly configs: Record<'recommended' | 'strict' | 'all', FlatConfig>;
}

const plugin = {
  meta: { name: pkg.name, version: pkg.version, namespace: NAMESPACE },
  rules,
  configs: {} as DataExposurePlugin['configs'],
} satisfies DataExposurePlugin;

Object.assign(plugin.configs, buildConfigs(plugin as unknown as TSESLint.FlatConfig.Plugin, rules));

export default plugin as DataExposurePlugin;
