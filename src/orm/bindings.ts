/**
 * What an identifier is bound to (imports, `require`, variables, parameters, classes), the values of
 * `const`s, the reads of a variable, and the types written on bindings. Two readings of a binding:
 * - `bindingOf` follows every write of a variable and keeps parameters' decorators (the Prisma,
 *   TypeORM, MikroORM and Objection adapters);
 * - `declaredBinding` takes only names declared once and never reassigned, with imports as the
 *   file's facts record them (the Sequelize, Mongoose, Drizzle, Knex and Kysely adapters).
 */
import { ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { isFunction, parameterName, propertyKey, unwrap, type FunctionNode } from '../flow/ast.js';
import type { FileFacts } from '../flow/file-facts.js';
import type { ClassNode } from './classes.js';
import { stringLiteral, unwrapAwait } from './common.js';
import { requireOf } from './module-paths.js';
import type { EntityRef } from './types.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** The variable `id` resolves to through the file's scopes; undefined for globals and unknown names. */
export function findVariable(id: TSESTree.Identifier, sourceCode: SourceCode): TSESLint.Scope.Variable | undefined {
  try {
    return ASTUtils.findVariable(sourceCode.getScope(id), id) ?? undefined;
  } catch {
    return undefined;
  }
}

/** Every identifier that reads the variable `id` is bound to (not its declaration or writes). */
export function readReferences(id: TSESTree.Identifier, sourceCode: SourceCode): TSESTree.Identifier[] {
  const variable = findVariable(id, sourceCode);
  const out: TSESTree.Identifier[] = [];
  for (const ref of variable?.references ?? []) {
    if (ref.isRead() && ref.identifier.type === 'Identifier') out.push(ref.identifier);
  }
  return out;
}

// --- types written on bindings ---

/** The type annotation of a binding pattern: a name, or a destructuring (`{ a }: T`), a default, a parameter property. */
export function typeOfPattern(node: TSESTree.Node | undefined): TSESTree.TypeNode | undefined {
  if (!node) return undefined;
  if (node.type === 'Identifier' || node.type === 'ObjectPattern' || node.type === 'ArrayPattern') {
    return node.typeAnnotation?.typeAnnotation;
  }
  if (node.type === 'AssignmentPattern') return typeOfPattern(node.left);
  if (node.type === 'TSParameterProperty') return typeOfPattern(node.parameter);
  return undefined;
}

/**
 * The type annotation of a parameter that binds one name (`db: Knex`, `db: Knex = x`, `private db: Knex`).
 * Unlike `typeOfPattern`, a destructured parameter has none: its annotation types the whole object.
 */
export function paramType(param: TSESTree.Node): TSESTree.TypeNode | undefined {
  let p = param;
  if (p.type === 'TSParameterProperty') p = p.parameter;
  if (p.type === 'AssignmentPattern') p = p.left;
  return p.type === 'Identifier' ? p.typeAnnotation?.typeAnnotation : undefined;
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

/** The entity a type names: `User` in `Repository<User>`. */
export function entityOfType(type: TSESTree.TypeNode | undefined): EntityRef | undefined {
  const ref = typeReference(type);
  return ref ? { name: ref.name, kind: 'model' } : undefined;
}

/** The class a type names when it is declared in the file (`repo: UserRepository`). */
export function localClassOfType(type: TSESTree.TypeNode | undefined, sourceCode: SourceCode): ClassNode | undefined {
  if (type?.type !== 'TSTypeReference' || type.typeName.type !== 'Identifier') return undefined;
  const b = bindingOf(type.typeName, sourceCode);
  return b?.kind === 'class' ? b.node : undefined;
}

// --- bindingOf: every write ---

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

/** What `id` is bound to, through the file's scopes; undefined for globals and unknown names. */
export function bindingOf(id: TSESTree.Identifier, sourceCode: SourceCode): Binding | undefined {
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
      // A `require('m')` initializer, possibly awaited; its specifier a plain string literal.
      const required = declarator.init ? requireOf(unwrapAwait(declarator.init), stringLiteral) : undefined;
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
 * Any other identifier comes back as itself.
 */
export function constValue(node: TSESTree.Node, sourceCode: SourceCode): TSESTree.Node {
  const n = unwrap(node);
  if (n.type !== 'Identifier') return n;
  const b = bindingOf(n, sourceCode);
  if (b?.kind !== 'variable' || !b.isConst || b.values.length !== 1 || !b.values[0]) return n;
  return unwrap(b.values[0]);
}

/** The object literal an argument is, or a `const` identifier is initialised with. */
export function constObject(node: TSESTree.Node, sourceCode: SourceCode): TSESTree.ObjectExpression | undefined {
  const v = constValue(node, sourceCode);
  return v.type === 'ObjectExpression' ? v : undefined;
}

/** The function `fn` is passed to: `x.transaction(fn)` → that call and the argument position. */
export function callbackOf(fn: FunctionNode): { call: TSESTree.CallExpression; index: number } | undefined {
  const call = fn.parent;
  if (call?.type !== 'CallExpression') return undefined;
  const index = call.arguments.findIndex((a) => a === fn);
  return index >= 0 ? { call, index } : undefined;
}

// --- declaredBinding: declared once, never reassigned ---

/** What a name declared once, and never assigned again, is bound to. */
export type DeclaredBinding =
  | { readonly kind: 'import'; readonly module: string; readonly imported: string }
  /** `const x = init` */
  | { readonly kind: 'init'; readonly init: TSESTree.Expression; readonly declarator: TSESTree.VariableDeclarator }
  /** `const { key: x } = init` */
  | { readonly kind: 'destructured'; readonly init: TSESTree.Expression; readonly key: string }
  /** `const { a, b, ...x } = init`: `removed` holds `a` and `b`. */
  | { readonly kind: 'rest'; readonly init: TSESTree.Expression; readonly removed: string[] }
  /** `param` is the function's parameter that holds the name (a pattern, a default, …). */
  | { readonly kind: 'param'; readonly fn: TSESTree.Node; readonly param: TSESTree.Node }
  | { readonly kind: 'other'; readonly node: TSESTree.Node };

/** How an adapter reads the declarator of `id` (the libraries differ on `require` and destructuring). */
export type DeclaratorReader = (
  declarator: TSESTree.VariableDeclarator,
  id: TSESTree.Identifier,
  facts: FileFacts,
) => DeclaredBinding | undefined;

/**
 * `const x = require('m')` (possibly awaited) and `const { k: x } = require('m')` → imports;
 * `const x = init` → init; `const { k: x } = init` → destructured; nothing for other declarators.
 */
export function readDeclarator(declarator: TSESTree.VariableDeclarator, id: TSESTree.Identifier): DeclaredBinding | undefined {
  const required = declarator.init ? requireOf(unwrapAwait(declarator.init)) : undefined;
  if (declarator.id.type === 'Identifier') {
    if (required !== undefined) return { kind: 'import', module: required, imported: '*' };
    return declarator.init ? { kind: 'init', init: declarator.init, declarator } : undefined;
  }
  if (declarator.id.type === 'ObjectPattern' && declarator.init) {
    for (const p of declarator.id.properties) {
      if (p.type === 'Property' && p.value.type === 'Identifier' && p.value.name === id.name) {
        const key = propertyKey(p);
        if (key === undefined) return undefined;
        if (required !== undefined) return { kind: 'import', module: required, imported: key };
        return { kind: 'destructured', init: declarator.init, key };
      }
    }
  }
  return undefined;
}

/**
 * The Knex and Kysely reading of a declarator: a name the file's facts import is that import (with
 * `requireOnly`, as Knex reads it, only when initialised with a plain, not awaited, `require()`);
 * `const x = init` is init; a destructuring is `other`.
 */
export function importOrInit(requireOnly: boolean): DeclaratorReader {
  return (declarator, id, facts) => {
    if (!declarator.init) return undefined;
    const imp = facts.imports.get(id.name);
    if (imp && (!requireOnly || requireOf(declarator.init) !== undefined)) return { kind: 'import', module: imp.module, imported: imp.imported };
    if (declarator.id.type === 'Identifier') return { kind: 'init', init: declarator.init, declarator };
    return { kind: 'other', node: declarator };
  };
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

/**
 * What `id` is bound to when it is declared once and never reassigned: an ES import (as `facts`
 * records it), a variable (as `read` reads its declarator), a parameter, or another declaration.
 */
export function declaredBinding(
  sourceCode: SourceCode,
  facts: FileFacts,
  id: TSESTree.Identifier,
  read: DeclaratorReader = readDeclarator,
): DeclaredBinding | undefined {
  const variable = findVariable(id, sourceCode);
  if (!variable) return undefined;
  const def = variable.defs[0];
  if (!def || variable.defs.length !== 1) return undefined;
  const node = def.node as TSESTree.Node;
  if (node.type === 'ImportSpecifier' || node.type === 'ImportDefaultSpecifier' || node.type === 'ImportNamespaceSpecifier') {
    const imp = facts.imports.get(id.name);
    return imp ? { kind: 'import', module: imp.module, imported: imp.imported } : undefined;
  }
  if (node.type === 'VariableDeclarator') return isReassigned(variable) ? undefined : read(node, id, facts);
  if (def.type === 'Parameter') {
    let param: TSESTree.Node = def.name as TSESTree.Node;
    while (param.parent && param.parent !== node) param = param.parent;
    return { kind: 'param', fn: node, param };
  }
  return { kind: 'other', node };
}

/**
 * The initializer of a `const` a declared binding is (`const COLUMNS = ['id']`), unwrapped;
 * undefined for anything else. Unlike `constValue`, an identifier it cannot resolve gives undefined.
 */
export function constInit(b: DeclaredBinding | undefined): TSESTree.Node | undefined {
  if (b?.kind !== 'init' || b.declarator.parent?.type !== 'VariableDeclaration' || b.declarator.parent.kind !== 'const') return undefined;
  return unwrap(b.init);
}

/** `node` unwrapped, or for an identifier the `const` initializer it names (`binding` resolves it); undefined otherwise. */
export function declaredValue(
  node: TSESTree.Node,
  binding: (id: TSESTree.Identifier) => DeclaredBinding | undefined,
): TSESTree.Node | undefined {
  const n = unwrap(node);
  return n.type === 'Identifier' ? constInit(binding(n)) : n;
}
