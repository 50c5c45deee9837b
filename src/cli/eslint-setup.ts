/**
 * The ESLint Node API options of a CLI run, built from a serialisable `LintSetup` so that ESLint's
 * worker threads (`--concurrency`) can rebuild the very same options from an options module.
 *
 * Without `--config`: no config file is read; the typescript-eslint parser parses every JS/TS
 * file, the chosen preset runs with `settings['data-exposure'].schema` from `--schema`, and
 * `node_modules`, build output, minified files and the cwd's `.gitignore` patterns are ignored.
 * With `--config <file>`: that file is the config. Either way only this plugin's rules run.
 */
import tsParser from '@typescript-eslint/parser';
import type { ESLint, Linter } from 'eslint';
import plugin from '../index.js';
import { SETTINGS_KEY } from '../settings.js';
import type { Concurrency, Preset } from './args.js';
import { readGitignore } from './gitignore.js';
import { PROGRESS_NAMESPACE, PROGRESS_RULE_ID, progressPlugin } from './progress.js';

export interface LintSetup {
  readonly cwd: string;
  readonly preset: Preset;
  /** `--config`: a config file path (then `preset` is not used). */
  readonly configFile: string | undefined;
  readonly schema: readonly string[];
  readonly concurrency: Concurrency;
  /** Add the rule that feeds the progress line. */
  readonly progress: boolean;
}

export const SOURCE_EXTENSIONS = ['js', 'mjs', 'cjs', 'jsx', 'ts', 'mts', 'cts', 'tsx'] as const;
export const SOURCE_GLOB = `**/*.{${SOURCE_EXTENSIONS.join(',')}}`;

/** Never scanned: dependencies, build output, coverage reports, minified bundles. */
export const DEFAULT_IGNORES = [
  '**/node_modules/**',
  '**/dist/**',
  '**/build/**',
  '**/.next/**',
  '**/coverage/**',
  '**/*.min.js',
  '**/*.min.mjs',
  '**/*.min.cjs',
];

function builtInConfig(setup: LintSetup): Linter.Config[] {
  const files = [SOURCE_GLOB];
  const preset = plugin.configs[setup.preset] as unknown as Linter.Config;
  const configs: Linter.Config[] = [
    { name: 'data-exposure-cli/ignores', ignores: [...DEFAULT_IGNORES, ...readGitignore(setup.cwd)] },
    {
      name: 'data-exposure-cli/parser',
      files,
      languageOptions: { parser: tsParser as Linter.Parser, parserOptions: { ecmaFeatures: { jsx: true } } },
      linterOptions: { reportUnusedDisableDirectives: 'off' },
    },
    { ...preset, files },
  ];
  if (setup.schema.length > 0) {
    configs.push({ name: 'data-exposure-cli/settings', files, settings: { [SETTINGS_KEY]: { schema: [...setup.schema] } } });
  }
  return configs;
}

function userConfigOverrides(setup: LintSetup): Linter.Config[] {
  if (setup.schema.length === 0) return [];
  return [{ name: 'data-exposure-cli/settings', settings: { [SETTINGS_KEY]: { schema: [...setup.schema] } } }];
}

function progressConfig(): Linter.Config {
  return {
    name: 'data-exposure-cli/progress',
    plugins: { [PROGRESS_NAMESPACE]: progressPlugin as unknown as ESLint.Plugin },
    rules: { [PROGRESS_RULE_ID]: 'error' },
  };
}

/** The plugin's rules (any namespace prefix other than ours is somebody else's rule). */
function isOurRule(ruleId: string): boolean {
  return ruleId.startsWith(`${plugin.meta.namespace}/`) || ruleId.startsWith(`${PROGRESS_NAMESPACE}/`);
}

export function createESLintOptions(setup: LintSetup): ESLint.Options {
  const overrideConfig = setup.configFile === undefined ? builtInConfig(setup) : userConfigOverrides(setup);
  if (setup.progress) overrideConfig.push(progressConfig());
  return {
    cwd: setup.cwd,
    overrideConfigFile: setup.configFile ?? true,
    overrideConfig,
    concurrency: setup.concurrency,
    errorOnUnmatchedPattern: true,
    // Ignored files named explicitly (a pre-commit hook passes every staged file) are skipped silently.
    warnIgnored: false,
    // Only this plugin's rules, also when a config file or an inline `/* eslint … */` comment turns others on.
    ruleFilter: ({ ruleId }) => isOurRule(ruleId),
  };
}
