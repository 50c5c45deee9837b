/**
 * Syntax helpers of the Kysely adapter: bindings, table names (`'person as p'`) and selections
 * (`select('a')`, `select(['a', 'p.b as c'])`, `selectAll('p')`). The generic ones are candidates
 * for `../common.ts`.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { isFunction, memberKey, propertyKey, unwrap } from '../../flow/ast.js';
import type { FileFacts } from '../../flow/file-facts.js';
import { methodOf, staticString } from '../common.js';
import type { AdapterContext, RelationRead } from '../types.js';

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
    if (imp) return { kind: 'import', module: imp.module, imported: imp.imported };
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

export function isLocalModule(module: string): boolean {
  return /^(\.{1,2}\/|\/|~|#|@\/|src\/|app\/)/.test(module) || module === '.' || module === '..';
}

export function paramType(param: TSESTree.Node): TSESTree.TypeNode | undefined {
  let p = param;
  if (p.type === 'TSParameterProperty') p = p.parameter;
  if (p.type === 'AssignmentPattern') p = p.left;
  return p.type === 'Identifier' ? p.typeAnnotation?.typeAnnotation : undefined;
}

export function thisMember(node: TSESTree.MemberExpression): { decorators: readonly TSESTree.Decorator[]; type: TSESTree.TypeNode | undefined } | undefined {
  const name = memberKey(node);
  let cls: TSESTree.Node | undefined = node.parent;
  while (cls && cls.type !== 'ClassBody') cls = cls.parent;
  if (cls?.type !== 'ClassBody') return undefined;
  for (const el of cls.body) {
    if (el.type === 'PropertyDefinition' && propertyKey(el) === name) return { decorators: el.decorators, type: el.typeAnnotation?.typeAnnotation };
    if (el.type === 'MethodDefinition' && el.kind === 'constructor') {
      for (const p of el.value.params) {
        if (p.type !== 'TSParameterProperty') continue;
        const inner = p.parameter.type === 'AssignmentPattern' ? p.parameter.left : p.parameter;
        if (inner.type === 'Identifier' && inner.name === name) return { decorators: p.decorators, type: inner.typeAnnotation?.typeAnnotation };
      }
    }
  }
  return undefined;
}

export function quote(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

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

export function tableOf(context: AdapterContext, node: TSESTree.Node | undefined): TableRef | undefined {
  if (!node || node.type === 'SpreadElement') return undefined;
  const n = constValue(context, node);
  const s = n ? staticString(n) : undefined;
  if (s === undefined) return undefined;
  const m = /^\s*([\w$.]+)(?:\s+as\s+([\w$]+))?\s*$/i.exec(s);
  return m?.[1] ? { name: m[1], alias: m[2], node } : undefined;
}

export interface Column {
  readonly qualifier: string | undefined;
  readonly column: string;
  readonly node: TSESTree.Node;
}

export function parseColumn(s: string, node: TSESTree.Node): Column | undefined {
  const spec = s.split(/\s+as\s+/i)[0]?.trim() ?? '';
  const parts = spec.split('.');
  const column = parts[parts.length - 1];
  return column ? { qualifier: parts.length > 1 ? parts[parts.length - 2] : undefined, column, node } : undefined;
}

/** `select('a')`, `select(['a', 'u.b as c', eb => …])`; 'callback' for `select((eb) => [...])`. */
export function selectColumns(context: AdapterContext, call: TSESTree.CallExpression, out: Column[]): 'ok' | 'callback' | 'unreadable' {
  if (call.arguments.length !== 1) return 'unreadable';
  const arg = call.arguments[0] as TSESTree.Node;
  if (arg.type === 'SpreadElement') return 'unreadable';
  if (isFunction(unwrap(arg))) return 'callback';
  const n = constValue(context, arg);
  if (!n) return 'unreadable';
  const s = staticString(n);
  if (s !== undefined) {
    const c = parseColumn(s, arg);
    if (c) out.push(c);
    return 'ok';
  }
  // `sql<string>\`…\`.as('x')`: a computed value, not a column
  if (n.type !== 'ArrayExpression') return n.type === 'CallExpression' && methodOf(n)?.name === 'as' ? 'ok' : 'unreadable';
  for (const el of n.elements) {
    if (!el || el.type === 'SpreadElement') return 'unreadable';
    const es = staticString(el);
    if (es !== undefined) {
      const c = parseColumn(es, el);
      if (c) out.push(c);
    }
    // expressions and `(eb) => …` elements compute values: not columns
  }
  return 'ok';
}

/** `selectAll()` → every table; `selectAll('u')` / `selectAll(['u', 'p'])` → those. */
export function selectAllTables(call: TSESTree.CallExpression): string[] | 'all' | undefined {
  const arg = call.arguments[0];
  if (!arg) return 'all';
  const s = staticString(arg);
  if (s !== undefined) return [s];
  const n = unwrap(arg);
  if (n.type !== 'ArrayExpression') return undefined;
  const out: string[] = [];
  for (const el of n.elements) {
    const es = el && el.type !== 'SpreadElement' ? staticString(el) : undefined;
    if (es === undefined) return undefined;
    out.push(es);
  }
  return out;
}

