/** Syntax helpers of the Drizzle adapter (the generic ones are candidates for `../common.ts`). */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { memberKey, propertyKey, unwrap } from '../../flow/ast.js';
import type { FileFacts } from '../../flow/file-facts.js';
import { methodOf, outerCalls } from '../common.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** After these the value is not rows (subquery, SQL text, prepared statement, set operations). */
export const NOT_ROWS: ReadonlySet<string> = new Set(['as', 'toSQL', 'getSQL', 'prepare', 'union', 'unionAll', 'intersect', 'intersectAll', 'except', 'exceptAll', '$dynamic']);
export const CHAIN_STOP: ReadonlySet<string> = new Set(['then', 'catch', 'finally']);

// --- generic helpers (candidates for common.ts) ---

export type Binding =
  | { readonly kind: 'import'; readonly module: string; readonly imported: string }
  | { readonly kind: 'init'; readonly init: TSESTree.Expression; readonly declarator: TSESTree.VariableDeclarator }
  | { readonly kind: 'rest'; readonly init: TSESTree.Expression; readonly removed: string[] }
  | { readonly kind: 'param'; readonly fn: TSESTree.Node; readonly param: TSESTree.Node }
  | { readonly kind: 'other' };

export function findVariable(sourceCode: SourceCode, id: TSESTree.Identifier): TSESLint.Scope.Variable | undefined {
  let scope: TSESLint.Scope.Scope | null;
  try {
    scope = sourceCode.getScope(id);
  } catch {
    return undefined;
  }
  for (let s: TSESLint.Scope.Scope | null = scope; s; s = s.upper) {
    const v = s.set.get(id.name);
    if (v) return v;
  }
  return undefined;
}

/** Whether a variable is written after its declaration (memoised: a receiver may be used thousands of times). */
const reassigned = new WeakMap<TSESLint.Scope.Variable, boolean>();
function isReassigned(variable: TSESLint.Scope.Variable): boolean {
  let r = reassigned.get(variable);
  if (r === undefined) {
    r = variable.references.some((ref) => ref.isWrite() && !ref.init);
    reassigned.set(variable, r);
  }
  return r;
}

export function bindingOf(sourceCode: SourceCode, facts: FileFacts, id: TSESTree.Identifier): Binding | undefined {
  const variable = findVariable(sourceCode, id);
  if (!variable) return undefined;
  const def = variable.defs[0];
  if (!def || variable.defs.length !== 1) return undefined;
  const node = def.node as TSESTree.Node;
  if (node.type === 'ImportSpecifier' || node.type === 'ImportDefaultSpecifier' || node.type === 'ImportNamespaceSpecifier') {
    const imp = facts.imports.get(id.name);
    return imp ? { kind: 'import', module: imp.module, imported: imp.imported } : undefined;
  }
  if (node.type === 'VariableDeclarator') {
    if (isReassigned(variable)) return undefined;
    if (!node.init) return undefined;
    if (node.id.type === 'Identifier') {
      const imp = facts.imports.get(id.name);
      if (imp && imp.imported === '*') return { kind: 'import', module: imp.module, imported: '*' };
      return { kind: 'init', init: node.init, declarator: node };
    }
    // `const { password, ...rest } = getTableColumns(users)`
    if (node.id.type === 'ObjectPattern') {
      const rest = node.id.properties.find((p) => p.type === 'RestElement');
      if (rest?.type === 'RestElement' && rest.argument.type === 'Identifier' && rest.argument.name === id.name) {
        const removed: string[] = [];
        for (const p of node.id.properties) {
          const k = p.type === 'Property' ? propertyKey(p) : undefined;
          if (k !== undefined) removed.push(k);
        }
        return { kind: 'rest', init: node.init, removed };
      }
      const imp = facts.imports.get(id.name);
      if (imp) return { kind: 'import', module: imp.module, imported: imp.imported };
    }
    return { kind: 'other' };
  }
  if (def.type === 'Parameter') {
    let param: TSESTree.Node = def.name as TSESTree.Node;
    while (param.parent && param.parent !== node) param = param.parent;
    return { kind: 'param', fn: node, param };
  }
  return { kind: 'other' };
}

export function pathTokens(module: string): string[] {
  return module
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length > 0);
}

export function typeName(type: TSESTree.Node | undefined): string | undefined {
  if (type?.type !== 'TSTypeReference') return undefined;
  const n = type.typeName;
  if (n.type === 'Identifier') return n.name;
  if (n.type === 'TSQualifiedName') return n.right.name;
  return undefined;
}

export function paramType(param: TSESTree.Node): TSESTree.TypeNode | undefined {
  let p = param;
  if (p.type === 'TSParameterProperty') p = p.parameter;
  if (p.type === 'AssignmentPattern') p = p.left;
  return p.type === 'Identifier' ? p.typeAnnotation?.typeAnnotation : undefined;
}

export function thisMemberType(node: TSESTree.MemberExpression): TSESTree.TypeNode | undefined {
  if (unwrap(node.object).type !== 'ThisExpression') return undefined;
  const name = memberKey(node);
  let cls: TSESTree.Node | undefined = node.parent;
  while (cls && cls.type !== 'ClassBody') cls = cls.parent;
  if (cls?.type !== 'ClassBody') return undefined;
  for (const el of cls.body) {
    if (el.type === 'PropertyDefinition' && propertyKey(el) === name) return el.typeAnnotation?.typeAnnotation;
    if (el.type === 'MethodDefinition' && el.kind === 'constructor') {
      for (const p of el.value.params) {
        if (p.type !== 'TSParameterProperty') continue;
        const inner = p.parameter.type === 'AssignmentPattern' ? p.parameter.left : p.parameter;
        if (inner.type === 'Identifier' && inner.name === name) return inner.typeAnnotation?.typeAnnotation;
      }
    }
  }
  return undefined;
}

export function readChain(call: TSESTree.CallExpression): TSESTree.CallExpression[] | undefined {
  const chain: TSESTree.CallExpression[] = [];
  for (const c of outerCalls(call)) {
    const m = c === call ? undefined : methodOf(c);
    if (m && CHAIN_STOP.has(m.name)) break;
    if (m && NOT_ROWS.has(m.name)) return undefined;
    chain.push(c);
  }
  return chain;
}
