/**
 * TypeORM adapter: Repository / EntityManager `find*` methods with find options, SelectQueryBuilder
 * chains, wholesale writes, and `@Entity` classes of the file.
 *
 * Receivers are classified in `typeorm/receivers.ts`; a method name is never enough on its own.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { propertyKey, unwrap } from '../flow/ast.js';
import type { FileFacts } from '../flow/file-facts.js';
import { DATA, tupleWith, type ValueShape } from '../flow/value-shape.js';
import { constObject, constValue } from './bindings.js';
import { resolveRelation } from './classes.js';
import { callText, hasSpread, isLiteral, methodOf, objectProperty, stringElements, within } from './common.js';
import { appendArgument, insertFirstProperty, removeListElement, trueObject } from './edits.js';
import { typeormEntities, type TypeormEntities } from './typeorm/entities.js';
import { analyseQb, qbChain, QB_TERMINALS } from './typeorm/query-builder.js';
import { entityOf, importsTypeorm, isEntityArgument, TypeormReceivers } from './typeorm/receivers.js';
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

interface FindMethod {
  /** Whether the argument is find options (`find`) or a where (`findBy`). */
  readonly options: boolean;
  readonly shape?: ValueShape;
}

const FIND_METHODS: ReadonlyMap<string, FindMethod> = new Map<string, FindMethod>([
  ['find', { options: true }],
  ['findOne', { options: true }],
  ['findOneOrFail', { options: true }],
  ['findAndCount', { options: true, shape: tupleWith(0, DATA) }],
  ['findBy', { options: false }],
  ['findOneBy', { options: false }],
  ['findOneByOrFail', { options: false }],
  ['findAndCountBy', { options: false, shape: tupleWith(0, DATA) }],
]);

/**
 * Write methods: where the written value is, counting arguments after the entity target of the
 * manager form (`manager.update(User, criteria, value)` → 1 after the target).
 */
const WRITE_METHODS: ReadonlyMap<string, { readonly index: number; readonly rest?: boolean }> = new Map([
  ['save', { index: 0 }],
  ['insert', { index: 0 }],
  ['create', { index: 0 }],
  ['upsert', { index: 0 }],
  ['preload', { index: 0 }],
  ['update', { index: 1 }],
  ['merge', { index: 1, rest: true }],
]);

interface ParsedOptions {
  readonly projection: Projection;
  readonly relations: RelationRead[];
}

/** Relation paths of `relations: { a: true, b: { c: true } }` / `relations: ['a', 'b.c']`. */
function relationPaths(value: TSESTree.Node, prefix: string, out: { path: string; node: TSESTree.Node }[], depth: number): boolean {
  const v = unwrap(value);
  if (depth > 8) return false;
  if (v.type === 'ArrayExpression' && prefix === '') {
    const list = stringElements(v);
    if (!list) return false;
    for (const { text, node } of list) out.push({ path: text, node });
    return true;
  }
  if (v.type !== 'ObjectExpression') return false;
  for (const p of v.properties) {
    const key = p.type === 'Property' ? propertyKey(p) : undefined;
    if (p.type !== 'Property' || key === undefined) return false;
    const pv = unwrap(p.value);
    if (isLiteral(pv, false)) continue;
    if (isLiteral(pv, true)) out.push({ path: `${prefix}${key}`, node: p });
    else if (pv.type === 'ObjectExpression') {
      out.push({ path: `${prefix}${key}`, node: p });
      if (!relationPaths(pv, `${prefix}${key}.`, out, depth + 1)) return false;
    } else return false;
  }
  return true;
}

/** The fields of a `select` object (its `true` entries); nested objects are relation selects. */
function selectFields(select: TSESTree.ObjectExpression): NamedField[] | undefined {
  const fields: NamedField[] = [];
  for (const p of select.properties) {
    const key = p.type === 'Property' ? propertyKey(p) : undefined;
    if (p.type !== 'Property' || key === undefined) return undefined;
    const v = unwrap(p.value);
    if (isLiteral(v, true)) fields.push({ name: key, node: p });
    else if (!isLiteral(v, false) && v.type !== 'ObjectExpression') return undefined;
  }
  return fields;
}

