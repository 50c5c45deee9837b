/**
 * Prisma Client adapter: `prisma.user.findMany({ select, include, omit })` and friends.
 *
 * Receivers (never a method name alone): `new PrismaClient()` (also `$extends(...)` of a client and
 * `x ?? new PrismaClient()`), bindings imported from the generated client, an imported `prisma`/`db`
 * from a module whose path mentions prisma/db, anything typed with a `Prisma…` type (NestJS
 * `PrismaService`, `Prisma.TransactionClient`), a member named `…prisma…` (`this.prisma`,
 * `ctx.prisma`), `this` inside `class X extends PrismaClient`, and the callback parameter of
 * `client.$transaction(async (tx) => …)`.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { memberKey, propertyKey, unwrap } from '../flow/ast.js';
import type { FileFacts } from '../flow/file-facts.js';
import { bindingOf, callbackOf, constObject, constValue, typeReference } from './bindings.js';
import { classMember, thisOwner } from './classes.js';
import { callText, hasSpread, isLiteral, methodOf, objectKey, objectProperty, PROMISE_METHODS, within } from './common.js';
import { insertFirstProperty, insertIntoEmptyCall, removeListElement, trueObject } from './edits.js';
import type {
  AdapterContext,
  AdapterResult,
  NamedField,
  OrmAdapter,
  OrmRead,
  OrmWrite,
  Projection,
  ReadEdits,
  RelationRead,
} from './types.js';

/** Delegate methods whose result holds whole rows. */
const READS: ReadonlySet<string> = new Set([
  'findMany',
  'findFirst',
  'findFirstOrThrow',
  'findUnique',
  'findUniqueOrThrow',
  'create',
  'update',
  'upsert',
  'delete',
  'createManyAndReturn',
  'updateManyAndReturn',
]);

/** Delegate methods that write an object, and the argument keys holding it. */
const WRITES: ReadonlyMap<string, readonly string[]> = new Map([
  ['create', ['data']],
  ['update', ['data']],
  ['upsert', ['create', 'update']],
  ['createMany', ['data']],
  ['updateMany', ['data']],
  ['createManyAndReturn', ['data']],
  ['updateManyAndReturn', ['data']],
]);

/** Module specifiers of a generated Prisma client. */
export function isPrismaClientModule(module: string): boolean {
  return (
    module === '@prisma/client' ||
    module.startsWith('@prisma/client/') ||
    /(^|[/@~])generated\/prisma(\/|$)/.test(module) ||
    /(^|\/)\.?prisma\/client(\/|$)/.test(module)
  );
}

const CLIENT_PATH = /prisma|db|database/i;

/** Libraries whose own `db` objects also have `create`/`update`/`delete` methods. */
const OTHER_DB_LIBRARY = /^(sequelize|mongoose|mongodb|drizzle-orm|knex|kysely|dexie|typeorm|@mikro-orm)(\/|-|$)/;

function typeMentionsPrisma(type: TSESTree.TypeNode | undefined): boolean {
  const ref = typeReference(type);
  return ref !== undefined && ref.name.includes('Prisma');
}

interface Level {
  readonly projection: Projection;
  readonly relations: RelationRead[];
}

/** Reads `{ select | include | omit }` of one level; undefined when something cannot be read statically. */
type Resolve = (node: TSESTree.Node) => TSESTree.Node;

