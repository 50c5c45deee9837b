/** Syntax helpers of the Sequelize adapter (the generic ones are candidates for `../common.ts`). */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { memberKey, propertyKey, unwrap } from '../../flow/ast.js';
import type { FileFacts } from '../../flow/file-facts.js';
import { methodOf, outerCalls, staticString } from '../common.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

export const CHAIN_STOP: ReadonlySet<string> = new Set(['then', 'catch', 'finally']);

export type Binding =
  | { readonly kind: 'import'; readonly module: string; readonly imported: string }
  | { readonly kind: 'init'; readonly init: TSESTree.Expression; readonly declarator: TSESTree.VariableDeclarator }
  | { readonly kind: 'destructured'; readonly init: TSESTree.Expression; readonly key: string }
  | { readonly kind: 'param' }
  | { readonly kind: 'other'; readonly node: TSESTree.Node };

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
  let n = unwrap(node);
  if (n.type === 'AwaitExpression') n = unwrap(n.argument);
  if (n.type === 'CallExpression' && n.callee.type === 'Identifier' && n.callee.name === 'require') {
    return staticString(n.arguments[0]);
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

/** What an identifier is bound to, when it is bound once. */
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
    const required = requireOf(node.init);
    if (node.id.type === 'Identifier') {
      if (required !== undefined) return { kind: 'import', module: required, imported: '*' };
      return node.init ? { kind: 'init', init: node.init, declarator: node } : undefined;
    }
    if (node.id.type === 'ObjectPattern' && node.init) {
      for (const p of node.id.properties) {
        if (p.type === 'Property' && p.value.type === 'Identifier' && p.value.name === id.name) {
          const key = propertyKey(p);
          if (key === undefined) return undefined;
          if (required !== undefined) return { kind: 'import', module: required, imported: key };
          return { kind: 'destructured', init: node.init, key };
        }
      }
    }
    return undefined;
  }
  if (def.type === 'Parameter') return { kind: 'param' };
  return { kind: 'other', node };
}

/** Tokens of a module path: `../models/user.model.js` → models, user, model, js. */
export function pathTokens(module: string): string[] {
  return module
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length > 0);
}

export function pathHasToken(module: string, tokens: ReadonlySet<string>): boolean {
  return pathTokens(module).some((t) => tokens.has(t));
}

/** A module of the project itself (relative or aliased), not a package. */
export function isLocalModule(module: string): boolean {
  return /^(\.{1,2}\/|\/|~|#|@\/|src\/|app\/)/.test(module) || module === '.' || module === '..';
}

/** The calls of a chain after `call`, stopping before `.then`/`.catch`/`.finally`. */
export function readChain(call: TSESTree.CallExpression): TSESTree.CallExpression[] {
  const chain: TSESTree.CallExpression[] = [];
  for (const c of outerCalls(call)) {
    const m = c === call ? undefined : methodOf(c);
    if (m && CHAIN_STOP.has(m.name)) break;
    chain.push(c);
  }
  return chain;
}

export function quote(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export function hasSpread(call: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  return call.arguments.some((a) => a.type === 'SpreadElement');
}

/** The class member `this.<name>` refers to: its decorators and type annotation. */
export function thisMember(
  node: TSESTree.MemberExpression,
): { decorators: readonly TSESTree.Decorator[]; type: TSESTree.TypeNode | undefined } | undefined {
  if (unwrap(node.object).type !== 'ThisExpression') return undefined;
  const name = memberKey(node);
  if (typeof name !== 'string') return undefined;
  let cls: TSESTree.Node | undefined = node.parent;
  while (cls && cls.type !== 'ClassBody') cls = cls.parent;
  if (cls?.type !== 'ClassBody') return undefined;
  for (const el of cls.body) {
    if (el.type === 'PropertyDefinition' && propertyKey(el) === name) {
      return { decorators: el.decorators, type: el.typeAnnotation?.typeAnnotation };
    }
    if (el.type === 'MethodDefinition' && el.kind === 'constructor') {
      for (const p of el.value.params) {
        if (p.type !== 'TSParameterProperty') continue;
        const inner = p.parameter.type === 'AssignmentPattern' ? p.parameter.left : p.parameter;
        if (inner.type === 'Identifier' && inner.name === name) {
          return { decorators: p.decorators, type: inner.typeAnnotation?.typeAnnotation };
        }
      }
    }
  }
  return undefined;
}

export function decoratorCall(decorators: readonly TSESTree.Decorator[], name: string): TSESTree.CallExpression | undefined {
  for (const d of decorators) {
    const e = d.expression;
    if (e.type === 'CallExpression' && e.callee.type === 'Identifier' && e.callee.name === name) return e;
  }
  return undefined;
}

export function hasDecorator(decorators: readonly TSESTree.Decorator[] | undefined, names: ReadonlySet<string>): boolean {
  for (const d of decorators ?? []) {
    const e = d.expression;
    const callee = e.type === 'CallExpression' ? e.callee : e;
    if (callee.type === 'Identifier' && names.has(callee.name)) return true;
  }
  return false;
}

/** Static keys of an object literal, in order. */
export function objectKeys(object: TSESTree.ObjectExpression): string[] {
  const keys: string[] = [];
  for (const p of object.properties) {
    if (p.type !== 'Property') continue;
    const k = propertyKey(p);
    if (k !== undefined && !keys.includes(k)) keys.push(k);
  }
  return keys;
}

export function isTrue(node: TSESTree.Node | undefined): boolean {
  if (!node) return false;
  const n = unwrap(node);
  return n.type === 'Literal' && n.value === true;
}

/** Fields removed by `delete x.f` statements or a `{ f, ...rest }` destructuring in a function body. */
export function deletedFields(fn: TSESTree.Node | undefined): string[] {
  if (!fn || (fn.type !== 'FunctionExpression' && fn.type !== 'ArrowFunctionExpression' && fn.type !== 'FunctionDeclaration')) {
    return [];
  }
  if (fn.body.type !== 'BlockStatement') return [];
  const out: string[] = [];
  for (const st of fn.body.body) {
    if (st.type === 'ExpressionStatement') {
      const e = st.expression;
      const dels = e.type === 'SequenceExpression' ? e.expressions : [e];
      for (const d of dels) {
        if (d.type === 'UnaryExpression' && d.operator === 'delete' && d.argument.type === 'MemberExpression') {
          const k = memberKey(d.argument);
          if (typeof k === 'string') out.push(k);
        }
      }
    } else if (st.type === 'VariableDeclaration') {
      for (const decl of st.declarations) {
        if (decl.id.type !== 'ObjectPattern') continue;
        if (!decl.id.properties.some((p) => p.type === 'RestElement')) continue;
        for (const p of decl.id.properties) {
          if (p.type === 'Property') {
            const k = propertyKey(p);
            if (k !== undefined) out.push(k);
          }
        }
      }
    }
  }
  return out;
}

export function objectArg(node: TSESTree.Node | undefined): TSESTree.ObjectExpression | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  return n.type === 'ObjectExpression' ? n : undefined;
}
