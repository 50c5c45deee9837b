/** Small text helpers shared by the rules' messages. */
import { functionName, type FunctionNode } from './flow/ast.js';

/** "a, b, c" — at most `max` names, then "…". */
export function listNames(names: readonly string[], max = 6): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown}, …` : shown;
}

/** `loadUsers()` for a named function the data escapes from, `function()` otherwise. */
export function escapingFunction(fn: FunctionNode | undefined): string {
  return fn ? `${functionName(fn) ?? 'function'}()` : '';
}