function parseOptions(
  options: TSESTree.ObjectExpression | undefined,
  resolve: (node: TSESTree.Node) => TSESTree.Node,
): ParsedOptions | undefined {
  if (!options) return { projection: { kind: 'none' }, relations: [] };
  if (options.properties.some((p) => p.type !== 'Property' || propertyKey(p) === undefined)) return undefined;
  let projection: Projection = { kind: 'none' };
  let selectObject: TSESTree.ObjectExpression | undefined;
  const select = objectProperty(options, 'select');
  if (select) {
    const v = resolve(select.value);
    if (v.type === 'ArrayExpression') {
      const list = stringElements(v);
      if (!list) return undefined;
      projection = { kind: 'fields', fields: list.map(({ text, node }) => ({ name: text, node })) };
    } else if (v.type === 'ObjectExpression') {
      const fields = selectFields(v);
      if (!fields) return undefined;
      selectObject = v;
      projection = { kind: 'fields', fields };
    } else return undefined;
  }
  const relations: RelationRead[] = [];
  const rel = objectProperty(options, 'relations');
  if (rel) {
    const paths: { path: string; node: TSESTree.Node }[] = [];
    if (!relationPaths(resolve(rel.value), '', paths, 0)) return undefined;
    for (const { path, node } of paths) {
      let relProjection: Projection = { kind: 'none' };
      // `select: { posts: { id: true } }` narrows the relation `posts`.
      let level: TSESTree.ObjectExpression | undefined = selectObject;
      for (const segment of path.split('.')) {
        const p: TSESTree.Property | undefined = level ? objectProperty(level, segment) : undefined;
        const pv = p ? unwrap(p.value) : undefined;
        level = pv?.type === 'ObjectExpression' ? pv : undefined;
      }
      if (level) {
        const fields = selectFields(level);
        if (!fields) return undefined;
        relProjection = { kind: 'fields', fields };
      }
      relations.push({ name: path, entity: undefined, projection: relProjection, node });
    }
  }
  return { projection, relations };
}

function findEdits(
  call: TSESTree.CallExpression,
  method: FindMethod,
  optionsIndex: number,
  options: TSESTree.ObjectExpression | undefined,
  sourceCode: Readonly<TSESLint.SourceCode>,
): ReadEdits {
  const inline = options !== undefined && call.arguments[optionsIndex] !== undefined && unwrap(call.arguments[optionsIndex]) === options;
  return {
    project(fields, fixer) {
      if (!method.options || fields.length === 0) return null;
      const text = `select: ${trueObject(fields)}`;
      if (call.arguments.length === optionsIndex) return appendArgument(call, optionsIndex, `{ ${text} }`, sourceCode, fixer);
      if (!inline || !options || objectProperty(options, 'select')) return null;
      return insertFirstProperty(options, text, fixer);
    },
    removeField(field, fixer) {
      const node = field.node;
      if (!within(node, call)) return null;
      const parent = node.parent;
      if (node.type === 'Property' && parent?.type === 'ObjectExpression') {
        // `select: { id: true, password: true }`, or a relation's `select: { author: { password: true } }`.
        let owner: TSESTree.Node | undefined = parent.parent;
        for (let depth = 0; depth < 8 && owner?.type === 'Property' && propertyKey(owner) !== 'select'; depth++) {
          const level: TSESTree.Node | undefined = owner.parent;
          owner = level?.type === 'ObjectExpression' ? level.parent : undefined;
        }
        if (owner?.type !== 'Property' || propertyKey(owner) !== 'select') return null;
        const kept = parent.properties.filter((p) => p !== node && p.type === 'Property' && isLiteral(p.value, true));
        return kept.length > 0 ? removeListElement(node, sourceCode, fixer) : null;
      }
      if (parent?.type === 'ArrayExpression' && parent.parent?.type === 'Property' && propertyKey(parent.parent) === 'select') {
        return parent.elements.length > 1 ? removeListElement(node, sourceCode, fixer) : null;
      }
      return null;
    },
  };
}

