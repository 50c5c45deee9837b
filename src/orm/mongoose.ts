/**
 * Mongoose adapter.
 *
 * Receivers: models created in the file (`mongoose.model('User', schema)`, `model<IUser>(...)`,
 * `models.User || model(...)`, Typegoose `getModelForClass`), model lookups (`mongoose.model('User')`,
 * `mongoose.models.User`), models imported from a module whose path names `model(s)`/`schema(s)` (or
 * from a local module in a file importing mongoose), and NestJS `@InjectModel(User.name) private
 * userModel: Model<UserDocument>` (`this.userModel`).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { isFunction, memberKey, propertyKey, unwrap } from '../flow/ast.js';
import { importsModule, type FileFacts } from '../flow/file-facts.js';
import { bareDecoratorCall, thisMember, type DeclaredMember } from './classes.js';
import { rethrowWhenDebugging, callText, hasSpread, isLiteral, memberPath, methodOf, objectProperty, outerCalls, PROMISE_METHODS, staticString, unwrapAwait } from './common.js';
import { importsAnyModule, importsPathToken, isLocalModule, pathHasToken } from './module-paths.js';
import { aggregateRead } from './mongoose/aggregate.js';
import { populateRelations, projectionOf, readEdits, readProjection, type ProjectionSite, type Tokens } from './mongoose/projection.js';
import { collectSchemas, isMongooseName, mongooseBinding, MONGOOSE_MODULES, type FileSchemas, type ModelInfo } from './mongoose/schema.js';
import type { AdapterContext, AdapterResult, EntityRef, LocalModel, OrmAdapter, OrmRead, OrmWrite, RelationRead } from './types.js';

const MODEL_PATH_TOKENS: ReadonlySet<string> = new Set(['model', 'models', 'schema', 'schemas']);

/** Read methods → index of the projection argument (-1: none) and of the options argument. */
const READS: ReadonlyMap<string, { projection: number; options: number }> = new Map([
  ['find', { projection: 1, options: 2 }],
  ['findOne', { projection: 1, options: 2 }],
  ['findById', { projection: 1, options: 2 }],
  ['findOneAndUpdate', { projection: -1, options: 2 }],
  ['findByIdAndUpdate', { projection: -1, options: 2 }],
  ['findOneAndReplace', { projection: -1, options: 2 }],
  ['findOneAndDelete', { projection: -1, options: 1 }],
  ['findByIdAndDelete', { projection: -1, options: 1 }],
  ['findOneAndRemove', { projection: -1, options: 1 }],
  ['findByIdAndRemove', { projection: -1, options: 1 }],
]);

/** Query methods after which the value is no longer documents. */
const NOT_DOCUMENTS: ReadonlySet<string> = new Set([
  'countDocuments',
  'count',
  'estimatedDocumentCount',
  'distinct',
  'deleteOne',
  'deleteMany',
  'updateOne',
  'updateMany',
  'replaceOne',
  'exists',
  'explain',
  'transform',
  'getFilter',
  'getQuery',
  'getOptions',
]);

/** Writes → index of the argument that carries the values. */
const WRITES: ReadonlyMap<string, number> = new Map([
  ['create', 0],
  ['insertMany', 0],
  ['updateOne', 1],
  ['updateMany', 1],
  ['replaceOne', 1],
  ['findByIdAndUpdate', 1],
  ['findOneAndUpdate', 1],
  ['findOneAndReplace', 1],
]);

// --- receivers ---

interface Target {
  readonly entity: EntityRef;
  readonly model: ModelInfo | undefined;
}

class Receivers {
  private readonly cache = new Map<TSESTree.Node, Target | null>();
  private readonly hasMongoose: boolean;

  constructor(
    private readonly context: AdapterContext,
    private readonly file: FileSchemas,
  ) {
    this.hasMongoose = importsAnyModule(context.facts, MONGOOSE_MODULES);
  }

  targetOf(expr: TSESTree.Node): Target | undefined {
    const cached = this.cache.get(expr);
    if (cached !== undefined) return cached ?? undefined;
    const t = this.compute(expr);
    this.cache.set(expr, t ?? null);
    return t;
  }

  private byName(name: string): Target {
    const model = this.file.modelList.find((m) => m.name === name || m.binding === name);
    return { entity: { name: model?.name ?? name, kind: 'model' }, model };
  }