function parseLevel(args: TSESTree.ObjectExpression | undefined, prefix: string, depth: number, resolve: Resolve): Level | undefined {
  if (!args) return { projection: { kind: 'none' }, relations: [] };
  if (depth > 8) return undefined;
  for (const p of args.properties) {
    if (p.type !== 'Property' || propertyKey(p) === undefined) return undefined;
  }
  const relations: RelationRead[] = [];
  const relation = (p: TSESTree.Property, key: string, value: TSESTree.ObjectExpression | undefined): boolean => {
    const nested = parseLevel(value, `${prefix}${key}.`, depth + 1, resolve);
    if (!nested) return false;
    relations.push({ name: `${prefix}${key}`, entity: undefined, projection: nested.projection, node: p });
    relations.push(...nested.relations);
    return true;
  };
  const select = objectProperty(args, 'select');
  if (select) {
    const value = resolve(select.value);
    if (value.type !== 'ObjectExpression') return undefined;
    const fields: NamedField[] = [];
    for (const p of value.properties) {
      const key = p.type === 'Property' ? propertyKey(p) : undefined;
      if (p.type !== 'Property' || key === undefined) return undefined;
      if (key === '_count') continue;
      const v = resolve(p.value);
      if (isLiteral(v, true)) fields.push({ name: key, node: p });
      else if (isLiteral(v, false)) continue;
      else if (v.type === 'ObjectExpression') {
        if (!relation(p, key, v)) return undefined;
      } else return undefined;
    }
    return { projection: { kind: 'fields', fields }, relations };
  }
  const include = objectProperty(args, 'include');
  if (include) {
    const value = resolve(include.value);
    if (value.type !== 'ObjectExpression') return undefined;
    for (const p of value.properties) {
      const key = p.type === 'Property' ? propertyKey(p) : undefined;
      if (p.type !== 'Property' || key === undefined) return undefined;
      if (key === '_count') continue;
      const v = resolve(p.value);
      if (isLiteral(v, true)) {
        if (!relation(p, key, undefined)) return undefined;
      } else if (isLiteral(v, false)) continue;
      else if (v.type === 'ObjectExpression') {
        if (!relation(p, key, v)) return undefined;
      } else return undefined;
    }
  }
  const omit = objectProperty(args, 'omit');
  if (!omit) return { projection: { kind: 'none' }, relations };
  const value = resolve(omit.value);
  if (value.type !== 'ObjectExpression') return undefined;
  const excluded: string[] = [];
  const added: NamedField[] = [];
  for (const p of value.properties) {
    const key = p.type === 'Property' ? propertyKey(p) : undefined;
    if (p.type !== 'Property' || key === undefined) return undefined;
    if (isLiteral(p.value, true)) excluded.push(key);
    else if (isLiteral(p.value, false)) added.push({ name: key, node: p });
    else return undefined;
  }
  const projection: Projection =
    excluded.length > 0
      ? added.length > 0
        ? { kind: 'exclusion', excluded, added }
        : { kind: 'exclusion', excluded }
      : added.length > 0
        ? { kind: 'none', added }
        : { kind: 'none' };
  return { projection, relations };
}

function makeEdits(
  call: TSESTree.CallExpression,
  args: TSESTree.ObjectExpression | undefined,
  sourceCode: Readonly<TSESLint.SourceCode>,
): ReadEdits {
  const inline = call.arguments.length === 0 || (args !== undefined && unwrap(call.arguments[0] as TSESTree.Node) === args);
  const intoEmptyCall = (text: string, fixer: TSESLint.RuleFixer): TSESLint.RuleFix | null =>
    insertIntoEmptyCall(call, `{ ${text} }`, sourceCode, fixer);
  return {
    project(fields, fixer) {
      if (fields.length === 0 || !inline) return null;
      const text = `select: ${trueObject(fields)}`;
      if (!args) return intoEmptyCall(text, fixer);
      if (objectProperty(args, 'select') || objectProperty(args, 'include')) return null;
      const omit = objectProperty(args, 'omit');
      return omit ? fixer.replaceText(omit, text) : insertFirstProperty(args, text, fixer);
    },
    exclude(fields, fixer) {
      if (fields.length === 0 || !inline) return null;
      if (!args) return intoEmptyCall(`omit: ${trueObject(fields)}`, fixer);
      if (objectProperty(args, 'select')) return null;
      const omit = objectProperty(args, 'omit');
      if (!omit) return insertFirstProperty(args, `omit: ${trueObject(fields)}`, fixer);
      const value = unwrap(omit.value);
      if (value.type !== 'ObjectExpression') return null;
      const fixes: TSESLint.RuleFix[] = [];
      const missing: string[] = [];
      for (const f of fields) {
        const existing = objectProperty(value, f);
        if (!existing) missing.push(f);
        else if (isLiteral(existing.value, false)) fixes.push(fixer.replaceText(existing.value, 'true'));
        else if (!isLiteral(existing.value, true)) return null;
      }
      if (missing.length > 0) {
        const text = missing.map((f) => `${objectKey(f)}: true`).join(', ');
        const last = value.properties[value.properties.length - 1];
        fixes.push(last ? fixer.insertTextAfter(last, `, ${text}`) : fixer.replaceText(value, `{ ${text} }`));
      }
      return fixes.length > 0 ? fixes : null;
    },
    removeField(field, fixer) {
      const node = field.node;
      if (node.type !== 'Property' || !within(node, call) || node.parent.type !== 'ObjectExpression') return null;
      const owner = node.parent.parent;
      if (owner?.type !== 'Property') return null;
      const ownerKey = propertyKey(owner);
      if (ownerKey === 'omit') return isLiteral(node.value, false) ? fixer.replaceText(node.value, 'true') : null;
      if (ownerKey === 'include') return removeListElement(node, sourceCode, fixer);
      if (ownerKey !== 'select') return null;
      const kept = node.parent.properties.filter(
        (p) => p !== node && p.type === 'Property' && propertyKey(p) !== '_count' && !isLiteral(p.value, false),
      );
      return kept.length > 0 ? removeListElement(node, sourceCode, fixer) : null;
    },
  };
}

