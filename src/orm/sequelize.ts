/**
 * Sequelize adapter (v6/v7 and sequelize-typescript).
 *
 * Receivers: models defined in the file (`class User extends Model` + `User.init`/`super.init`,
 * sequelize-typescript `@Table` classes, `sequelize.define('User', {...})`), PascalCase models
 * imported from a local module in a file that imports sequelize or from a module whose path names
 * `model(s)`/`db`/`database`, `sequelize.models.User`, `db.User` with `db` imported from such a
 * module, and NestJS `@InjectModel(User) private userModel: typeof User`.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { propertyKey, unwrap } from '../flow/ast.js';
import { importsModule, type FileFacts } from '../flow/file-facts.js';
import { objectWith, tupleWith, DATA, type ValueShape } from '../flow/value-shape.js';
import { constValue, declaredBinding } from './bindings.js';
import { bareDecoratorCall, thisMember } from './classes.js';
import { rethrowWhenDebugging, callText, hasSpread, isLiteral, memberPath, methodOf, objectArgument, objectProperty, readChain, staticString, unwrapAwait } from './common.js';
import { importsAnyModule, importsPathToken, isLocalModule, pathHasToken } from './module-paths.js';
import { attributesProjection, includeRelations, readEdits } from './sequelize/attributes.js';
import { collectModels, SEQUELIZE_MODULES, type Models, type SeqModel } from './sequelize/models.js';
import type { AdapterContext, AdapterResult, EntityRef, LocalModel, OrmAdapter, OrmRead, OrmWrite, RelationRead } from './types.js';

const MODEL_PATH_TOKENS: ReadonlySet<string> = new Set(['model', 'models', 'db', 'database']);
const NOT_MODELS: ReadonlySet<string> = new Set(['Sequelize', 'Op', 'DataTypes', 'Model', 'QueryTypes', 'Transaction']);
const READS: ReadonlySet<string> = new Set(['findAll', 'findOne', 'findByPk', 'findAndCountAll', 'findOrCreate']);

/** Static writes and the argument that carries the values. */
const WRITES: ReadonlyMap<string, number> = new Map([
  ['create', 0],
  ['bulkCreate', 0],
  ['build', 0],
  ['bulkBuild', 0],
  ['upsert', 0],
  ['update', 0],
]);

// ---------------------------------------------------------------------------------------------
// Receivers

interface Target {
  readonly entity: EntityRef;
  readonly model: SeqModel | undefined;
  /** `default`: default scope applies; `scope`: `.scope(...)` replaced it; `unscoped`: none. */
  readonly scoping: 'default' | 'scope' | 'unscoped';
  readonly scopeName: string | undefined;
}

class Receivers {
  private readonly cache = new Map<TSESTree.Node, Target | null>();

  constructor(
    private readonly context: AdapterContext,
    private readonly models: Models,
    private readonly fileHasSequelize: boolean,
  ) {}

  targetOf(expr: TSESTree.Node): Target | undefined {
    const cached = this.cache.get(expr);
    if (cached !== undefined) return cached ?? undefined;
    const t = this.compute(expr, 0);
    this.cache.set(expr, t ?? null);
    return t;
  }

  private isModelsModule(module: string): boolean {
    return pathHasToken(module, MODEL_PATH_TOKENS) || (this.fileHasSequelize && isLocalModule(module));
  }

