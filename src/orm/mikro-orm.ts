/**
 * MikroORM adapter: `em.find(User, where, { fields, exclude, populate })` and the repository forms,
 * QueryBuilder chains (`em.createQueryBuilder(User, 'u')….getResultList()`),
 * wholesale writes (`em.create(User, body)`, `em.assign(e, body)`, `wrap(e).assign(body)`), and
 * `@Entity` classes of the file (`@Property({ hidden: true })`).
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { propertyKey, unwrap } from '../flow/ast.js';
import type { FileFacts } from '../flow/file-facts.js';
import { DATA, tupleWith, type ValueShape } from '../flow/value-shape.js';
import { bindingOf, constObject, constValue } from './bindings.js';
import { resolveRelation } from './classes.js';
import { callText, hasSpread, methodOf, objectProperty, staticString, stringElements, unwrapAwait, within } from './common.js';
import { appendArgument, insertFirstProperty, quoteOrJson, removeListElement, stringArray } from './edits.js';
import { mikroEntities, type MikroModels } from './mikro-orm/entities.js';
import { qbRead, QB_TERMINALS } from './mikro-orm/query-builder.js';
import { isMikroModule, mikroEntityOf, MikroReceivers } from './mikro-orm/receivers.js';
import type {
  AdapterContext,
  AdapterResult,
  EntityRef,
  NamedField,
  OrmAdapter,
  OrmRead,
  OrmWrite,
  Projection,
  ReadEdits,
  RelationRead,
} from './types.js';

interface ReadMethod {
  /** Whether the method takes a `where` before its options (`findAll` does not). */
  readonly where: boolean;
  readonly shape?: ValueShape;
}

const READ_METHODS: ReadonlyMap<string, ReadMethod> = new Map<string, ReadMethod>([
  ['find', { where: true }],
  ['findOne', { where: true }],
  ['findOneOrFail', { where: true }],
  ['findAll', { where: false }],
  ['findAndCount', { where: true, shape: tupleWith(0, DATA) }],
]);

/** Writes: the position of the value after the entity target (EntityManager) or from 0 (repository). */
const WRITE_METHODS: ReadonlyMap<string, number> = new Map([
  ['create', 0],
  ['assign', 1],
  ['upsert', 0],
  ['upsertMany', 0],
  ['insert', 0],
  ['insertMany', 0],
  ['nativeInsert', 0],
  ['nativeUpdate', 1],
]);

type Resolve = (node: TSESTree.Node) => TSESTree.Node;

interface Parsed {
  readonly projection: Projection;
  readonly relations: RelationRead[];
}

/** Reads `{ fields, exclude, populate }`; undefined when any of them is not static. */
function parseOptions(options: TSESTree.ObjectExpression | undefined, resolve: Resolve): Parsed | undefined {
  if (!options) return { projection: { kind: 'none' }, relations: [] };
  if (options.properties.some((p) => p.type !== 'Property' || propertyKey(p) === undefined)) return undefined;
  /** Relation path → where it was asked for, in order. */
  const relations = new Map<string, TSESTree.Node>();
  const relFields = new Map<string, NamedField[]>();
  const relExcluded = new Map<string, string[]>();
  const addRelation = (path: string, node: TSESTree.Node): void => {
    const parts = path.split('.');
    for (let i = 1; i <= parts.length; i++) {
      const p = parts.slice(0, i).join('.');
      if (!relations.has(p)) relations.set(p, node);
    }
  };
  let mainFields: NamedField[] | undefined;
  let wildcard = false;
  const fieldsProp = objectProperty(options, 'fields');
  if (fieldsProp) {
    const v = resolve(fieldsProp.value);
    if (v.type !== 'ArrayExpression') return undefined;
    mainFields = [];
    for (const el of v.elements) {
      if (!el || el.type === 'SpreadElement') return undefined;
      const e = unwrap(el);
      const s = staticString(e);
      if (s !== undefined) {
        const dot = s.lastIndexOf('.');
        if (dot < 0) {
          if (s === '*') wildcard = true;
          else mainFields.push({ name: s, node: el });
          continue;
        }
        const path = s.slice(0, dot);
        const field = s.slice(dot + 1);
        addRelation(path, el);
        if (field !== '*') relFields.set(path, [...(relFields.get(path) ?? []), { name: field, node: el }]);
        continue;
      }
      // MikroORM 4/5: `fields: ['title', { author: ['name'] }]`
      if (e.type !== 'ObjectExpression') return undefined;
      for (const p of e.properties) {
        const key = p.type === 'Property' ? propertyKey(p) : undefined;
        const list = p.type === 'Property' ? stringElements(p.value) : undefined;
        if (key === undefined || !list || p.type !== 'Property') return undefined;
        addRelation(key, p);
        relFields.set(key, [...(relFields.get(key) ?? []), ...list.map((x) => ({ name: x.text, node: x.node }))]);
      }
    }
  }
  const excluded: string[] = [];
  const excludeProp = objectProperty(options, 'exclude');
  if (excludeProp) {
    const list = stringElements(excludeProp.value, resolve);
    if (!list) return undefined;
    for (const { text } of list) {
      const dot = text.lastIndexOf('.');
      if (dot < 0) excluded.push(text);
      else relExcluded.set(text.slice(0, dot), [...(relExcluded.get(text.slice(0, dot)) ?? []), text.slice(dot + 1)]);
    }
  }
  const populate = objectProperty(options, 'populate');
  if (populate) {
    const v = resolve(populate.value);
    if (!(v.type === 'Literal' && typeof v.value === 'boolean')) {
      const list = stringElements(v);
      if (!list) return undefined;
      for (const { text, node } of list) {
        if (text === '*' || text === '$infer' || text.endsWith(':ref')) continue;
        addRelation(text.replace(/:ref$/, ''), node);
      }
    }
  }
  const projection: Projection = mainFields
    ? wildcard
      ? { kind: 'wildcard' }
      : { kind: 'fields', fields: mainFields }
    : excluded.length > 0
      ? { kind: 'exclusion', excluded }
      : { kind: 'none' };
  const out: RelationRead[] = [];
  for (const [name, node] of relations) {
    const fields = relFields.get(name);
    const ex = relExcluded.get(name);
    const p: Projection = fields ? { kind: 'fields', fields } : ex ? { kind: 'exclusion', excluded: ex } : { kind: 'none' };
    out.push({ name, entity: undefined, projection: p, node });
  }
  return { projection, relations: out };
}

