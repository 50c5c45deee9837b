/**
 * What the reports say about each rule, taken from the plugin object (never a fixed list of rule
 * names): id, description, docs URL and presets from the rule's meta; the weakness it finds
 * (CWE), a fix hint for findings without a suggestion, and a SARIF security severity from a small
 * table of the known rules with defaults for any rule added later.
 */
import plugin from '../index.js';

export interface RuleInfo {
  /** `data-exposure/no-select-star` */
  readonly id: string;
  /** `no-select-star` */
  readonly name: string;
  readonly description: string;
  readonly url: string | undefined;
  readonly cwe: string;
  /** One line: how to fix a finding of this rule. */
  readonly hint: string;
  /** GitHub code scanning's `security-severity` (0.0–10.0) */
  readonly securitySeverity: string;
  readonly presets: readonly string[];
}

interface RuleExtras {
  readonly cwe?: string;
  readonly hint: string;
  readonly securitySeverity: string;
}

const EXTRAS: Readonly<Record<string, RuleExtras>> = {
  'no-select-star': { hint: 'List the columns the client needs instead of the wildcard.', securitySeverity: '5.3' },
  'no-sensitive-projection': {
    hint: 'Remove the sensitive column from the query, or drop it before the response.',
    securitySeverity: '7.5',
  },
  'no-full-entity-response': {
    hint: "Add the ORM's projection (select / attributes / columns) with the fields the client needs, or map to a DTO.",
    securitySeverity: '6.5',
  },
  'no-mass-assignment': {
    cwe: 'CWE-915',
    hint: 'Pick the allowed fields from the request explicitly (or parse it with a schema) before writing.',
    securitySeverity: '8.1',
  },
};

interface RuleMetaLike {
  readonly meta?: {
    readonly docs?: { readonly description?: string; readonly url?: string; readonly recommended?: unknown; readonly strict?: unknown };
  };
}

/** Every rule of the plugin, in registry order. */
export function ruleInfos(): RuleInfo[] {
  const namespace = plugin.meta.namespace;
  const configs = plugin.configs as Readonly<Record<string, { readonly rules: Readonly<Record<string, unknown>> }>>;
  return Object.entries(plugin.rules as Readonly<Record<string, RuleMetaLike>>).map(([name, rule]) => {
    const id = `${namespace}/${name}`;
    const docs = rule.meta?.docs;
    const extras = EXTRAS[name];
    return {
      id,
      name,
      description: docs?.description ?? name,
      url: docs?.url,
      cwe: extras?.cwe ?? 'CWE-213',
      hint: extras?.hint ?? (docs?.url ? `See ${docs.url}` : 'See the rule documentation.'),
      securitySeverity: extras?.securitySeverity ?? '5.0',
      presets: Object.keys(configs).filter((preset) => configs[preset]?.rules[id] !== undefined),
    };
  });
}
