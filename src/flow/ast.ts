/** Small AST helpers shared by the flow engine and the adapters. */
import type { TSESTree } from '@typescript-eslint/utils';

export type FunctionNode =
  | TSESTree.FunctionDeclaration
  | TSESTree.FunctionExpression
  | TSESTree.ArrowFunctionExpression;

export function isFunction(node: TSESTree.Node | null | undefined): node is FunctionNode {
  return (
    node?.type === 'FunctionDeclaration' ||
    node?.type === 'FunctionExpression' ||
    node?.type === 'ArrowFunctionExpression'
  );
}

export function enclosingFunction(node: TSESTree.Node): FunctionNode | undefined {
  for (let n = node.parent; n; n = n.parent) {
    if (isFunction(n)) return n;
  }
  return undefined;
}

/** The key of a member access, when static: `a.b` → 'b', `a['b']` → 'b', `a[0]` → 0. */
export function memberKey(member: TSESTree.MemberExpression): string | number | undefined {
  if (!member.computed) {
    return member.property.type === 'Identifier' ? member.property.name : undefined;
  }
  const p = member.property;
  if (p.type === 'Literal') {
    if (typeof p.value === 'number') return p.value;
    if (typeof p.value === 'string') return p.value;
  }
  return undefined;
}

/** A property key in an object literal or pattern, when static. */
export function propertyKey(prop: TSESTree.Property | TSESTree.MethodDefinition | TSESTree.PropertyDefinition): string | undefined {
  if (!prop.computed) {
    if (prop.key.type === 'Identifier') return prop.key.name;
    if (prop.key.type === 'Literal') return String(prop.key.value);
    return undefined;
  }
  return prop.key.type === 'Literal' && (typeof prop.key.value === 'string' || typeof prop.key.value === 'number')
    ? String(prop.key.value)
    : undefined;
}

/** `obj.method(...)` → 'method'; `fn(...)` → 'fn'. */
export function calleeName(call: TSESTree.CallExpression | TSESTree.NewExpression): string | undefined {
  const callee = call.callee;
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'MemberExpression') {
    const key = memberKey(callee);
    return typeof key === 'string' ? key : undefined;
  }
  return undefined;
}

/** Strips TS wrappers and chain expressions: `(x as T)!` → `x`. */
export function unwrap(node: TSESTree.Node): TSESTree.Node {
  let n = node;
  while (
    n.type === 'TSAsExpression' ||
    n.type === 'TSNonNullExpression' ||
    n.type === 'TSSatisfiesExpression' ||
    n.type === 'TSTypeAssertion' ||
    n.type === 'ChainExpression'
  ) {
    n = n.expression;
  }
  return n;
}

/** The identifier a parameter binds, looking through defaults and TS parameter properties. */
export function parameterName(param: TSESTree.Parameter): string | undefined {
  let p: TSESTree.Node = param;
  if (p.type === 'TSParameterProperty') p = p.parameter;
  if (p.type === 'AssignmentPattern') p = p.left;
  return p.type === 'Identifier' ? p.name : undefined;
}

/** The innermost enclosing function that has a parameter called `name`, and its position. */
export function findParameter(node: TSESTree.Node, name: string): { fn: FunctionNode; index: number } | undefined {
  for (let n: TSESTree.Node | undefined = node; n; n = n.parent) {
    if (isFunction(n)) {
      const index = n.params.findIndex((p) => parameterName(p) === name);
      if (index >= 0) return { fn: n, index };
    }
  }
  return undefined;
}

/** The name a function is known by: declaration name, or the variable/property it is bound to. */
export function functionName(fn: FunctionNode): string | undefined {
  if (fn.type === 'FunctionDeclaration' || fn.type === 'FunctionExpression') {
    if (fn.id) return fn.id.name;
  }
  const parent = fn.parent;
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  if (parent?.type === 'Property' || parent?.type === 'MethodDefinition' || parent?.type === 'PropertyDefinition') {
    return propertyKey(parent);
  }
  return undefined;
}

/** Whether the function is exported from the module (directly, or through its binding). */
export function isExported(fn: FunctionNode): boolean {
  let n: TSESTree.Node | undefined = fn.parent;
  if (n?.type === 'VariableDeclarator') n = n.parent?.parent;
  return n?.type === 'ExportNamedDeclaration' || n?.type === 'ExportDefaultDeclaration';
}