function makeEdits(
  call: TSESTree.CallExpression,
  optionsIndex: number,
  options: TSESTree.ObjectExpression | undefined,
  sourceCode: Readonly<TSESLint.SourceCode>,
): ReadEdits {
  const args = call.arguments;
  const inline = options !== undefined && args[optionsIndex] !== undefined && unwrap(args[optionsIndex]) === options;
  /** Adds an options object holding `text` where there is none. */
  const addOptions = (text: string, fixer: TSESLint.RuleFixer): TSESLint.RuleFix | null =>
    appendArgument(call, optionsIndex, `{ ${text} }`, sourceCode, fixer);
  const list = (fields: readonly string[]): string => stringArray(fields, quoteOrJson);
  return {
    project(fields, fixer) {
      if (fields.length === 0) return null;
      const text = `fields: ${list(fields)}`;
      if (args.length < optionsIndex) return null;
      if (args.length === optionsIndex) return addOptions(text, fixer);
      if (!inline || !options || objectProperty(options, 'fields')) return null;
      const exclude = objectProperty(options, 'exclude');
      return exclude ? fixer.replaceText(exclude, text) : insertFirstProperty(options, text, fixer);
    },
    exclude(fields, fixer) {
      if (fields.length === 0) return null;
      const text = `exclude: ${list(fields)}`;
      if (args.length < optionsIndex) return null;
      if (args.length === optionsIndex) return addOptions(text, fixer);
      if (!inline || !options || objectProperty(options, 'fields')) return null;
      const exclude = objectProperty(options, 'exclude');
      if (!exclude) return insertFirstProperty(options, text, fixer);
      const v = unwrap(exclude.value);
      const present = stringElements(v);
      if (v.type !== 'ArrayExpression' || !present) return null;
      const missing = fields.filter((f) => !present.some((p) => p.text === f));
      if (missing.length === 0) return null;
      const last = v.elements[v.elements.length - 1];
      const add = missing.map(quoteOrJson).join(', ');
      return last ? fixer.insertTextAfter(last, `, ${add}`) : fixer.replaceText(v, `[${add}]`);
    },
    removeField(field, fixer) {
      const node = field.node;
      const parent = node.parent;
      if (!within(node, call) || parent?.type !== 'ArrayExpression') return null;
      const owner = parent.parent;
      const ownerKey = owner?.type === 'Property' ? propertyKey(owner) : undefined;
      const inFields = ownerKey === 'fields' || (owner?.type === 'Property' && owner.parent.parent?.type === 'ArrayExpression');
      if (!inFields) return null;
      return parent.elements.length > 1 ? removeListElement(node, sourceCode, fixer) : null;
    },
  };
}

class MikroFile {
  readonly reads: OrmRead[] = [];
  readonly writes: OrmWrite[] = [];
  readonly receivers: MikroReceivers;
  private readonly hidden = new Map<string, readonly string[]>();
  private readonly dropped = new Map<string, readonly string[]>();

