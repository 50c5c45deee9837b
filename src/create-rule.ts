import { RuleCreator } from '@typescript-eslint/utils/eslint-utils';

/** Extra `meta.docs` fields of this plugin's rules. */
export interface PluginDocs {
  /** Whether the rule is in the `recommended` preset. */
  recommended?: boolean;
  /**
   * Whether the rule is in the `strict` preset (every recommended rule is too), and with which
   * options when they differ from the defaults.
   */
  strict?: boolean | readonly unknown[];
  /** The rule needs typescript-eslint type information. */
  requiresTypeChecking?: boolean;
}

export const REPO_URL = 'https://github.com/data-exposure/eslint-plugin-data-exposure';

export const createRule = RuleCreator<PluginDocs>(
  (name) => `${REPO_URL}/blob/main/docs/rules/${name}.md`,
);
