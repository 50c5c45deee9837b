/** Syntax helpers of the Drizzle adapter: bindings (with `getTableColumns` rests) and type names. */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { propertyKey } from '../../flow/ast.js';
import type { FileFacts } from '../../flow/file-facts.js';
import { declaredBinding, type DeclaredBinding } from '../bindings.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** After these the value is not rows (subquery, SQL text, prepared statement, set operations). */
export const NOT_ROWS: ReadonlySet<string> = new Set(['as', 'toSQL', 'getSQL', 'prepare', 'union', 'unionAll', 'intersect', 'intersectAll', 'except', 'exceptAll', '$dynamic']);

// --- bindings ---

/**
 * Drizzle reads `const { password, ...rest } = getTableColumns(users)` as a rest of what it removes;
 * a name its file imports counts as that import for a namespace `require` or a destructuring.
 */
function drizzleDeclarator(declarator: TSESTree.VariableDeclarator, id: TSESTree.Identifier, facts: FileFacts): DeclaredBinding | undefined {
  if (!declarator.init) return undefined;
  if (declarator.id.type === 'Identifier') {
    const imp = facts.imports.get(id.name);
    if (imp && imp.imported === '*') return { kind: 'import', module: imp.module, imported: '*' };
    return { kind: 'init', init: declarator.init, declarator };
  }
  if (declarator.id.type === 'ObjectPattern') {
    const rest = declarator.id.properties.find((p) => p.type === 'RestElement');
    if (rest?.type === 'RestElement' && rest.argument.type === 'Identifier' && rest.argument.name === id.name) {
      const removed: string[] = [];
      for (const p of declarator.id.properties) {
        const k = p.type === 'Property' ? propertyKey(p) : undefined;
        if (k !== undefined) removed.push(k);
      }
      return { kind: 'rest', init: declarator.init, removed };
    }
    const imp = facts.imports.get(id.name);
    if (imp) return { kind: 'import', module: imp.module, imported: imp.imported };
  }
  return { kind: 'other', node: declarator };
}

export function drizzleBinding(sourceCode: SourceCode, facts: FileFacts, id: TSESTree.Identifier): DeclaredBinding | undefined {
  return declaredBinding(sourceCode, facts, id, drizzleDeclarator);
}

// --- types ---

/** The last part of a type reference's name: `NodePgDatabase`, `PgTransaction` (of `x.PgTransaction`). */
export function typeName(type: TSESTree.Node | undefined): string | undefined {
  if (type?.type !== 'TSTypeReference') return undefined;
  const n = type.typeName;
  if (n.type === 'Identifier') return n.name;
  if (n.type === 'TSQualifiedName') return n.right.name;
  return undefined;
}