  constructor(
    private readonly context: AdapterContext,
  ) {
    this.receivers = new MikroReceivers(context.sourceCode, context.facts);
  }

  private modelFields: ReadonlyMap<string, readonly string[]> = new Map();
  private targets: ReadonlyMap<string, ReadonlyMap<string, string>> = new Map();

  setModels(local: MikroModels): void {
    for (const m of local.models) {
      for (const n of m.names) {
        if (m.hidden.length > 0) this.hidden.set(n, m.hidden);
        if (m.dropped && m.dropped.length > 0) this.dropped.set(n, m.dropped);
      }
    }
    this.modelFields = local.scalars;
    this.targets = local.targets;
  }

  /**
   * `populate: ['bio']` on a lazy scalar property of a local entity loads that property: it is an
   * added field, not a relation.
   */
  private withLazyPopulates(entity: EntityRef | undefined, parsed: Parsed): Parsed {
    const scalars = entity ? this.modelFields.get(entity.name) : undefined;
    if (!scalars) return parsed;
    const added: NamedField[] = [];
    const relations = parsed.relations.filter((r) => {
      if (r.name.includes('.') || !scalars.includes(r.name)) return true;
      added.push({ name: r.name, node: r.node });
      return false;
    });
    if (added.length === 0) return parsed;
    const p = parsed.projection;
    const projection: Projection =
      p.kind === 'fields' ? { kind: 'fields', fields: [...p.fields, ...added] } : { ...p, added: [...(p.added ?? []), ...added] };
    return { projection, relations };
  }

  read(call: TSESTree.CallExpression, node: TSESTree.Node, method: ReadMethod): void {
    const callee = unwrap(call.callee);
    if (callee.type !== 'MemberExpression') return;
    const receiver = this.receivers.classify(callee.object);
    if (!receiver || receiver.kind === 'orm') return;
    const args = call.arguments;
    if (hasSpread(call)) return;
    let entity: EntityRef | undefined;
    let start = 0;
    if (receiver.kind === 'em') {
      entity = mikroEntityOf(args[0]);
      if (!entity) return;
      start = 1;
    } else entity = receiver.entity;
    const optionsIndex = start + (method.where ? 1 : 0);
    const arg = args[optionsIndex];
    const options = arg ? constObject(arg, this.context.sourceCode) : undefined;
    if (arg && !options) return;
    const raw = parseOptions(options, (n) => constValue(n, this.context.sourceCode));
    if (!raw) return;
    const lazy = this.withLazyPopulates(entity, raw);
    const parsed: Parsed = {
      projection: lazy.projection,
      relations: lazy.relations.map((r) => {
        const target = resolveRelation(this.targets, entity?.name, r.name);
        return target ? { ...r, entity: { name: target, kind: 'model' as const } } : r;
      }),
    };
    const hidden = entity ? this.hidden.get(entity.name) : undefined;
    const dropped = entity ? this.dropped.get(entity.name) : undefined;
    this.reads.push({
      library: 'mikro-orm',
      node: call,
      reportNode: node,
      callText: callText(call, this.context.sourceCode),
      entity,
      projection: parsed.projection,
      relations: parsed.relations,
      ...(method.shape ? { shape: method.shape } : {}),
      ...(hidden ? { hidden } : {}),
      ...(dropped ? { dropped } : {}),
      edits: makeEdits(call, optionsIndex, options, this.context.sourceCode),
    });
  }

  /** `em.createQueryBuilder(User, 'u')….getResultList()` and the repository forms. */
  queryBuilder(call: TSESTree.CallExpression, node: TSESTree.Node): void {
    let entity: EntityRef | undefined;
    const read = qbRead(
      call,
      (root) => {
        const m = methodOf(root);
        if (!m || (m.name !== 'createQueryBuilder' && m.name !== 'qb') || hasSpread(root)) return undefined;
        const receiver = this.receivers.classify((unwrap(root.callee) as TSESTree.MemberExpression).object);
        if (receiver?.kind === 'em') {
          entity = mikroEntityOf(root.arguments[0]);
          return entity ? { aliasIndex: 1 } : undefined;
        }
        if (receiver?.kind === 'repository') {
          entity = receiver.entity;
          return { aliasIndex: 0 };
        }
        return undefined;
      },
      this.context.sourceCode,
    );
    if (!read) return;
    const hidden = entity ? this.hidden.get(entity.name) : undefined;
    // `execute()` gives raw rows: nothing is serialised away from them.
    const dropped = entity && !read.raw ? this.dropped.get(entity.name) : undefined;
    this.reads.push({
      library: 'mikro-orm',
      node: call,
      reportNode: node,
      callText: callText(read.root, this.context.sourceCode),
      entity,
      projection: read.projection,
      relations: read.relations.map((r) => {
        const target = resolveRelation(this.targets, entity?.name, r.name);
        return target ? { ...r, entity: { name: target, kind: 'model' as const } } : r;
      }),
      ...(read.shape ? { shape: read.shape } : {}),
      ...(hidden ? { hidden } : {}),
      ...(dropped ? { dropped } : {}),
      ...(read.raw ? { unserialised: true } : {}),
      edits: read.edits,
    });
  }

