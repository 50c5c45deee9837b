/**
 * Generic helpers that resolve what a receiver expression is bound to: imports, variables,
 * parameters (with their type annotations and decorators), class members behind `this.x`, and
 * classes. Used by the Prisma, TypeORM, MikroORM and Objection adapters.
 *
 * Nothing here is library-specific: these are candidates for `src/orm/common.ts`.
 */
import { ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { isFunction, memberKey, parameterName, propertyKey, unwrap, type FunctionNode } from '../../flow/ast.js';

export type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

/** What an identifier is bound to. */
export type Binding =
  | { readonly kind: 'import'; readonly module: string; readonly imported: string }
  | {
      readonly kind: 'variable';
      /** The initializer and every later assignment (`let qb = …; qb = …`). */
      readonly values: readonly TSESTree.Node[];
      readonly type: TSESTree.TypeNode | undefined;
      readonly isConst: boolean;
      readonly declarator: TSESTree.VariableDeclarator;
    }
  | {
      readonly kind: 'parameter';
      readonly fn: FunctionNode;
      readonly index: number;
      readonly type: TSESTree.TypeNode | undefined;
      readonly decorators: readonly TSESTree.Decorator[];
    }
  | { readonly kind: 'class'; readonly node: ClassNode }
  | { readonly kind: 'other' };

function typeOfPattern(node: TSESTree.Node | undefined): TSESTree.TypeNode | undefined {
  if (!node) return undefined;
  if (node.type === 'Identifier' || node.type === 'ObjectPattern' || node.type === 'ArrayPattern') {
    return node.typeAnnotation?.typeAnnotation;
  }
  if (node.type === 'AssignmentPattern') return typeOfPattern(node.left);
  if (node.type === 'TSParameterProperty') return typeOfPattern(node.parameter);
  return undefined;
}

function importOf(def: TSESLint.Scope.Definition): Binding | undefined {
  const decl = def.parent;
  if (decl?.type !== 'ImportDeclaration') return undefined;
  const spec = def.node;
  const imported =
    spec.type === 'ImportDefaultSpecifier'
      ? 'default'
      : spec.type === 'ImportNamespaceSpecifier'
        ? '*'
        : spec.type === 'ImportSpecifier'
          ? spec.imported.type === 'Identifier'
            ? spec.imported.name
            : spec.imported.value
          : undefined;
  return imported === undefined ? undefined : { kind: 'import', module: decl.source.value, imported };
}

/** A `require('m')` initializer, possibly awaited. */
function requiredModule(init: TSESTree.Node | null | undefined): string | undefined {
  let n = init ? unwrap(init) : undefined;
  if (n?.type === 'AwaitExpression') n = unwrap(n.argument);
  if (n?.type === 'CallExpression' && n.callee.type === 'Identifier' && n.callee.name === 'require') {
    const arg = n.arguments[0];
    if (arg?.type === 'Literal' && typeof arg.value === 'string') return arg.value;
  }
  return undefined;
}

function findVariable(id: TSESTree.Identifier, sourceCode: Readonly<TSESLint.SourceCode>): TSESLint.Scope.Variable | null {
  try {
    return ASTUtils.findVariable(sourceCode.getScope(id), id);
  } catch {
    return null;
  }
}

/** What `id` is bound to, through the file's scopes; undefined for globals and unknown names. */
export function bindingOf(id: TSESTree.Identifier, sourceCode: Readonly<TSESLint.SourceCode>): Binding | undefined {
  const variable = findVariable(id, sourceCode);
  const def = variable?.defs.find((d) => d.type !== 'Type');
  if (!variable || !def) return undefined;
  switch (def.type) {
    case 'ImportBinding':
      return importOf(def) ?? { kind: 'other' };
    case 'ClassName':
      return def.node.type === 'ClassDeclaration' || def.node.type === 'ClassExpression'
        ? { kind: 'class', node: def.node }
        : { kind: 'other' };
    case 'Parameter': {
      const fn = def.node;
      if (!isFunction(fn)) return { kind: 'other' };
      const index = fn.params.findIndex((p) => parameterName(p) === id.name);
      const param = fn.params[index];
      if (index < 0 || !param) return { kind: 'other' };
      const decorators =
        param.type === 'TSParameterProperty' || param.type === 'Identifier' ? (param.decorators ?? []) : [];
      return { kind: 'parameter', fn, index, type: typeOfPattern(param), decorators };
    }
    case 'Variable': {
      const declarator = def.node;
      if (declarator.type !== 'VariableDeclarator') return { kind: 'other' };
      const required = requiredModule(declarator.init);
      if (required !== undefined) {
        if (declarator.id.type === 'Identifier') return { kind: 'import', module: required, imported: '*' };
        if (declarator.id.type === 'ObjectPattern') {
          for (const p of declarator.id.properties) {
            if (p.type === 'Property' && unwrap(p.value).type === 'Identifier' && (unwrap(p.value) as TSESTree.Identifier).name === id.name) {
              const key = propertyKey(p);
              if (key !== undefined) return { kind: 'import', module: required, imported: key };
            }
          }
        }
        return { kind: 'other' };
      }
      if (declarator.id.type !== 'Identifier') return { kind: 'other' };
      const values: TSESTree.Node[] = [];
      for (const ref of variable.references) {
        if (ref.isWrite() && ref.writeExpr) values.push(ref.writeExpr);
      }
      const declaration = declarator.parent;
      return {
        kind: 'variable',
        values,
        type: typeOfPattern(declarator.id),
        isConst: declaration?.type === 'VariableDeclaration' && declaration.kind === 'const',
        declarator,
      };
    }
    default:
      return { kind: 'other' };
  }
}

/**
 * The value of an expression when it is written in place or is a `const` identifier initialised
 * with a literal (`const PUBLIC = { id: true } as const`): the unwrapped expression or that init.
 */
export function constValue(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): TSESTree.Node {
  const n = unwrap(node);
  if (n.type !== 'Identifier') return n;
  const b = bindingOf(n, sourceCode);
  if (b?.kind !== 'variable' || !b.isConst || b.values.length !== 1 || !b.values[0]) return n;
  return unwrap(b.values[0]);
}

/** The object literal an argument is, or a `const` identifier is initialised with. */
export function constObject(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): TSESTree.ObjectExpression | undefined {
  const v = constValue(node, sourceCode);
  return v.type === 'ObjectExpression' ? v : undefined;
}

/** A type reference's name (`Repository`, `Prisma.TransactionClient`) and type arguments. */
export function typeReference(type: TSESTree.TypeNode | undefined): { name: string; args: readonly TSESTree.TypeNode[] } | undefined {
  if (type?.type !== 'TSTypeReference') return undefined;
  const parts: string[] = [];
  let n: TSESTree.EntityName = type.typeName;
  for (let depth = 0; depth < 8 && n.type === 'TSQualifiedName'; depth++) {
    parts.unshift(n.right.name);
    n = n.left;
  }
  if (n.type !== 'Identifier') return undefined;
  parts.unshift(n.name);
  return { name: parts.join('.'), args: type.typeArguments?.params ?? [] };
}

/** `@Name(...)` among `decorators`: the decorator's call (or undefined when absent / not called). */
export function decoratorCall(
  decorators: readonly TSESTree.Decorator[] | undefined,
  names: ReadonlySet<string>,
): TSESTree.CallExpression | undefined {
  for (const d of decorators ?? []) {
    const e = d.expression;
    if (e.type === 'CallExpression') {
      const callee = e.callee;
      const name =
        callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? memberKey(callee) : undefined;
      if (typeof name === 'string' && names.has(name)) return e;
    }
  }
  return undefined;
}

/** The name of a decorator (called or not): `@Column()` → `Column`. */
export function decoratorName(d: TSESTree.Decorator): string | undefined {
  let e: TSESTree.Node = d.expression;
  if (e.type === 'CallExpression') e = e.callee;
  if (e.type === 'Identifier') return e.name;
  if (e.type === 'MemberExpression') {
    const k = memberKey(e);
    return typeof k === 'string' ? k : undefined;
  }
  return undefined;
}

/** What `this` refers to at `node`: a class (instance or static side) or an object literal. */
export type ThisOwner =
  | { readonly kind: 'class'; readonly node: ClassNode; readonly isStatic: boolean }
  | { readonly kind: 'object'; readonly node: TSESTree.ObjectExpression };

export function thisOwner(node: TSESTree.Node): ThisOwner | undefined {
  for (let n: TSESTree.Node | undefined = node.parent; n; n = n.parent) {
    if (n.type === 'ArrowFunctionExpression') continue;
    if (n.type === 'FunctionDeclaration') return undefined;
    if (n.type === 'FunctionExpression') {
      const p = n.parent;
      if (p?.type === 'MethodDefinition') {
        const cls = p.parent.parent;
        return { kind: 'class', node: cls, isStatic: p.static };
      }
      if (p?.type === 'Property' && p.parent.type === 'ObjectExpression') return { kind: 'object', node: p.parent };
      return undefined;
    }
    if (n.type === 'PropertyDefinition' || n.type === 'StaticBlock') {
      const cls = n.parent.parent;
      if (cls?.type !== 'ClassDeclaration' && cls?.type !== 'ClassExpression') return undefined;
      return { kind: 'class', node: cls, isStatic: n.type === 'StaticBlock' || n.static };
    }
    if (n.type === 'ClassBody' || n.type === 'Program') return undefined;
  }
  return undefined;
}

/** What a class says about one of its members: type, decorators, and the values assigned to it. */
export interface MemberInfo {
  readonly types: readonly TSESTree.TypeNode[];
  readonly decorators: readonly TSESTree.Decorator[];
  /** Property initializers and `this.name = value` assignments in the constructor. */
  readonly values: readonly TSESTree.Node[];
}

/** Collects what `cls` (and its local superclasses) declares about instance member `name`. */
export function classMember(cls: ClassNode, name: string, sourceCode: Readonly<TSESLint.SourceCode>): MemberInfo {
  const types: TSESTree.TypeNode[] = [];
  const decorators: TSESTree.Decorator[] = [];
  const values: TSESTree.Node[] = [];
  let current: ClassNode | undefined = cls;
  for (let depth = 0; current && depth < 4; depth++) {
    for (const member of current.body.body) {
      if (member.type === 'PropertyDefinition' && !member.static && propertyKey(member) === name) {
        if (member.typeAnnotation) types.push(member.typeAnnotation.typeAnnotation);
        decorators.push(...member.decorators);
        if (member.value) values.push(member.value);
      }
      if (member.type === 'MethodDefinition' && member.kind === 'constructor') {
        for (const param of member.value.params) {
          if (param.type === 'TSParameterProperty' && parameterName(param) === name) {
            const t = typeOfPattern(param);
            if (t) types.push(t);
            decorators.push(...(param.decorators ?? []));
          }
        }
        for (const statement of member.value.body?.body ?? []) {
          if (statement.type !== 'ExpressionStatement') continue;
          const e = statement.expression;
          if (
            e.type === 'AssignmentExpression' &&
            e.operator === '=' &&
            e.left.type === 'MemberExpression' &&
            e.left.object.type === 'ThisExpression' &&
            memberKey(e.left) === name
          ) {
            values.push(e.right);
          }
        }
      }
    }
    current = localSuperclass(current, sourceCode);
  }
  return { types, decorators, values };
}

/** The superclass of `cls` when it is a class declared in the same file. */
export function localSuperclass(cls: ClassNode, sourceCode: Readonly<TSESLint.SourceCode>): ClassNode | undefined {
  const sup = cls.superClass ? unwrap(cls.superClass) : undefined;
  if (sup?.type !== 'Identifier') return undefined;
  const b = bindingOf(sup, sourceCode);
  return b?.kind === 'class' && b.node !== cls ? b.node : undefined;
}

/** The function `fn` is passed to: `x.transaction(fn)` → that call and the argument position. */
export function callbackOf(fn: FunctionNode): { call: TSESTree.CallExpression; index: number } | undefined {
  const call = fn.parent;
  if (call?.type !== 'CallExpression') return undefined;
  const index = call.arguments.findIndex((a) => a === fn);
  return index >= 0 ? { call, index } : undefined;
}

/** Whether a name looks like a class (PascalCase). */
export function isPascalCase(name: string): boolean {
  return /^[A-Z]/.test(name);
}

/** A static method-name key from a class member or property. */
export function staticMemberName(
  member: TSESTree.ClassElement,
): string | undefined {
  if (member.type !== 'PropertyDefinition' && member.type !== 'MethodDefinition') return undefined;
  return propertyKey(member);
}

/** Every identifier that reads the variable `id` is bound to (not its declaration or writes). */
export function readReferences(id: TSESTree.Identifier, sourceCode: Readonly<TSESLint.SourceCode>): TSESTree.Identifier[] {
  const variable = findVariable(id, sourceCode);
  const out: TSESTree.Identifier[] = [];
  for (const ref of variable?.references ?? []) {
    if (ref.isRead() && ref.identifier.type === 'Identifier') out.push(ref.identifier);
  }
  return out;
}

/** A class's superclass type arguments: `extends Repository<User>` → `[User]`. */
export function superTypeArguments(cls: ClassNode): readonly TSESTree.TypeNode[] {
  return cls.superTypeArguments?.params ?? [];
}

/** The name of a class's superclass when it is a plain or qualified identifier. */
export function superClassName(cls: ClassNode): string | undefined {
  const sup = cls.superClass ? unwrap(cls.superClass) : undefined;
  if (sup?.type === 'Identifier') return sup.name;
  if (sup?.type === 'MemberExpression') {
    const k = memberKey(sup);
    return typeof k === 'string' ? k : undefined;
  }
  return undefined;
}

/** `() => Photo`, `(type) => Photo`, `'Photo'` → `Photo`. */
export function relationTarget(arg: TSESTree.Node | undefined): string | undefined {
  if (!arg) return undefined;
  const a = unwrap(arg);
  const s = a.type === 'Literal' && typeof a.value === 'string' ? a.value : undefined;
  if (s !== undefined) return s;
  if (a.type !== 'ArrowFunctionExpression' && a.type !== 'FunctionExpression') return undefined;
  let body: TSESTree.Node = a.body;
  if (body.type === 'BlockStatement') {
    const ret = body.body.length === 1 && body.body[0]?.type === 'ReturnStatement' ? body.body[0].argument : undefined;
    if (!ret) return undefined;
    body = ret;
  }
  const b = unwrap(body);
  return b.type === 'Identifier' ? b.name : undefined;
}

/** The entity at the end of a relation path (`posts.comments`) from `entity`, via local entities. */
export function resolveRelation(
  targets: ReadonlyMap<string, ReadonlyMap<string, string>>,
  entity: string | undefined,
  path: string,
): string | undefined {
  let current = entity;
  for (const segment of path.split('.')) {
    current = current === undefined ? undefined : targets.get(current)?.get(segment);
    if (current === undefined) return undefined;
  }
  return current;
}
