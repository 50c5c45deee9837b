/**
 * Cheap facts about a file, read from its top level only: what it imports (ES imports and
 * `require`), and its `'use server'` / `'use client'` directives.
 */
import type { TSESTree } from '@typescript-eslint/utils';

export interface ImportBinding {
  /** Module specifier (`'pg'`, `'@prisma/client'`, `'./db.js'`). */
  readonly module: string;
  /** `'default'`, `'*'` (namespace / whole `require`), or the imported name. */
  readonly imported: string;
}

export interface FileFacts {
  /** Local name → where it comes from. */
  readonly imports: ReadonlyMap<string, ImportBinding>;
  /** Every module specifier imported or required at the top level. */
  readonly modules: ReadonlySet<string>;
  readonly useServer: boolean;
  readonly useClient: boolean;
}

function requiredModule(init: TSESTree.Expression | null): string | undefined {
  let node = init;
  if (node?.type === 'AwaitExpression') node = node.argument;
  if (
    node?.type === 'CallExpression' &&
    node.callee.type === 'Identifier' &&
    node.callee.name === 'require' &&
    node.arguments[0]?.type === 'Literal' &&
    typeof node.arguments[0].value === 'string'
  ) {
    return node.arguments[0].value;
  }
  return undefined;
}

export function collectFileFacts(program: TSESTree.Program): FileFacts {
  const imports = new Map<string, ImportBinding>();
  const modules = new Set<string>();
  let useServer = false;
  let useClient = false;
  for (const statement of program.body) {
    if (statement.type === 'ExpressionStatement' && 'directive' in statement && statement.directive) {
      if (statement.directive === 'use server') useServer = true;
      if (statement.directive === 'use client') useClient = true;
      continue;
    }
    if (statement.type === 'ImportDeclaration') {
      const module = statement.source.value;
      modules.add(module);
      for (const spec of statement.specifiers) {
        const imported =
          spec.type === 'ImportDefaultSpecifier'
            ? 'default'
            : spec.type === 'ImportNamespaceSpecifier'
              ? '*'
              : spec.imported.type === 'Identifier'
                ? spec.imported.name
                : spec.imported.value;
        imports.set(spec.local.name, { module, imported });
      }
      continue;
    }
    if (statement.type === 'VariableDeclaration') {
      for (const decl of statement.declarations) {
        const module = requiredModule(decl.init);
        if (module === undefined) continue;
        modules.add(module);
        if (decl.id.type === 'Identifier') imports.set(decl.id.name, { module, imported: '*' });
        else if (decl.id.type === 'ObjectPattern') {
          for (const prop of decl.id.properties) {
            if (prop.type === 'Property' && prop.key.type === 'Identifier' && prop.value.type === 'Identifier') {
              imports.set(prop.value.name, { module, imported: prop.key.name });
            }
          }
        }
      }
    }
  }
  return { imports, modules, useServer, useClient };
}

/** Whether the file imports `name` or a subpath of it (`'fastify'`, `'@fastify/…'` with prefix). */
export function importsModule(facts: FileFacts, name: string): boolean {
  for (const m of facts.modules) {
    if (m === name || m.startsWith(`${name}/`)) return true;
  }
  return false;
}