  private compute(expr: TSESTree.Node, depth: number): Target | undefined {
    if (depth > 8) return undefined;
    const n = unwrap(expr);
    if (n.type === 'CallExpression') {
      const m = methodOf(n);
      if (!m || (m.name !== 'scope' && m.name !== 'unscoped')) return undefined;
      const inner = this.compute((unwrap(n.callee) as TSESTree.MemberExpression).object, depth + 1);
      if (!inner) return undefined;
      if (m.name === 'unscoped') return { ...inner, scoping: 'unscoped', scopeName: undefined };
      const names = n.arguments.map((a) => staticString(a));
      if (names.includes('defaultScope') && names.length === 1) return inner;
      return { ...inner, scoping: 'scope', scopeName: names.length === 1 ? names[0] : undefined };
    }
    if (n.type === 'Identifier') return this.identifier(n, depth);
    if (n.type === 'ThisExpression') {
      // `static findActive() { return this.findAll(...) }` inside a model class of this file
      let fn: TSESTree.Node | undefined = n.parent;
      while (fn && fn.type !== 'FunctionExpression' && fn.type !== 'FunctionDeclaration') fn = fn.parent;
      const method = fn?.parent;
      if (method?.type !== 'MethodDefinition' || !method.static) return undefined;
      const model = this.models.byNode.get(method.parent.parent);
      return model ? { entity: { name: model.binding ?? 'this', kind: 'model' }, model, scoping: 'default', scopeName: undefined } : undefined;
    }
    if (n.type === 'MemberExpression') {
      const member = thisMember(n);
      if (member) {
        const inject = bareDecoratorCall(member.decorators, 'InjectModel');
        const arg = inject?.arguments[0] ? unwrap(inject.arguments[0]) : undefined;
        let name: string | undefined;
        if (arg?.type === 'Identifier' && isSequelizeInjection(this.context.facts)) name = arg.name;
        const type = member.type;
        if (!name && type?.type === 'TSTypeQuery' && type.exprName.type === 'Identifier' && isSequelizeInjection(this.context.facts)) {
          name = type.exprName.name;
        }
        if (!name) return undefined;
        return { entity: { name, kind: 'model' }, model: this.localByName(name), scoping: 'default', scopeName: undefined };
      }
      const path = memberPath(n);
      if (!path || path.length < 2 || path[0] === 'this') return undefined;
      const name = path[path.length - 1] as string;
      if (!/^[A-Z]/.test(name) || NOT_MODELS.has(name)) return undefined;
      const root = unwrap(n);
      let rootId: TSESTree.Node = root;
      while (rootId.type === 'MemberExpression') rootId = unwrap(rootId.object);
      const rootBinding = rootId.type === 'Identifier' ? declaredBinding(this.context.sourceCode, this.context.facts, rootId) : undefined;
      const rootFromModels = rootBinding?.kind === 'import' && this.isModelsModule(rootBinding.module);
      if (path.length >= 3 && path[path.length - 2] === 'models') {
        if (!this.fileHasSequelize && !rootFromModels) return undefined;
      } else if (path.length !== 2 || !rootFromModels) {
        return undefined;
      }
      return { entity: { name, kind: 'model' }, model: this.localByName(name), scoping: 'default', scopeName: undefined };
    }
    return undefined;
  }

  private identifier(id: TSESTree.Identifier, depth: number): Target | undefined {
    const b = declaredBinding(this.context.sourceCode, this.context.facts, id);
    if (!b) return undefined;
    const local = (model: SeqModel | undefined): Target | undefined =>
      model ? { entity: { name: model.binding ?? id.name, kind: 'model' }, model, scoping: 'default', scopeName: undefined } : undefined;
    switch (b.kind) {
      case 'other':
        return local(this.models.byNode.get(b.node));
      case 'init': {
        const own = this.models.byNode.get(b.declarator);
        if (own) return local(own);
        // `const User = sequelize.models.User` / `const User = db.User`
        const init = unwrap(b.init);
        if (init.type === 'MemberExpression') {
          const t = this.compute(init, depth + 1);
          return t ? { ...t, entity: { name: t.entity.name, kind: 'model' } } : undefined;
        }
        return undefined;
      }
      case 'destructured': {
        // `const { User } = db` with db imported from a models module.
        if (!/^[A-Z]/.test(b.key) || NOT_MODELS.has(b.key)) return undefined;
        const init = unwrap(b.init);
        const rootPath = memberPath(init);
        const root = rootPath?.[0];
        if (!root || root === 'this') return undefined;
        let rootId: TSESTree.Node = init;
        while (rootId.type === 'MemberExpression') rootId = unwrap(rootId.object);
        if (rootId.type !== 'Identifier') return undefined;
        const rb = declaredBinding(this.context.sourceCode, this.context.facts, rootId);
        const ok =
          (rb?.kind === 'import' && this.isModelsModule(rb.module)) ||
          (this.fileHasSequelize && rootPath[rootPath.length - 1] === 'models');
        return ok ? { entity: { name: b.key, kind: 'model' }, model: this.localByName(b.key), scoping: 'default', scopeName: undefined } : undefined;
      }
      case 'import': {
        if (SEQUELIZE_MODULES.includes(b.module)) return undefined;
        if (!this.isModelsModule(b.module)) return undefined;
        const name = b.imported !== 'default' && b.imported !== '*' ? b.imported : id.name;
        if (!/^[A-Z]/.test(id.name) || NOT_MODELS.has(id.name)) return undefined;
        return { entity: { name: id.name, kind: 'model' }, model: this.localByName(name), scoping: 'default', scopeName: undefined };
      }
      default:
        return undefined;
    }
  }

