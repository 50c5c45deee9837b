/**
 * ESLint options module for `--concurrency` (`ESLint.fromOptionsModule`): worker threads cannot
 * receive the plugin and parser objects, so each thread imports this module and rebuilds the
 * options from the `LintSetup` carried, as JSON, in the module URL's `setup` query parameter.
 */
import { fileURLToPath } from 'node:url';
import { createESLintOptions, type LintSetup } from './eslint-setup.js';

const PARAM = 'setup';

/** The URL of this module carrying `setup` (only usable from the build: Node imports it natively). */
export function optionsModuleUrl(setup: LintSetup): URL {
  const url = new URL(import.meta.url);
  url.searchParams.set(PARAM, JSON.stringify(setup));
  return url;
}

/** Whether this module can be imported natively (false when running from the TypeScript sources). */
export function optionsModuleAvailable(): boolean {
  return fileURLToPath(import.meta.url).endsWith('.js');
}

function setupFromUrl(): LintSetup | undefined {
  const raw = new URL(import.meta.url).searchParams.get(PARAM);
  return raw === null ? undefined : (JSON.parse(raw) as LintSetup);
}

const setup = setupFromUrl();

export default setup === undefined ? undefined : createESLintOptions(setup);