  private compute(expr: TSESTree.Node): Target | undefined {
    const { sourceCode, facts } = this.context;
    const n = unwrap(expr);
    if (n.type === 'Identifier') {
      const b = mongooseBinding(sourceCode, facts, n);
      if (!b) return undefined;
      if (b.kind === 'init') {
        const own = this.file.models.get(b.declarator);
        if (own) return { entity: { name: own.name, kind: 'model' }, model: own };
        const init = unwrap(b.init);
        // `const User = mongoose.model('User')` / `const User = mongoose.models.User`
        if (init.type === 'CallExpression' || init.type === 'MemberExpression') return this.compute(init);
        return undefined;
      }
      if (b.kind === 'other') {
        const own = this.file.models.get(b.node);
        return own ? { entity: { name: own.name, kind: 'model' }, model: own } : undefined;
      }
      if (b.kind !== 'import' || MONGOOSE_MODULES.includes(b.module)) return undefined;
      const fromModels = pathHasToken(b.module, MODEL_PATH_TOKENS);
      if (!fromModels && !(this.hasMongoose && isLocalModule(b.module))) return undefined;
      if (!/^[A-Z]/.test(n.name) && !/Model$/.test(n.name)) return undefined;
      return this.byName(n.name);
    }
    if (n.type === 'CallExpression') {
      // `mongoose.model('User')` / `model('User')` / `connection.model('User')`
      const name = staticString(n.arguments[0]);
      if (name === undefined || n.arguments.length !== 1) return undefined;
      const callee = unwrap(n.callee);
      const ok =
        isMongooseName(sourceCode, facts, callee, 'model') ||
        (this.hasMongoose && callee.type === 'MemberExpression' && memberKey(callee) === 'model');
      return ok ? this.byName(name) : undefined;
    }
    if (n.type === 'MemberExpression') {
      const member = thisMember(n);
      if (member) return this.injected(member);
      const path = memberPath(n);
      if (!path || path.length < 2) return undefined;
      const name = path[path.length - 1] as string;
      if (!/^[A-Z]/.test(name)) return undefined;
      // `mongoose.models.User` / `models.User` (imported from mongoose)
      if (path[path.length - 2] === 'models' && (this.hasMongoose || path.length === 2)) {
        const owner = unwrap(n.object);
        if (isMongooseName(sourceCode, facts, owner, 'models') || (owner.type === 'MemberExpression' && this.hasMongoose)) {
          return this.byName(name);
        }
      }
      // `db.User` with `db` imported from a models module
      if (path.length === 2) {
        const root = unwrap(n.object);
        if (root.type !== 'Identifier') return undefined;
        const b = mongooseBinding(sourceCode, facts, root);
        if (b?.kind === 'import' && pathHasToken(b.module, MODEL_PATH_TOKENS)) return this.byName(name);
      }
    }
    return undefined;
  }

  private injected(member: DeclaredMember): Target | undefined {
    const inject = bareDecoratorCall(member.decorators, 'InjectModel');
    if (inject && importsModule(this.context.facts, '@nestjs/mongoose')) {
      const arg = inject.arguments[0] ? unwrap(inject.arguments[0]) : undefined;
      let name = staticString(arg);
      if (name === undefined && arg?.type === 'MemberExpression' && memberKey(arg) === 'name' && arg.object.type === 'Identifier') {
        name = arg.object.name;
      }
      if (name === undefined && arg?.type === 'Identifier') name = arg.name;
      if (name !== undefined) return this.byName(name);
    }
    // `private readonly users: Model<UserDocument>` with Model from mongoose
    const type = member.type;
    if (type?.type === 'TSTypeReference' && type.typeName.type === 'Identifier') {
      if (!isMongooseName(this.context.sourceCode, this.context.facts, type.typeName, 'Model')) return undefined;
      const arg = type.typeArguments?.params[0];
      if (arg?.type === 'TSTypeReference' && arg.typeName.type === 'Identifier') {
        return this.byName(arg.typeName.name.replace(/(Document|Doc)$/, ''));
      }
    }
    return undefined;
  }
}

// --- the adapter ---

