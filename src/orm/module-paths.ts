/** Module specifiers: the words of a path, project-local modules, `require()`, and what a file imports. */
import type { TSESTree } from '@typescript-eslint/utils';
import { unwrap } from '../flow/ast.js';
import { importsModule, type FileFacts } from '../flow/file-facts.js';
import { staticString } from './common.js';

/** Module specifiers recur in every file of a project: their tokens are kept (bounded). */
const tokenCache = new Map<string, readonly string[]>();
const MAX_CACHED_PATHS = 2000;

/** Tokens of a module path, split on separators and camelCase: `../models/userModel.js` → models, user, model, js. */
export function pathTokens(module: string): readonly string[] {
  let tokens = tokenCache.get(module);
  if (tokens === undefined) {
    tokens = module
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((t) => t.length > 0);
    if (tokenCache.size >= MAX_CACHED_PATHS) tokenCache.clear();
    tokenCache.set(module, tokens);
  }
  return tokens;
}

/** Whether a module path has one of `tokens` among its tokens. */
export function pathHasToken(module: string, tokens: ReadonlySet<string>): boolean {
  return pathTokens(module).some((t) => tokens.has(t));
}

/** A module of the project itself (relative or aliased), not a package. */
export function isLocalModule(module: string): boolean {
  return /^(\.{1,2}\/|\/|~|#|@\/|src\/|app\/)/.test(module) || module === '.' || module === '..';
}

/**
 * The module of a `require('m')` call (TS wrappers looked through, not `await`), its specifier read
 * with `specifier` (any static string by default).
 */
export function requireOf(
  node: TSESTree.Node | null | undefined,
  specifier: (arg: TSESTree.Node | undefined) => string | undefined = staticString,
): string | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  if (n.type === 'CallExpression' && n.callee.type === 'Identifier' && n.callee.name === 'require') return specifier(n.arguments[0]);
  return undefined;
}

/** Whether the file imports one of `modules` (or a subpath of one). */
export function importsAnyModule(facts: FileFacts, modules: readonly string[]): boolean {
  return modules.some((m) => importsModule(facts, m));
}

/** Whether the file imports a module whose path has one of `tokens` (`../models/user` has `models`). */
export function importsPathToken(facts: FileFacts, tokens: ReadonlySet<string>): boolean {
  for (const m of facts.modules) if (pathHasToken(m, tokens)) return true;
  return false;
}
