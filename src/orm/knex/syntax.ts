/**
 * Syntax helpers of the Knex adapter: bindings, table names (`'users as u'`, `{ u: 'users' }`) and
 * column lists (`'t.col as alias'`, arrays, alias objects). The generic ones are candidates for
 * `../common.ts`.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { memberKey, propertyKey, unwrap } from '../../flow/ast.js';
import type { FileFacts } from '../../flow/file-facts.js';
import { methodOf, staticString } from '../common.js';
import type { AdapterContext } from '../types.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

// --- generic helpers (candidates for common.ts) ---

export type Binding =
  | { readonly kind: 'import'; readonly module: string; readonly imported: string }
  | { readonly kind: 'init'; readonly init: TSESTree.Expression; readonly declarator: TSESTree.VariableDeclarator }
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

export function requireOf(node: TSESTree.Node | null | undefined): string | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  if (n.type === 'CallExpression' && n.callee.type === 'Identifier' && n.callee.name === 'require') return staticString(n.arguments[0]);
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
    const imp = facts.imports.get(id.name);
    if (imp && requireOf(node.init) !== undefined) return { kind: 'import', module: imp.module, imported: imp.imported };
    if (node.id.type === 'Identifier') return { kind: 'init', init: node.init, declarator: node };
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

export function paramType(param: TSESTree.Node): TSESTree.TypeNode | undefined {
  let p = param;
  if (p.type === 'TSParameterProperty') p = p.parameter;
  if (p.type === 'AssignmentPattern') p = p.left;
  return p.type === 'Identifier' ? p.typeAnnotation?.typeAnnotation : undefined;
}

export function thisMemberType(node: TSESTree.MemberExpression): TSESTree.TypeNode | undefined {
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

export function quote(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Resolves an identifier to its `const` initialiser in the file. */
export function constValue(context: AdapterContext, node: TSESTree.Node): TSESTree.Node | undefined {
  const n = unwrap(node);
  if (n.type !== 'Identifier') return n;
  const b = bindingOf(context.sourceCode, context.facts, n);
  if (b?.kind !== 'init' || b.declarator.parent?.type !== 'VariableDeclaration' || b.declarator.parent.kind !== 'const') return undefined;
  return unwrap(b.init);
}

// --- tables and columns ---

export interface TableRef {
  readonly name: string;
  readonly alias: string | undefined;
  readonly node: TSESTree.Node;
}

/** `'users'`, `'users as u'`, `{ u: 'users' }`, a const string. */
export function tableOf(context: AdapterContext, node: TSESTree.Node | undefined): TableRef | undefined {
  if (!node || node.type === 'SpreadElement') return undefined;
  const n = constValue(context, node);
  if (!n) return undefined;
  const s = staticString(n);
  if (s !== undefined) {
    const m = /^\s*([\w$.]+)(?:\s+as\s+([\w$]+))?\s*$/i.exec(s);
    return m?.[1] ? { name: m[1], alias: m[2], node } : undefined;
  }
  if (n.type === 'ObjectExpression' && n.properties.length === 1) {
    const p = n.properties[0];
    if (p?.type !== 'Property') return undefined;
    const alias = propertyKey(p);
    const name = staticString(p.value);
    return alias !== undefined && name !== undefined ? { name, alias, node } : undefined;
  }
  return undefined;
}

export interface Column {
  readonly qualifier: string | undefined;
  /** `*` for a wildcard. */
  readonly column: string;
  readonly node: TSESTree.Node;
}

/** The columns one argument of `select()` names; undefined when unreadable. */
export function columnsOf(context: AdapterContext, arg: TSESTree.Node, out: Column[], depth = 0): boolean {
  if (depth > 3 || arg.type === 'SpreadElement') return false;
  const n = constValue(context, arg);
  if (!n) return false;
  const s = staticString(n);
  if (s !== undefined) {
    const spec = s.split(/\s+as\s+/i)[0]?.trim() ?? '';
    const parts = spec.split('.');
    const column = parts[parts.length - 1] ?? '';
    if (!column) return false;
    out.push({ qualifier: parts.length > 1 ? parts[parts.length - 2] : undefined, column, node: arg });
    return true;
  }
  if (n.type === 'ArrayExpression') {
    for (const el of n.elements) {
      if (!el || !columnsOf(context, el, out, depth + 1)) return false;
    }
    return true;
  }
  if (n.type === 'ObjectExpression') {
    // `{ userId: 'users.id' }`: alias → column
    for (const p of n.properties) {
      if (p.type !== 'Property') return false;
      const v = staticString(p.value);
      if (v === undefined) continue;
      const parts = v.split('.');
      out.push({ qualifier: parts.length > 1 ? parts[parts.length - 2] : undefined, column: parts[parts.length - 1] ?? v, node: p });
    }
    return true;
  }
  // knex.raw(...), knex.ref(...), knex.fn.now(), `sub.as('n')`: computed values, not columns
  if (n.type === 'CallExpression') {
    const m = methodOf(n);
    return m !== undefined && (m.name === 'raw' || m.name === 'ref' || m.name === 'as' || m.name === 'now');
  }
  return false;
}

export function matches(q: Column['qualifier'], t: TableRef): boolean {
  return q === t.alias || q === t.name || (t.name.includes('.') && q === t.name.split('.').pop());
}

/** How many items the list that holds `node` has: the arguments of a call, an array's elements, an object's properties. */
export function listSize(node: TSESTree.Node): number {
  const parent = node.parent;
  if (parent?.type === 'CallExpression' && parent.callee !== node) return parent.arguments.length;
  if (parent?.type === 'ArrayExpression') return parent.elements.length;
  if (parent?.type === 'ObjectExpression') return parent.properties.length;
  return 0;
}