  private localByName(name: string): SeqModel | undefined {
    return this.models.list.find((m) => m.binding === name);
  }
}

function isSequelizeInjection(facts: FileFacts): boolean {
  return importsModule(facts, '@nestjs/sequelize') || importsModule(facts, 'sequelize-typescript') || importsModule(facts, 'sequelize');
}

// ---------------------------------------------------------------------------------------------
// The adapter

function fileImportsSequelize(facts: FileFacts): boolean {
  return importsAnyModule(facts, SEQUELIZE_MODULES);
}

function analyse(context: AdapterContext): AdapterResult {
  const { nodes } = context;
  const hasSequelize = fileImportsSequelize(context.facts);
  const models = collectModels(context, hasSequelize);
  const receivers = new Receivers(context, models, hasSequelize);
  const reads: OrmRead[] = [];
  const writes: OrmWrite[] = [];
  const readByNode = new Map<TSESTree.Node, OrmRead>();
  for (const call of nodes.calls) {
    try {
      const m = methodOf(call);
      if (!m) continue;
      if (READS.has(m.name)) {
        const read = readOf(context, receivers, call, m.name, m.node);
        if (read) {
          reads.push(read);
          readByNode.set(read.node, read);
        }
      }
      if (WRITES.has(m.name) || m.name === 'findOrCreate') {
        const write = writeOf(context, receivers, call, m.name);
        if (write) writes.push(write);
      }
    } catch (e) {
      rethrowWhenDebugging(e);
      // odd code never breaks the lint run
    }
  }
  // `const user = await User.findByPk(id); await user.update(req.body)` / `user.set(req.body)`
  for (const call of nodes.calls) {
    try {
      const write = instanceWriteOf(context, readByNode, call);
      if (write) writes.push(write);
    } catch (e) {
      rethrowWhenDebugging(e);
      // odd code never breaks the lint run
    }
  }
  const localModels: LocalModel[] = models.list.map((m) => ({
    library: 'sequelize',
    names: [...new Set(m.names)],
    fields: m.fields,
    hidden: m.hidden,
  }));
  return { reads, writes, models: localModels };
}

function readOf(
  context: AdapterContext,
  receivers: Receivers,
  call: TSESTree.CallExpression,
  method: string,
  reportNode: TSESTree.Node,
): OrmRead | undefined {
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression') return undefined;
  const target = receivers.targetOf(callee.object);
  if (!target || hasSpread(call)) return undefined;
  const optIndex = method === 'findByPk' ? 1 : 0;
  if (method === 'findByPk' && call.arguments.length === 0) return undefined;
  const optArg = call.arguments[optIndex];
  let options: TSESTree.ObjectExpression | undefined;
  // Options written inline, or held in a `const` of the file (`const query = { where, limit }`).
  let inline = true;
  if (optArg) {
    const o = constValue(optArg, context.sourceCode);
    if (o.type !== 'ObjectExpression') return undefined;
    inline = o === unwrap(optArg);
    options = o;
    // A spread may carry `attributes`/`include` unless they are written after it.
    const lastSpread = o.properties.findLastIndex((p) => p.type === 'SpreadElement');
    if (lastSpread >= 0) {
      const attrIndex = o.properties.findLastIndex((p) => p.type === 'Property' && propertyKey(p) === 'attributes');
      if (attrIndex < lastSpread) return undefined;
    }
  }
  const attributes = options ? objectProperty(options, 'attributes') : undefined;
  let projection = attributesProjection(context, attributes?.value);
  if (!projection) return undefined;
  // A named scope defined in the file decides the projection when the call has none.
  if (!attributes && target.scoping === 'scope' && target.scopeName && target.model) {
    const scope = target.model.scopes.get(target.scopeName);
    const scoped = scope ? attributesProjection(context, objectProperty(scope, 'attributes')?.value) : undefined;
    if (scoped) projection = scoped;
  }
  const relations: RelationRead[] = [];
  const include = options ? objectProperty(options, 'include') : undefined;
  if (include) includeRelations(context, include.value, '', relations, 0);
  const raw = options ? isLiteral(objectProperty(options, 'raw')?.value, true) : false;
  const hidden: string[] = [];
  if (target.model) {
    if (target.scoping === 'default') hidden.push(...target.model.hidden);
    if (!raw) for (const f of target.model.jsonHidden) if (!hidden.includes(f)) hidden.push(f);
  }
  let shape: ValueShape | undefined;
  if (method === 'findAndCountAll') shape = objectWith('rows', DATA);
  else if (method === 'findOrCreate') shape = tupleWith(0, DATA);
  const chain = readChain(call);
  const node = chain[chain.length - 1] ?? call;
  return {
    library: 'sequelize',
    node,
    reportNode,
    callText: callText(call, context.sourceCode),
    entity: target.entity,
    projection,
    relations,
    ...(shape ? { shape } : {}),
    ...(hidden.length > 0 ? { hidden } : {}),
    // Editing a shared options object would change the other calls that use it too.
    edits: inline ? readEdits(call, optIndex, options, projection, context.sourceCode) : {},
  };
}