/** `findOne(id)` / `findOne(id, options)` of TypeORM 0.2: the first argument is an id. */
function isLegacyId(node: TSESTree.Node): boolean {
  const n = unwrap(node);
  if (n.type === 'Literal' || n.type === 'TemplateLiteral') return true;
  if (n.type === 'Identifier') return /id$/i.test(n.name);
  if (n.type === 'MemberExpression') return n.property.type === 'Identifier' && /id$/i.test(n.property.name);
  return false;
}

class TypeormFile {
  readonly reads: OrmRead[] = [];
  readonly writes: OrmWrite[] = [];
  readonly receivers: TypeormReceivers;
  private readonly hidden = new Map<string, readonly string[]>();
  private readonly resolve: (node: TSESTree.Node) => TSESTree.Node;

  constructor(
    private readonly context: AdapterContext,
    private readonly local: TypeormEntities,
  ) {
    this.resolve = (node) => constValue(node, context.sourceCode);
    this.receivers = new TypeormReceivers(context.sourceCode, context.facts);
    for (const m of local.models) {
      if (m.hidden.length > 0) for (const name of m.names) this.hidden.set(name, m.hidden);
    }
  }

  private push(
    call: TSESTree.CallExpression,
    reportNode: TSESTree.Node,
    entity: EntityRef | undefined,
    parsed: ParsedOptions,
    edits: ReadEdits,
    shape: ValueShape | undefined,
  ): void {
    const hidden = entity ? this.hidden.get(entity.name) : undefined;
    const relations = parsed.relations.map((r) => {
      if (r.entity) return r;
      const target = resolveRelation(this.local.relationTargets, entity?.name, r.name);
      return target ? { ...r, entity: { name: target, kind: 'model' as const } } : r;
    });
    this.reads.push({
      library: 'typeorm',
      node: call,
      reportNode,
      callText: callText(call, this.context.sourceCode),
      entity,
      projection: parsed.projection,
      relations,
      ...(shape ? { shape } : {}),
      ...(hidden ? { hidden } : {}),
      edits,
    });
  }

  find(call: TSESTree.CallExpression, name: string, node: TSESTree.Node, method: FindMethod): void {
    const callee = unwrap(call.callee);
    if (callee.type !== 'MemberExpression') return;
    const receiver = this.receivers.classify(callee.object);
    if (!receiver || receiver.kind === 'dataSource' || receiver.kind === 'queryRunner') return;
    const args = call.arguments;
    if (hasSpread(call)) return;
    let entity: EntityRef | undefined;
    let index = 0;
    if (receiver.kind === 'manager') {
      if (!isEntityArgument(args[0])) return;
      entity = entityOf(args[0]);
      index = 1;
    } else entity = receiver.entity;
    const arg = args[index];
    let options: TSESTree.ObjectExpression | undefined;
    if (method.options && arg) {
      options = constObject(arg, this.context.sourceCode);
      if (!options) {
        // TypeORM 0.2: `findOne(id, options?)`.
        if (!name.startsWith('findOne') || !isLegacyId(arg)) return;
        const legacy = args[index + 1];
        options = legacy ? constObject(legacy, this.context.sourceCode) : undefined;
        if (legacy && !options) return;
        const parsed = parseOptions(options, this.resolve);
        if (parsed) this.push(call, node, entity, parsed, {}, method.shape);
        return;
      }
    }
    const parsed = method.options ? parseOptions(options, this.resolve) : { projection: { kind: 'none' } as const, relations: [] };
    if (!parsed) return;
    this.push(call, node, entity, this.withEager(parsed, entity, options, node), findEdits(call, method, index, options, this.context.sourceCode), method.shape);
  }

  /**
   * `find*` loads the entity's `{ eager: true }` relations whole, unless `loadEagerRelations:
   * false`. With a `select`, what TypeORM loads is less clear: left as written (silence).
   */
  private withEager(parsed: ParsedOptions, entity: EntityRef | undefined, options: TSESTree.ObjectExpression | undefined, node: TSESTree.Node): ParsedOptions {
    const eager = entity ? this.local.eager.get(entity.name) : undefined;
    if (!eager || parsed.projection.kind !== 'none') return parsed;
    const load = options ? objectProperty(options, 'loadEagerRelations') : undefined;
    if (load && !isLiteral(load.value, true)) return parsed;
    const named = new Set(parsed.relations.map((r) => r.name));
    const added = eager.filter((name) => !named.has(name)).map((name) => ({ name, entity: undefined, projection: { kind: 'none' } as const, node }));
    return added.length > 0 ? { ...parsed, relations: [...parsed.relations, ...added] } : parsed;
  }