  write(call: TSESTree.CallExpression, name: string): void {
    const callee = unwrap(call.callee);
    if (callee.type !== 'MemberExpression') return;
    const args = call.arguments;
    if (hasSpread(call)) return;
    // `wrap(entity).assign(body)`
    const object = unwrap(callee.object);
    if (name === 'assign' && object.type === 'CallExpression' && object.callee.type === 'Identifier' && object.callee.name === 'wrap') {
      const target = object.arguments[0];
      if (this.receivers.fromMikro('wrap') && args[0]) this.pushWrite(call, args[0], target ? this.entityOfValue(target) : undefined);
      return;
    }
    const receiver = this.receivers.classify(object);
    if (!receiver || receiver.kind === 'orm') return;
    const offset = WRITE_METHODS.get(name);
    if (offset === undefined) return;
    let entity: EntityRef | undefined;
    let index = offset;
    if (receiver.kind === 'em') {
      if (name === 'assign') {
        index = 1;
        entity = args[0] ? this.entityOfValue(args[0]) : undefined;
      } else {
        entity = mikroEntityOf(args[0]);
        if (!entity) return;
        index = offset + 1;
      }
    } else entity = receiver.entity;
    const value = args[index];
    if (value) this.pushWrite(call, value, entity);
  }

  private pushWrite(call: TSESTree.CallExpression, value: TSESTree.Node, entity: EntityRef | undefined): void {
    this.writes.push({ library: 'mikro-orm', call, callText: callText(call, this.context.sourceCode), value, entity });
  }

  /**
   * The entity an assign target holds: a variable set (only) from `em.findOneOrFail(User, …)`,
   * `repo.findOne(…)`, `em.create(User, …)`, `em.getReference(User, …)` or `new User()`.
   */
  private entityOfValue(node: TSESTree.Node, depth = 0): EntityRef | undefined {
    if (depth > 4) return undefined;
    const n = unwrapAwait(node);
    if (n.type === 'Identifier') {
      const b = bindingOf(n, this.context.sourceCode);
      if (b?.kind !== 'variable' || b.values.length === 0) return undefined;
      const found = b.values.map((v) => this.entityOfValue(v, depth + 1));
      const first = found[0];
      return first && found.every((e) => e?.name === first.name) ? first : undefined;
    }
    if (n.type === 'NewExpression') {
      const callee = unwrap(n.callee);
      return callee.type === 'Identifier' && this.modelFields.has(callee.name) ? { name: callee.name, kind: 'model' } : undefined;
    }
    if (n.type !== 'CallExpression') return undefined;
    const method = methodOf(n)?.name;
    const read = method ? READ_METHODS.get(method) : undefined;
    if (!method || (read?.shape !== undefined) || (!read && method !== 'create' && method !== 'getReference')) return undefined;
    const callee = unwrap(n.callee);
    const receiver = callee.type === 'MemberExpression' ? this.receivers.classify(callee.object) : undefined;
    if (receiver?.kind === 'em') return mikroEntityOf(n.arguments[0]);
    if (receiver?.kind === 'repository' && method !== 'getReference') return receiver.entity;
    return undefined;
  }
}

function analyse(context: AdapterContext): AdapterResult {
  const file = new MikroFile(context);
  const local = mikroEntities(context.nodes.classes, file.receivers, context.sourceCode);
  file.setModels(local);
  for (const call of context.nodes.calls) {
    const method = methodOf(call);
    if (!method) continue;
    const read = READ_METHODS.get(method.name);
    if (read) file.read(call, method.node, read);
    else if (WRITE_METHODS.has(method.name)) file.write(call, method.name);
    else if (QB_TERMINALS.has(method.name)) file.queryBuilder(call, method.node);
  }
  return { reads: file.reads, writes: file.writes, models: local.models };
}

function applies(facts: FileFacts): boolean {
  for (const m of facts.modules) if (isMikroModule(m)) return true;
  return false;
}

export const mikroOrmAdapter: OrmAdapter = {
  library: 'mikro-orm',
  applies,
  analyse,
};

export default mikroOrmAdapter;