class PrismaFile {
  private readonly memo = new Map<TSESTree.Node, boolean>();
  private readonly sourceCode: Readonly<TSESLint.SourceCode>;

  /** Whether an imported `db` may be a Prisma client (no other database library imported). */
  private readonly weakImports: boolean;

  constructor(context: AdapterContext) {
    this.sourceCode = context.sourceCode;
    this.weakImports = ![...context.facts.modules].some((m) => OTHER_DB_LIBRARY.test(m));
  }

  /** Whether `node` evaluates to a Prisma client (or transaction client). */
  isClient(node: TSESTree.Node, depth = 0): boolean {
    const n = unwrap(node);
    const known = this.memo.get(n);
    if (known !== undefined) return known;
    if (depth > 8) return false;
    this.memo.set(n, false); // cycles
    const result = this.computeIsClient(n, depth);
    this.memo.set(n, result);
    return result;
  }

  private computeIsClient(n: TSESTree.Node, depth: number): boolean {
    switch (n.type) {
      case 'NewExpression': {
        const callee = unwrap(n.callee);
        const name =
          callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? memberKey(callee) : undefined;
        return typeof name === 'string' && name.includes('PrismaClient');
      }
      case 'CallExpression': {
        const m = methodOf(n);
        const callee = unwrap(n.callee);
        return m?.name === '$extends' && callee.type === 'MemberExpression' && this.isClient(callee.object, depth + 1);
      }
      case 'AwaitExpression':
        return this.isClient(n.argument, depth + 1);
      case 'LogicalExpression':
        return this.isClient(n.left, depth + 1) || this.isClient(n.right, depth + 1);
      case 'ConditionalExpression':
        return this.isClient(n.consequent, depth + 1) || this.isClient(n.alternate, depth + 1);
      case 'ThisExpression': {
        const owner = thisOwner(n);
        const sup = owner?.kind === 'class' && owner.node.superClass ? unwrap(owner.node.superClass) : undefined;
        return sup?.type === 'Identifier' && sup.name.includes('PrismaClient');
      }
      case 'MemberExpression': {
        const key = memberKey(n);
        if (typeof key !== 'string') return false;
        if (/prisma/i.test(key)) return true;
        if (n.object.type !== 'ThisExpression') return false;
        const owner = thisOwner(n.object);
        if (owner?.kind === 'object') {
          const prop = objectProperty(owner.node, key);
          return prop !== undefined && this.isClient(prop.value, depth + 1);
        }
        if (owner?.kind !== 'class') return false;
        const info = classMember(owner.node, key, this.sourceCode);
        return info.types.some(typeMentionsPrisma) || info.values.some((v) => this.isClient(v, depth + 1));
      }
      case 'Identifier':
        return this.isClientIdentifier(n, depth);
      default:
        return false;
    }
  }