  queryBuilder(call: TSESTree.CallExpression, node: TSESTree.Node, shape: ValueShape | undefined): void {
    const chain = qbChain(call, this.receivers, this.context.sourceCode);
    if (!chain) return;
    const read = analyseQb(chain, this.receivers, this.context.sourceCode);
    if (!read) return;
    this.push(call, node, read.entity, { projection: read.projection, relations: [...read.relations] }, read.edits, shape);
  }

  write(call: TSESTree.CallExpression, name: string): void {
    const spec = WRITE_METHODS.get(name);
    const callee = unwrap(call.callee);
    if (!spec || callee.type !== 'MemberExpression') return;
    const args = call.arguments;
    if (hasSpread(call)) return;
    const receiver = this.receivers.classify(callee.object);
    if (!receiver || receiver.kind === 'dataSource' || receiver.kind === 'queryRunner') return;
    let entity: EntityRef | undefined;
    let index = spec.index;
    if (receiver.kind === 'manager') {
      if (args.length >= 2 && isEntityArgument(args[0])) {
        entity = entityOf(args[0]);
        index += 1;
      } else if (name !== 'save') return;
    } else entity = receiver.entity;
    const values = spec.rest ? args.slice(index) : args.slice(index, index + 1);
    for (const value of values) this.pushWrite(call, value, entity);
  }

  private pushWrite(call: TSESTree.CallExpression, value: TSESTree.Node, entity: EntityRef | undefined): void {
    this.writes.push({ library: 'typeorm', call, callText: callText(call, this.context.sourceCode), value, entity });
  }

  /** QueryBuilder `.set(x)` / `.values(x)`. */
  builderWrite(call: TSESTree.CallExpression, name: string): void {
    const value = call.arguments[0];
    if (!value || value.type === 'SpreadElement' || call.arguments.length !== 1) return;
    const chain = qbChain(call, this.receivers, this.context.sourceCode);
    if (!chain) return;
    let entity: EntityRef | undefined;
    const rootCallee = unwrap(chain.root.callee);
    const base = rootCallee.type === 'MemberExpression' ? this.receivers.classify(rootCallee.object) : undefined;
    if (base?.kind === 'repository') entity = base.entity;
    else if (chain.root.arguments.length > 0) entity = entityOf(chain.root.arguments[0]);
    for (const c of chain.calls) {
      const m = methodOf(c)?.name;
      if ((m === 'update' || m === 'into') && isEntityArgument(c.arguments[0])) entity = entityOf(c.arguments[0]);
    }
    if (name === 'values' && !chain.calls.some((c) => methodOf(c)?.name === 'insert')) return;
    if (name === 'set' && !chain.calls.some((c) => methodOf(c)?.name === 'update')) return;
    this.pushWrite(call, value, entity);
  }
}

function analyse(context: AdapterContext): AdapterResult {
  const local = typeormEntities(context.nodes.classes, context.facts, context.sourceCode);
  const file = new TypeormFile(context, local);
  for (const call of context.nodes.calls) {
    const method = methodOf(call);
    if (!method) continue;
    const find = FIND_METHODS.get(method.name);
    if (find) file.find(call, method.name, method.node, find);
    else if (QB_TERMINALS.has(method.name)) file.queryBuilder(call, method.node, QB_TERMINALS.get(method.name));
    else if (method.name === 'set' || method.name === 'values') file.builderWrite(call, method.name);
    if (WRITE_METHODS.has(method.name)) file.write(call, method.name);
  }
  return { reads: file.reads, writes: file.writes, models: local.models };
}

function applies(facts: FileFacts): boolean {
  if (importsTypeorm(facts)) return true;
  for (const m of facts.modules) if (/data-?source|typeorm|ormconfig/i.test(m)) return true;
  for (const name of facts.imports.keys()) if (/datasource/i.test(name)) return true;
  return false;
}

export const typeormAdapter: OrmAdapter = {
  library: 'typeorm',
  applies,
  analyse,
};

export default typeormAdapter;