function readOf(context: AdapterContext, receivers: Receivers, call: TSESTree.CallExpression, method: string, reportNode: TSESTree.Node): OrmRead | undefined {
  const spec = READS.get(method);
  const callee = unwrap(call.callee);
  if (!spec || callee.type !== 'MemberExpression') return undefined;
  if (hasSpread(call)) return undefined;
  const target = receivers.targetOf(callee.object);
  if (!target) return undefined;
  const first = call.arguments[0];
  if (first && isFunction(unwrap(first))) return undefined; // `array.find(fn)` shape
  const tokens: Tokens = { include: [], exclude: [], added: [] };
  let site: ProjectionSite | null | undefined;
  let lean = false;
  const projArg = spec.projection >= 0 ? call.arguments[spec.projection] : undefined;
  let callback = false;
  if (projArg) {
    if (isFunction(unwrap(projArg))) callback = true;
    else {
      if (!readProjection(context, projArg, tokens)) return undefined;
      site = { replace: projArg };
    }
  }
  const optArg = call.arguments[spec.options];
  if (optArg && !callback) {
    const o = unwrap(optArg);
    if (isFunction(o)) callback = true;
    else if (o.type !== 'ObjectExpression' || o.properties.some((p) => p.type !== 'Property')) return undefined;
    else {
      for (const key of ['projection', 'select', 'fields']) {
        const p = objectProperty(o, key);
        if (!p) continue;
        if (!readProjection(context, p.value, tokens)) return undefined;
        site = site === undefined ? { replace: p.value } : null;
      }
      const l = objectProperty(o, 'lean');
      if (l && !isLiteral(l.value, false)) lean = true;
    }
  }
  if (call.arguments.slice(spec.options + 1).some((a) => isFunction(unwrap(a)))) callback = true;
  const relations: RelationRead[] = [];
  let node: TSESTree.CallExpression = call;
  for (const c of outerCalls(call)) {
    if (c === call) continue;
    const m = methodOf(c);
    if (!m || PROMISE_METHODS.has(m.name)) break;
    if (NOT_DOCUMENTS.has(m.name)) return undefined;
    if (hasSpread(c)) return undefined;
    if (m.name === 'select' || m.name === 'projection') {
      if (c.arguments.length > 0 && !c.arguments.every((a) => readProjection(context, a, tokens))) return undefined;
      site = site === undefined ? { select: c } : null;
    } else if (m.name === 'populate') {
      populateRelations(context, c.arguments, target.model?.schema, '', relations, 0);
    } else if (m.name === 'lean') {
      lean = !isLiteral(c.arguments[0], false);
    }
    node = c;
  }
  // `const query = User.find(); if (x) query.select('name'); await query`: a split chain.
  if (node.parent?.type === 'VariableDeclarator' && node.parent.init === node) return undefined;
  // `_id` may be excluded from an inclusion projection.
  if (tokens.include.length > 0) tokens.exclude = tokens.exclude.filter((f) => f.name !== '_id');
  const projection = projectionOf(tokens);
  const schema = target.model?.schema;
  const hidden: string[] = [];
  if (schema) {
    hidden.push(...schema.hidden);
    if (!lean) for (const f of schema.jsonHidden) if (!hidden.includes(f)) hidden.push(f);
  }
  return {
    library: 'mongoose',
    node,
    reportNode,
    callText: callText(call, context.sourceCode),
    entity: target.entity,
    projection,
    relations,
    ...(hidden.length > 0 ? { hidden } : {}),
    edits: readEdits(call, callback ? null : (site ?? {}), projection, context.sourceCode),
  };
}

/** `Model.aggregate([...])`: whole documents, without the schema's `select: false` or `toJSON`. */
function aggregateOf(
  context: AdapterContext,
  receivers: Receivers,
  models: readonly ModelInfo[],
  call: TSESTree.CallExpression,
  reportNode: TSESTree.Node,
): OrmRead | undefined {
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression' || hasSpread(call)) return undefined;
  const target = receivers.targetOf(callee.object);
  if (!target) return undefined;
  const read = aggregateRead(context, call);
  if (!read) return undefined;
  const relations: RelationRead[] = read.lookups.map((l) => ({
    name: l.as,
    entity: { name: modelOfCollection(models, l.from) ?? l.from, kind: 'model' },
    projection: l.projection,
    node: l.node,
    // `$lookup` reads the collection directly: the schema's `select: false` does not apply.
    hidden: [],
  }));
  return {
    library: 'mongoose',
    node: read.node,
    reportNode,
    callText: callText(call, context.sourceCode),
    entity: target.entity,
    projection: read.projection,
    relations,
    edits: read.edits,
  };
}