function writeOf(context: AdapterContext, receivers: Receivers, call: TSESTree.CallExpression, method: string): OrmWrite | undefined {
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression' || hasSpread(call)) return undefined;
  const target = receivers.targetOf(callee.object);
  if (!target) return undefined;
  let value: TSESTree.Node | undefined;
  if (method === 'findOrCreate') {
    const opts = objectArgument(call, 0);
    value = opts ? objectProperty(opts, 'defaults')?.value : undefined;
  } else {
    value = call.arguments[WRITES.get(method) ?? 0];
    // `create(body, { fields: ['name'] })` writes only the listed fields.
    const opts = objectArgument(call, 1);
    if (opts && objectProperty(opts, 'fields')) return undefined;
  }
  if (!value) return undefined;
  return { library: 'sequelize', call, callText: callText(call, context.sourceCode), value, entity: target.entity };
}

/** Instance methods that take values for several attributes at once. */
const INSTANCE_WRITES: ReadonlySet<string> = new Set(['update', 'set', 'setAttributes']);

/**
 * `instance.update(values)` / `instance.set(values)` on an instance read in the same file
 * (`const user = await User.findByPk(id)`): a write of `values` into the model.
 */
function instanceWriteOf(
  context: AdapterContext,
  readByNode: ReadonlyMap<TSESTree.Node, OrmRead>,
  call: TSESTree.CallExpression,
): OrmWrite | undefined {
  const m = methodOf(call);
  if (!m || !INSTANCE_WRITES.has(m.name) || hasSpread(call)) return undefined;
  // `instance.set('name', value)` sets one attribute; `update(values, options)` takes options second.
  const value = call.arguments[0];
  if (!value || staticString(value) !== undefined) return undefined;
  if (m.name !== 'update' && call.arguments.length !== 1) return undefined;
  const opts = objectArgument(call, 1);
  if (opts && objectProperty(opts, 'fields')) return undefined;
  const obj = unwrap((unwrap(call.callee) as TSESTree.MemberExpression).object);
  if (obj.type !== 'Identifier') return undefined;
  const b = declaredBinding(context.sourceCode, context.facts, obj);
  if (b?.kind !== 'init') return undefined;
  const read = readByNode.get(unwrapAwait(b.init));
  // Only reads that give one instance (`findAll` gives an array, `findAndCountAll` an object).
  const method = read?.reportNode.type === 'Identifier' ? read.reportNode.name : undefined;
  if (!read || (method !== 'findOne' && method !== 'findByPk')) return undefined;
  return { library: 'sequelize', call, callText: callText(call, context.sourceCode), value, entity: read.entity };
}

function applies(facts: FileFacts): boolean {
  return fileImportsSequelize(facts) || importsPathToken(facts, MODEL_PATH_TOKENS);
}

export const sequelizeAdapter: OrmAdapter = {
  library: 'sequelize',
  applies,
  // Reads, static writes, `Model.init` / `sequelize.define` models; instance writes need a read.
  entryCalls: new Set([...READS, ...WRITES.keys(), 'init', 'define']),
  classEntries: true,
  analyse,
};
