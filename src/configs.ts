/**
 * Flat configs computed from the rules' `meta.docs`: `recommended` (rules with
 * `docs.recommended`), `strict` (recommended plus `docs.strict`, with the options given there),
 * and `all` (every rule, strict options).
 */
import type { TSESLint } from '@typescript-eslint/utils';
import type { PluginDocs } from './create-rule.js';

type RuleModule = { readonly meta: { readonly docs?: PluginDocs & { description?: string } } };
type Severity = 'error' | 'warn';
type RuleEntry = Severity | [Severity, ...unknown[]];

export interface FlatConfig {
  readonly name: string;
  readonly plugins: Record<string, unknown>;
  readonly rules: Record<string, RuleEntry>;
}

export const NAMESPACE = 'data-exposure';

function strictEntry(docs: PluginDocs | undefined): RuleEntry {
  return Array.isArray(docs?.strict) ? ['error', ...docs.strict] : 'error';
}

export function buildConfigs(
  plugin: TSESLint.FlatConfig.Plugin,
  rules: Readonly<Record<string, RuleModule>>,
): Record<'recommended' | 'strict' | 'all', FlatConfig> {
  const recommended: Record<string, RuleEntry> = {};
  const strict: Record<string, RuleEntry> = {};
  const all: Record<string, RuleEntry> = {};
  for (const [name, rule] of Object.entries(rules)) {
    const id = `${NAMESPACE}/${name}`;
    const docs = rule.meta.docs;
    if (docs?.recommended) recommended[id] = 'error';
    if (docs?.recommended || docs?.strict) strict[id] = strictEntry(docs);
    all[id] = strictEntry(docs);
  }
  const plugins = { [NAMESPACE]: plugin };
  return {
    recommended: { name: `${NAMESPACE}/recommended`, plugins, rules: recommended },
    strict: { name: `${NAMESPACE}/strict`, plugins, rules: strict },
    all: { name: `${NAMESPACE}/all`, plugins, rules: all },
  };
}