  private isClientIdentifier(id: TSESTree.Identifier, depth: number): boolean {
    const b = bindingOf(id, this.sourceCode);
    if (!b) return false;
    switch (b.kind) {
      case 'import': {
        if (isPrismaClientModule(b.module)) return /^[a-z_]/.test(id.name) && /^[a-z_*]|^default$/.test(b.imported);
        if (/prisma/i.test(id.name) || /prisma/i.test(b.imported)) return CLIENT_PATH.test(b.module);
        return this.weakImports && (id.name === 'db' || b.imported === 'db') && CLIENT_PATH.test(b.module);
      }
      case 'variable':
        return typeMentionsPrisma(b.type) || b.values.some((v) => this.isClient(v, depth + 1));
      case 'parameter': {
        if (typeMentionsPrisma(b.type)) return true;
        if (b.index !== 0) return false;
        const cb = callbackOf(b.fn);
        if (!cb || cb.index !== 0 || methodOf(cb.call)?.name !== '$transaction') return false;
        const callee = unwrap(cb.call.callee);
        return callee.type === 'MemberExpression' && this.isClient(callee.object, depth + 1);
      }
      default:
        return false;
    }
  }
}

/** `new PrismaClient({ omit: { user: { password: true } } })` → `user` → `['password']`. */
function globalOmits(context: AdapterContext): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const n of context.nodes.news) {
    const callee = unwrap(n.callee);
    const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? memberKey(callee) : undefined;
    if (typeof name !== 'string' || !name.includes('PrismaClient')) continue;
    const arg = n.arguments[0] ? unwrap(n.arguments[0]) : undefined;
    if (arg?.type !== 'ObjectExpression') continue;
    const omit = objectProperty(arg, 'omit');
    const models = omit ? unwrap(omit.value) : undefined;
    if (models?.type !== 'ObjectExpression') continue;
    for (const m of models.properties) {
      const model = m.type === 'Property' ? propertyKey(m) : undefined;
      if (m.type !== 'Property' || model === undefined) continue;
      const fields = unwrap(m.value);
      if (fields.type !== 'ObjectExpression') continue;
      const list = out.get(model.toLowerCase()) ?? [];
      for (const f of fields.properties) {
        const key = f.type === 'Property' ? propertyKey(f) : undefined;
        if (f.type === 'Property' && key !== undefined && isLiteral(f.value, true) && !list.includes(key)) list.push(key);
      }
      out.set(model.toLowerCase(), list);
    }
  }
  return out;
}

/** Reads that Prisma's fluent API can follow with a relation call. */
const FLUENT_READS: ReadonlySet<string> = new Set(['findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow']);

interface FluentRelation {
  /** `….posts(…)` */
  readonly call: TSESTree.CallExpression;
  /** `posts`, or undefined when the relation key is computed. */
  readonly name: string | undefined;
  /** The relation's key in the member expression. */
  readonly key: TSESTree.Node;
}

/** The fluent relation call that follows a read (`findUnique(...).posts()`), if one does. */
function fluentRelationOf(call: TSESTree.CallExpression): FluentRelation | undefined {
  const member = call.parent;
  if (member?.type !== 'MemberExpression' || member.object !== call) return undefined;
  const key = memberKey(member);
  if (member.parent.type !== 'CallExpression' || member.parent.callee !== member) return undefined;
  if (typeof key === 'string' && PROMISE_METHODS.has(key)) return undefined;
  return { call: member.parent, name: typeof key === 'string' ? key : undefined, key: member.property };
}

/**
 * `prisma.user.findUnique({ where }).posts(args)`: the value is the related rows, read as a
 * relation of the parent model (whose own fields do not come back), with the fluent call's own
 * `select`/`include`/`omit`. Undefined when the form is not one the analysis reads.
 */
