/**
 * Classes and what they declare: decorators, what `this` is, the members behind `this.x`, local
 * superclasses, and the targets of entity relations (`@ManyToOne(() => Org)`).
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { memberKey, parameterName, propertyKey, unwrap } from '../flow/ast.js';
import { bindingOf, typeOfPattern } from './bindings.js';
import { stringLiteral } from './common.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

export type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

// --- decorators ---

/** The name of a decorator (called or not): `@Column()` → `Column`, `@orm.Column()` → `Column`. */
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

/** `@Name(...)` or `@ns.Name(...)` among `decorators`: the decorator's call (undefined when absent / not called). */
export function decoratorCall(
  decorators: readonly TSESTree.Decorator[] | undefined,
  names: ReadonlySet<string>,
): TSESTree.CallExpression | undefined {
  for (const d of decorators ?? []) {
    if (d.expression.type !== 'CallExpression') continue;
    const name = decoratorName(d);
    if (name !== undefined && names.has(name)) return d.expression;
  }
  return undefined;
}

/** The name of a decorator applied by its bare identifier (`@Name` or `@Name(...)`; not `@ns.Name`). */
function bareDecoratorName(d: TSESTree.Decorator): string | undefined {
  const e = d.expression;
  const callee = e.type === 'CallExpression' ? e.callee : e;
  return callee.type === 'Identifier' ? callee.name : undefined;
}

/**
 * `@name(...)` called by its bare identifier. Unlike `decoratorCall`, `@ns.name(...)` does not count:
 * the Sequelize and Mongoose adapters match the names their libraries export.
 */
export function bareDecoratorCall(decorators: readonly TSESTree.Decorator[] | undefined, name: string): TSESTree.CallExpression | undefined {
  for (const d of decorators ?? []) {
    if (d.expression.type === 'CallExpression' && bareDecoratorName(d) === name) return d.expression;
  }
  return undefined;
}

/** Whether one of `decorators` is `@Name` or `@Name(...)` by its bare identifier, for a name in `names`. */
export function hasBareDecorator(decorators: readonly TSESTree.Decorator[] | undefined, names: ReadonlySet<string>): boolean {
  return (decorators ?? []).some((d) => {
    const name = bareDecoratorName(d);
    return name !== undefined && names.has(name);
  });
}

// --- `this` and class members ---

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
export function classMember(cls: ClassNode, name: string, sourceCode: SourceCode): MemberInfo {
  const types: TSESTree.TypeNode[] = [];
  const decorators: TSESTree.Decorator[] = [];
  const values: TSESTree.Node[] = [];
  for (const current of classChain(cls, sourceCode, 4)) {
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
  }
  return { types, decorators, values };
}

/** A member declared in a class body: its decorators and type annotation. */
export interface DeclaredMember {
  readonly decorators: readonly TSESTree.Decorator[];
  readonly type: TSESTree.TypeNode | undefined;
}

/**
 * The member of the class body around `node` named like `node`'s key: a property, or a constructor
 * parameter property. The object is not checked, and a key that is not static (`this[k]`, `this.#x`)
 * matches the first member whose key is not static either (the Kysely, Knex and Drizzle reading).
 */
export function classBodyMember(node: TSESTree.MemberExpression, name = memberKey(node)): DeclaredMember | undefined {
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

/**
 * The class member `this.<name>` refers to, for a static name only: unlike `classMember`, only the
 * enclosing class body is read (no superclasses, no constructor assignments).
 */
export function thisMember(node: TSESTree.MemberExpression): DeclaredMember | undefined {
  if (unwrap(node.object).type !== 'ThisExpression') return undefined;
  const name = memberKey(node);
  return typeof name === 'string' ? classBodyMember(node, name) : undefined;
}

// --- superclasses ---

/** The superclass of `cls` when it is a class declared in the same file. */
export function localSuperclass(cls: ClassNode, sourceCode: SourceCode): ClassNode | undefined {
  const sup = cls.superClass ? unwrap(cls.superClass) : undefined;
  if (sup?.type !== 'Identifier') return undefined;
  const b = bindingOf(sup, sourceCode);
  return b?.kind === 'class' && b.node !== cls ? b.node : undefined;
}

/** `cls`, then its superclasses declared in the same file, nearest first: at most `limit` classes. */
export function* classChain(cls: ClassNode, sourceCode: SourceCode, limit: number): Generator<ClassNode> {
  let current: ClassNode | undefined = cls;
  for (let depth = 0; current && depth < limit; depth++) {
    yield current;
    current = localSuperclass(current, sourceCode);
  }
}

/** The first of `cls` and its local superclasses (4 at most) whose superclass is named so that `test` holds. */
export function classExtending(cls: ClassNode, sourceCode: SourceCode, test: (superName: string) => boolean): ClassNode | undefined {
  for (const c of classChain(cls, sourceCode, 4)) {
    const sup = superClassName(c);
    if (sup && test(sup)) return c;
  }
  return undefined;
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

// --- entity relations ---

/** `() => Photo`, `(type) => Photo`, `'Photo'` → `Photo`. */
export function relationTarget(arg: TSESTree.Node | undefined): string | undefined {
  if (!arg) return undefined;
  const a = unwrap(arg);
  const s = stringLiteral(a);
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