export function matches(name: string | undefined, t: TableRef): boolean {
  return name !== undefined && (name === t.alias || name === t.name);
}

// --- nested relations: jsonArrayFrom / jsonObjectFrom ---

const JSON_HELPERS: ReadonlySet<string> = new Set(['jsonArrayFrom', 'jsonObjectFrom']);

/** `jsonArrayFrom` / `jsonObjectFrom` imported from Kysely's helpers (`kysely/helpers/postgres`, …). */
function isJsonHelper(context: AdapterContext, callee: TSESTree.Node): boolean {
  const n = unwrap(callee);
  if (n.type !== 'Identifier' || !JSON_HELPERS.has(n.name)) return false;
  const imp = context.facts.imports.get(n.name);
  return imp !== undefined && imp.module.startsWith('kysely/helpers') && JSON_HELPERS.has(imp.imported);
}

/**
 * The subquery of `jsonArrayFrom(eb.selectFrom('t')….selectAll()).as('alias')`: its table and what it
 * selects. Undefined when it cannot be read (a callback selection, a spread, no `selectFrom`).
 */
function subqueryRelation(context: AdapterContext, query: TSESTree.Node, alias: string): RelationRead | undefined {
  const calls: TSESTree.CallExpression[] = [];
  let n = unwrap(query);
  for (let depth = 0; depth < 32 && n.type === 'CallExpression'; depth++) {
    calls.unshift(n);
    const callee = unwrap(n.callee);
    if (callee.type !== 'MemberExpression') return undefined;
    if (methodOf(n)?.name === 'selectFrom') break;
    n = unwrap(callee.object);
  }
  const root = calls[0];
  if (!root || methodOf(root)?.name !== 'selectFrom') return undefined;
  const table = tableOf(context, root.arguments[0]);
  if (!table) return undefined;
  const cols: Column[] = [];
  let wildcard = false;
  for (const c of calls.slice(1)) {
    const m = methodOf(c)?.name;
    if (c.arguments.some((a) => a.type === 'SpreadElement')) return undefined;
    if (m === 'selectAll') {
      const tables = selectAllTables(c);
      if (!tables) return undefined;
      if (tables === 'all' || tables.some((t) => matches(t, table))) wildcard = true;
    } else if (m === 'select') {
      if (selectColumns(context, c, cols) !== 'ok') return undefined;
    }
  }
  const fields = cols.filter((c) => c.qualifier === undefined || matches(c.qualifier, table)).map((c) => ({ name: c.column, node: c.node }));
  if (!wildcard && fields.length === 0) return undefined;
  return {
    name: alias,
    entity: { name: table.name, kind: 'table' },
    projection: wildcard ? { kind: 'wildcard' } : { kind: 'fields', fields },
    node: root.arguments[0] as TSESTree.Node,
  };
}

/**
 * Relations nested in a selection with Kysely's JSON helpers:
 * `select((eb) => ['id', jsonArrayFrom(eb.selectFrom('pet').selectAll().whereRef(…)).as('pets')])`.
 * The subquery is not a read of its own (it has no terminal call); its rows come back under the alias.
 */
export function jsonHelperRelations(context: AdapterContext, select: TSESTree.CallExpression): RelationRead[] {
  const out: RelationRead[] = [];
  const stack: TSESTree.Node[] = [...select.arguments];
  for (let steps = 0; stack.length > 0 && steps < 2_000; steps++) {
    const node = stack.pop() as TSESTree.Node;
    if (node.type === 'CallExpression' && isJsonHelper(context, node.callee)) {
      // `jsonArrayFrom(q).as('alias')`
      const member = node.parent;
      const asCall = member?.type === 'MemberExpression' && member.object === node ? member.parent : undefined;
      const alias = asCall?.type === 'CallExpression' && methodOf(asCall)?.name === 'as' ? staticString(asCall.arguments[0]) : undefined;
      const query = node.arguments[0];
      if (alias !== undefined && query && query.type !== 'SpreadElement') {
        const relation = subqueryRelation(context, query, alias);
        if (relation) out.push(relation);
      }
      continue; // nested helpers belong to the subquery
    }
    for (const key of Object.keys(node) as (keyof typeof node)[]) {
      if (key === 'parent' || key === 'loc' || key === 'range') continue;
      const value = node[key] as unknown;
      if (Array.isArray(value)) {
        for (const v of value) if (v && typeof v === 'object' && typeof (v as TSESTree.Node).type === 'string') stack.push(v as TSESTree.Node);
      } else if (value && typeof value === 'object' && typeof (value as TSESTree.Node).type === 'string') {
        stack.push(value as TSESTree.Node);
      }
    }
  }
  return out.reverse();
}