function fluentRead(
  context: AdapterContext,
  parentCall: TSESTree.CallExpression,
  fluent: FluentRelation,
  entity: { name: string; kind: 'model' },
): OrmRead | undefined {
  const { name } = fluent;
  if (name === undefined || !/^[a-z_]/i.test(name) || fluent.call.arguments.length > 1 || hasSpread(fluent.call)) return undefined;
  // A second fluent step (`.posts().author()`) is not followed.
  if (fluentRelationOf(fluent.call)) return undefined;
  const first = fluent.call.arguments[0];
  const args = first ? constObject(first, context.sourceCode) : undefined;
  if (first && !args) return undefined;
  const level = parseLevel(args, `${name}.`, 1, (n) => constValue(n, context.sourceCode));
  if (!level) return undefined;
  return {
    library: 'prisma',
    node: fluent.call,
    reportNode: fluent.key,
    callText: `${callText(parentCall, context.sourceCode)}.${name}()`,
    entity,
    projection: { kind: 'fields', fields: [] },
    relations: [{ name, entity: undefined, projection: level.projection, node: fluent.key }, ...level.relations],
    edits: makeEdits(fluent.call, args, context.sourceCode),
  };
}

function analyse(context: AdapterContext): AdapterResult {
  const reads: OrmRead[] = [];
  const writes: OrmWrite[] = [];
  const file = new PrismaFile(context);
  let omits: Map<string, string[]> | undefined;
  for (const call of context.nodes.calls) {
    const method = methodOf(call);
    if (!method || (!READS.has(method.name) && !WRITES.has(method.name))) continue;
    const callee = unwrap(call.callee);
    if (callee.type !== 'MemberExpression') continue;
    const delegateNode = unwrap(callee.object);
    if (delegateNode.type !== 'MemberExpression') continue;
    const delegate = memberKey(delegateNode);
    // Prisma delegates are the camelCased model names: `user`, `blogPost`.
    if (typeof delegate !== 'string' || !/^[a-z]/.test(delegate)) continue;
    if (hasSpread(call) || call.arguments.length > 1) continue;
    if (!file.isClient(delegateNode.object)) continue;
    const first = call.arguments[0];
    const args = first ? constObject(first, context.sourceCode) : undefined;
    if (first && !args) continue;
    if (args && args.properties.some((p) => p.type !== 'Property' || propertyKey(p) === undefined)) continue;
    const entity = { name: delegate, kind: 'model' } as const;
    const text = callText(call, context.sourceCode);
    const fluent = READS.has(method.name) ? fluentRelationOf(call) : undefined;
    if (fluent) {
      const read = FLUENT_READS.has(method.name) ? fluentRead(context, call, fluent, entity) : undefined;
      if (read) reads.push(read);
    } else if (READS.has(method.name)) {
      const level = parseLevel(args, '', 0, (n) => constValue(n, context.sourceCode));
      if (level) {
        omits ??= globalOmits(context);
        const hidden = omits.get(delegate.toLowerCase());
        reads.push({
          library: 'prisma',
          node: call,
          reportNode: method.node,
          callText: text,
          entity,
          projection: level.projection,
          relations: level.relations,
          ...(hidden && hidden.length > 0 ? { hidden } : {}),
          edits: makeEdits(call, args, context.sourceCode),
        });
      }
    }
    for (const key of WRITES.get(method.name) ?? []) {
      const prop = args ? objectProperty(args, key) : undefined;
      if (!prop) continue;
      const value = unwrap(prop.value);
      // `createMany({ data: [a, b] })`: each element is one row written as-is.
      if (value.type === 'ArrayExpression') {
        for (const el of value.elements) {
          if (el && el.type !== 'SpreadElement') writes.push({ library: 'prisma', call, callText: text, value: el, entity });
        }
      } else writes.push({ library: 'prisma', call, callText: text, value: prop.value, entity });
    }
  }
  return { reads, writes, models: [] };
}

/** tRPC routers reach the client through their context (`ctx.prisma`) without importing it. */
const TRPC_PATH = /(^|[/@~])trpc(\/|$)|^@trpc\//;

function applies(facts: FileFacts): boolean {
  for (const m of facts.modules) if (CLIENT_PATH.test(m) || TRPC_PATH.test(m)) return true;
  for (const name of facts.imports.keys()) if (/prisma/i.test(name)) return true;
  return false;
}

export const prismaAdapter: OrmAdapter = {
  library: 'prisma',
  applies,
  entryCalls: new Set([...READS, ...WRITES.keys()]),
  analyse,
};

export default prismaAdapter;
