/**
 * Methods of classes declared in the file, for following values through them: a service method
 * called as `this.usersService.findOne(id)` from a controller in the same file, or `this.load()`
 * inside the class. An instance is recognised by `this`, by a constructor parameter property or
 * a class property typed with the class (`private readonly users: UsersService`), or by a
 * variable created with `new UsersService()`.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { memberKey, propertyKey, unwrap, type FunctionNode } from './ast.js';

type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

function enclosingClass(node: TSESTree.Node): ClassNode | undefined {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === 'ClassDeclaration' || n.type === 'ClassExpression') return n;
  }
  return undefined;
}

function typeNames(annotation: TSESTree.TSTypeAnnotation | undefined): string | undefined {
  const type = annotation?.typeAnnotation;
  return type?.type === 'TSTypeReference' && type.typeName.type === 'Identifier' ? type.typeName.name : undefined;
}

/** The class a `this.prop` property of `owner` is declared to hold. */
function propertyClassName(owner: ClassNode, prop: string): string | undefined {
  for (const member of owner.body.body) {
    if (member.type === 'PropertyDefinition' && propertyKey(member) === prop) {
      const named = typeNames(member.typeAnnotation);
      if (named) return named;
      const value = member.value && unwrap(member.value);
      if (value?.type === 'NewExpression' && value.callee.type === 'Identifier') return value.callee.name;
    }
    if (member.type === 'MethodDefinition' && member.kind === 'constructor') {
      for (const param of member.value.params) {
        if (param.type !== 'TSParameterProperty') continue;
        const inner = param.parameter.type === 'AssignmentPattern' ? param.parameter.left : param.parameter;
        if (inner.type === 'Identifier' && inner.name === prop) return typeNames(inner.typeAnnotation);
      }
    }
  }
  return undefined;
}

/** The class an expression holds an instance of, when the file says so. */
function instanceClassName(expr: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): string | undefined {
  const n = unwrap(expr);
  if (n.type === 'ThisExpression') return enclosingClass(n)?.id?.name;
  if (n.type === 'MemberExpression' && unwrap(n.object).type === 'ThisExpression') {
    const key = memberKey(n);
    const owner = enclosingClass(n);
    return typeof key === 'string' && owner ? propertyClassName(owner, key) : undefined;
  }
  if (n.type === 'Identifier') {
    let scope: TSESLint.Scope.Scope | null = sourceCode.getScope(n);
    for (; scope; scope = scope.upper) {
      const variable = scope.set.get(n.name);
      if (!variable) continue;
      const def = variable.defs[0];
      const name = def?.name as TSESTree.Node | undefined;
      if (name?.type === 'Identifier' && name.typeAnnotation) return typeNames(name.typeAnnotation);
      const init = def?.type === 'Variable' ? (def.node as TSESTree.VariableDeclarator).init : null;
      const created = init && unwrap(init);
      return created?.type === 'NewExpression' && created.callee.type === 'Identifier' ? created.callee.name : undefined;
    }
  }
  return undefined;
}

/** `fn` as a method of a named class of the file: the class and the method's name. */
function methodOf(fn: FunctionNode): { cls: ClassNode; name: string } | undefined {
  const definition = fn.parent;
  if (definition?.type !== 'MethodDefinition' || definition.kind !== 'method' || definition.static) return undefined;
  const name = propertyKey(definition);
  const cls = definition.parent.parent;
  return name !== undefined && (cls.type === 'ClassDeclaration' || cls.type === 'ClassExpression') && cls.id ? { cls, name } : undefined;
}

/** The calls of the file that call method `fn` on an instance of its class. */
export function methodCallSites(
  fn: FunctionNode,
  calls: readonly TSESTree.CallExpression[],
  sourceCode: Readonly<TSESLint.SourceCode>,
): TSESTree.CallExpression[] {
  const method = methodOf(fn);
  if (!method) return [];
  const className = method.cls.id?.name;
  return calls.filter((call) => {
    const callee = unwrap(call.callee);
    return (
      callee.type === 'MemberExpression' &&
      memberKey(callee) === method.name &&
      instanceClassName(callee.object, sourceCode) === className
    );
  });
}

/** The method a call like `this.helper(x)` or `this.users.findOne(x)` runs, when declared in the file. */
export function calledMethod(
  call: TSESTree.CallExpression,
  classes: readonly ClassNode[],
  sourceCode: Readonly<TSESLint.SourceCode>,
): FunctionNode | undefined {
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression') return undefined;
  const name = memberKey(callee);
  const className = instanceClassName(callee.object, sourceCode);
  if (typeof name !== 'string' || className === undefined) return undefined;
  const cls = classes.find((c) => c.id?.name === className);
  for (const member of cls?.body.body ?? []) {
    if (member.type === 'MethodDefinition' && member.kind === 'method' && !member.static && propertyKey(member) === name) {
      return member.value.type === 'FunctionExpression' ? member.value : undefined;
    }
  }
  return undefined;
}