/** The model of the file whose default collection is `collection` (`User` → `users`). */
function modelOfCollection(models: readonly ModelInfo[], collection: string): string | undefined {
  const c = collection.toLowerCase();
  for (const m of models) {
    const n = m.name.toLowerCase();
    if (c === n || c === `${n}s` || c === `${n}es` || (n.endsWith('y') && c === `${n.slice(0, -1)}ies`)) return m.name;
  }
  return undefined;
}

function updateValue(node: TSESTree.Node): TSESTree.Node {
  const n = unwrap(node);
  if (n.type !== 'ObjectExpression') return node;
  const set = objectProperty(n, '$set');
  const others = n.properties.every((p) => p.type === 'Property' && (propertyKey(p) ?? '').startsWith('$'));
  return set && others ? set.value : node;
}

function analyse(context: AdapterContext): AdapterResult {
  const fileHasMongoose = importsAnyModule(context.facts, MONGOOSE_MODULES);
  const file = collectSchemas(context, fileHasMongoose);
  const receivers = new Receivers(context, file);
  const reads: OrmRead[] = [];
  const writes: OrmWrite[] = [];
  const readByNode = new Map<TSESTree.Node, OrmRead>();
  for (const call of context.nodes.calls) {
    try {
      const m = methodOf(call);
      if (!m) continue;
      if (m.name === 'aggregate') {
        const read = aggregateOf(context, receivers, file.modelList, call, m.node);
        if (read) reads.push(read);
      }
      if (READS.has(m.name)) {
        const read = readOf(context, receivers, call, m.name, m.node);
        if (read) {
          reads.push(read);
          readByNode.set(read.node, read);
        }
      }
      const index = WRITES.get(m.name);
      if (index !== undefined) {
        const callee = unwrap(call.callee) as TSESTree.MemberExpression;
        const value = call.arguments[index];
        if (!value || value.type === 'SpreadElement' || hasSpread(call)) continue;
        const target = receivers.targetOf(callee.object);
        if (!target) continue;
        writes.push({ library: 'mongoose', call, callText: callText(call, context.sourceCode), value: updateValue(value), entity: target.entity });
      }
    } catch (e) {
      rethrowWhenDebugging(e);
      // odd code never breaks the lint run
    }
  }
  for (const ne of context.nodes.news) {
    try {
      const value = ne.arguments[0];
      if (!value || value.type === 'SpreadElement') continue;
      const target = receivers.targetOf(ne.callee);
      if (!target) continue;
      const text = `new ${context.sourceCode.getText(ne.callee).replace(/\s+/g, '')}()`;
      writes.push({ library: 'mongoose', call: ne as unknown as TSESTree.CallExpression, callText: text, value, entity: target.entity });
    } catch (e) {
      rethrowWhenDebugging(e);
      // odd code never breaks the lint run
    }
  }
  // `const doc = await User.findById(id); doc.set(req.body)`
  for (const call of context.nodes.calls) {
    try {
      const m = methodOf(call);
      if (m?.name !== 'set' || call.arguments.length !== 1) continue;
      const value = call.arguments[0];
      const obj = unwrap((unwrap(call.callee) as TSESTree.MemberExpression).object);
      if (!value || value.type === 'SpreadElement' || obj.type !== 'Identifier') continue;
      const b = mongooseBinding(context.sourceCode, context.facts, obj);
      if (b?.kind !== 'init') continue;
      const read = readByNode.get(unwrapAwait(b.init));
      if (read) writes.push({ library: 'mongoose', call, callText: callText(call, context.sourceCode), value, entity: read.entity });
    } catch (e) {
      rethrowWhenDebugging(e);
      // odd code never breaks the lint run
    }
  }
  const models: LocalModel[] = file.modelList.map((m) => ({
    library: 'mongoose',
    names: [...new Set([m.binding, m.name].filter((x): x is string => x !== undefined))],
    fields: m.schema?.fields ?? [],
    hidden: m.schema?.hidden ?? [],
  }));
  for (const s of file.looseSchemas) {
    models.push({ library: 'mongoose', names: [s.name], fields: s.schema.fields, hidden: s.schema.hidden });
  }
  return { reads, writes, models };
}

function applies(facts: FileFacts): boolean {
  return importsAnyModule(facts, MONGOOSE_MODULES) || importsPathToken(facts, MODEL_PATH_TOKENS);
}

export const mongooseAdapter: OrmAdapter = {
  library: 'mongoose',
  applies,
  analyse,
};
