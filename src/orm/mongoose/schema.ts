/**
 * Mongoose schemas and models defined in the file: `new Schema({...})`, NestJS `@Schema()` classes
 * (`SchemaFactory.createForClass`), Typegoose classes (`getModelForClass`), `mongoose.model('User', schema)`,
 * and what they hide: `select: false` (query level) and `toJSON` transforms (serialisation level).
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { memberKey, propertyKey, unwrap } from '../../flow/ast.js';
import type { FileFacts } from '../../flow/file-facts.js';
import { declaredBinding, readDeclarator, type DeclaredBinding } from '../bindings.js';
import { bareDecoratorCall } from '../classes.js';
import { deletedFields, isLiteral, memberPath, methodOf, objectLiteral, objectProperty, staticString } from '../common.js';
import type { AdapterContext } from '../types.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

export const MONGOOSE_MODULES = ['mongoose', '@nestjs/mongoose', '@typegoose/typegoose'];

export interface SchemaInfo {
  readonly fields: string[];
  /** `select: false`. */
  readonly hidden: string[];
  /** Removed by a `toJSON` transform or `toJSON()` method (skipped by `.lean()`). */
  readonly jsonHidden: string[];
  /** Path → referenced model (`ref: 'User'`), for `populate`. */
  readonly refs: Map<string, string>;
}

export interface ModelInfo {
  /** The name Mongoose knows the model by (`mongoose.model('User', …)`). */
  readonly name: string;
  readonly binding: string | undefined;
  readonly schema: SchemaInfo | undefined;
}

export interface FileSchemas {
  /** Schema infos by the node that declares them (NewExpression, class, declarator). */
  readonly schemas: Map<TSESTree.Node, SchemaInfo>;
  /** Models by the node that binds them (declarator or the `model()` call). */
  readonly models: Map<TSESTree.Node, ModelInfo>;
  readonly modelList: ModelInfo[];
  /** Schemas not bound to a model in this file, with the name they are known by. */
  readonly looseSchemas: { name: string; schema: SchemaInfo }[];
}

// --- bindings ---

/** Mongoose also reads `const { Schema } = mongoose` (destructured from an imported binding) as that module's export. */
function mongooseDeclarator(declarator: TSESTree.VariableDeclarator, id: TSESTree.Identifier, facts: FileFacts): DeclaredBinding | undefined {
  const b = readDeclarator(declarator, id);
  if (b?.kind !== 'destructured') return b;
  const init = unwrap(b.init);
  const imp = init.type === 'Identifier' ? facts.imports.get(init.name) : undefined;
  return imp ? { kind: 'import', module: imp.module, imported: b.key } : undefined;
}

export function mongooseBinding(sourceCode: SourceCode, facts: FileFacts, id: TSESTree.Identifier): DeclaredBinding | undefined {
  return declaredBinding(sourceCode, facts, id, mongooseDeclarator);
}

/** Whether `id` names `imported` from one of the Mongoose modules (`'*'`/`'default'` = the module). */
export function isMongooseName(sourceCode: SourceCode, facts: FileFacts, node: TSESTree.Node, imported: string): boolean {
  const n = unwrap(node);
  if (n.type === 'Identifier') {
    const b = mongooseBinding(sourceCode, facts, n);
    if (b?.kind !== 'import' || !MONGOOSE_MODULES.includes(b.module)) return false;
    if (imported === '*') return b.imported === '*' || b.imported === 'default';
    return b.imported === imported;
  }
  if (n.type === 'MemberExpression' && memberKey(n) === imported) return isMongooseName(sourceCode, facts, n.object, '*');
  return false;
}

/** Fields a `toJSON` transform or method removes (`delete ret.f`, `ret.f = undefined`, `{ f, ...rest }`). */
function jsonRemoved(fn: TSESTree.Node | undefined): string[] {
  return deletedFields(fn, { assignedUndefined: true });
}

// --- schema definitions ---

function refName(node: TSESTree.Node | undefined): string | undefined {
  if (!node) return undefined;
  const s = staticString(node);
  if (s !== undefined) return s;
  const n = unwrap(node);
  // `ref: User.name` / `ref: () => User` / `ref: User`
  if (n.type === 'MemberExpression' && memberKey(n) === 'name' && n.object.type === 'Identifier') return n.object.name;
  if (n.type === 'ArrowFunctionExpression' && n.body.type === 'Identifier') return n.body.name;
  if (n.type === 'Identifier') return n.name;
  return undefined;
}

/** Reads one path's options (`{ type, select, ref }` or `[{ type, ref }]`). */
function readPathOptions(info: SchemaInfo, key: string, value: TSESTree.Node): void {
  let v = unwrap(value);
  if (v.type === 'ArrayExpression' && v.elements.length === 1 && v.elements[0] && v.elements[0].type !== 'SpreadElement') {
    v = unwrap(v.elements[0]);
  }
  if (v.type !== 'ObjectExpression') return;
  if (isLiteral(objectProperty(v, 'select')?.value, false) && !info.hidden.includes(key)) info.hidden.push(key);
  const ref = refName(objectProperty(v, 'ref')?.value);
  if (ref !== undefined) info.refs.set(key, ref);
}

function newSchemaInfo(): SchemaInfo {
  return { fields: [], hidden: [], jsonHidden: [], refs: new Map() };
}

function addJsonHidden(info: SchemaInfo, fields: readonly string[]): void {
  for (const f of fields) if (!info.jsonHidden.includes(f)) info.jsonHidden.push(f);
}

/** `{ toJSON: { transform(doc, ret) { delete ret.password } } }` */
function readJsonOptions(info: SchemaInfo, options: TSESTree.Node | undefined): void {
  const o = objectLiteral(options);
  if (!o) return;
  const transform = objectProperty(o, 'transform');
  if (transform) addJsonHidden(info, jsonRemoved(unwrap(transform.value)));
}

function isSchemaConstructor(context: AdapterContext, callee: TSESTree.Node, fileHasMongoose: boolean): boolean {
  const n = unwrap(callee);
  if (isMongooseName(context.sourceCode, context.facts, n, 'Schema')) return true;
  // `new mongoose.Schema(...)` with mongoose from anywhere, `new Schema(...)` destructured.
  if (n.type === 'MemberExpression' && memberKey(n) === 'Schema') {
    const root = memberPath(n.object);
    return fileHasMongoose && root?.length === 1 && root[0] === 'mongoose';
  }
  return n.type === 'Identifier' && n.name === 'Schema' && fileHasMongoose;
}

function bindingName(node: TSESTree.Node): { name: string; declarator: TSESTree.VariableDeclarator } | undefined {
  let n: TSESTree.Node = node;
  for (let i = 0; i < 4 && n.parent; i++) {
    const p: TSESTree.Node = n.parent;
    if (p.type === 'VariableDeclarator') return p.id.type === 'Identifier' ? { name: p.id.name, declarator: p } : undefined;
    if (p.type === 'LogicalExpression' || p.type === 'TSAsExpression' || p.type === 'TSNonNullExpression' || p.type === 'ConditionalExpression') {
      n = p;
      continue;
    }
    return undefined;
  }
  return undefined;
}

export function collectSchemas(context: AdapterContext, fileHasMongoose: boolean): FileSchemas {
  const { sourceCode, facts, nodes } = context;
  const schemas = new Map<TSESTree.Node, SchemaInfo>();
  const byName = new Map<string, SchemaInfo>();
  const named: { name: string; schema: SchemaInfo }[] = [];
  const bound = new Set<SchemaInfo>();

  for (const ne of nodes.news) {
    if (!isSchemaConstructor(context, ne.callee, fileHasMongoose)) continue;
    const def = ne.arguments[0] ? unwrap(ne.arguments[0]) : undefined;
    if (def?.type !== 'ObjectExpression') continue;
    const info = newSchemaInfo();
    for (const p of def.properties) {
      if (p.type !== 'Property') continue;
      const k = propertyKey(p);
      if (k === undefined) continue;
      if (!info.fields.includes(k)) info.fields.push(k);
      readPathOptions(info, k, p.value);
    }
    const opts = objectLiteral(ne.arguments[1]);
    if (opts) readJsonOptions(info, objectProperty(opts, 'toJSON')?.value);
    schemas.set(ne, info);
    const b = bindingName(ne);
    if (b) {
      schemas.set(b.declarator, info);
      byName.set(b.name, info);
      named.push({ name: b.name, schema: info });
    }
  }

  // NestJS `@Schema()` classes with `@Prop()` and Typegoose classes with `@prop()`.
  for (const cls of nodes.classes) {
    const nest = bareDecoratorCall(cls.decorators, 'Schema') !== undefined;
    let typegoose = false;
    const info = newSchemaInfo();
    for (const el of cls.body.body) {
      if (el.type === 'MethodDefinition' && propertyKey(el) === 'toJSON') addJsonHidden(info, jsonRemoved(el.value));
      if (el.type !== 'PropertyDefinition' || el.static) continue;
      const prop = bareDecoratorCall(el.decorators, 'Prop') ?? bareDecoratorCall(el.decorators, 'prop');
      if (!prop) continue;
      if (prop.callee.type === 'Identifier' && prop.callee.name === 'prop') typegoose = true;
      const k = propertyKey(el);
      if (k === undefined) continue;
      if (!info.fields.includes(k)) info.fields.push(k);
      if (prop.arguments[0]) readPathOptions(info, k, prop.arguments[0]);
    }
    if (!nest && !typegoose) continue;
    if (nest) {
      const o = objectLiteral(bareDecoratorCall(cls.decorators, 'Schema')?.arguments[0]);
      if (o) readJsonOptions(info, objectProperty(o, 'toJSON')?.value);
    }
    schemas.set(cls, info);
    if (cls.id) {
      byName.set(cls.id.name, info);
      named.push({ name: cls.id.name, schema: info });
    }
  }

  const schemaOf = (node: TSESTree.Node | undefined): SchemaInfo | undefined => {
    if (!node) return undefined;
    const n = unwrap(node);
    if (n.type === 'NewExpression') return schemas.get(n);
    if (n.type === 'Identifier') {
      const b = mongooseBinding(sourceCode, facts, n);
      if (b?.kind === 'init') return schemas.get(b.declarator) ?? schemaOf(b.init);
      if (b?.kind === 'other') return schemas.get(b.node);
      return undefined;
    }
    // SchemaFactory.createForClass(User)
    if (n.type === 'CallExpression' && methodOf(n)?.name === 'createForClass') {
      const arg = n.arguments[0] ? unwrap(n.arguments[0]) : undefined;
      return arg?.type === 'Identifier' ? byName.get(arg.name) : undefined;
    }
    return undefined;
  };

  // `const UserSchema = SchemaFactory.createForClass(User)` makes the class schema known by that name too.
  const models = new Map<TSESTree.Node, ModelInfo>();
  const modelList: ModelInfo[] = [];
  for (const call of nodes.calls) {
    const m = methodOf(call);
    const calleeName = call.callee.type === 'Identifier' ? call.callee.name : m?.name;
    if (calleeName === 'createForClass') {
      const info = schemaOf(call);
      const b = bindingName(call);
      if (info && b) schemas.set(b.declarator, info);
      continue;
    }
    // schema.set('toJSON', { transform }) / schema.method('toJSON', fn)
    if (m && (m.name === 'set' || m.name === 'method') && staticString(call.arguments[0]) === 'toJSON') {
      const info = schemaOf((unwrap(call.callee) as TSESTree.MemberExpression).object);
      if (!info) continue;
      if (m.name === 'set') readJsonOptions(info, call.arguments[1]);
      else addJsonHidden(info, jsonRemoved(call.arguments[1] ? unwrap(call.arguments[1]) : undefined));
      continue;
    }
    if (calleeName === 'getModelForClass') {
      const arg = call.arguments[0] ? unwrap(call.arguments[0]) : undefined;
      if (arg?.type !== 'Identifier' || !isMongooseName(sourceCode, facts, call.callee, 'getModelForClass')) continue;
      const schema = byName.get(arg.name);
      const b = bindingName(call);
      const model: ModelInfo = { name: arg.name, binding: b?.name, schema };
      if (schema) bound.add(schema);
      models.set(call, model);
      if (b) models.set(b.declarator, model);
      modelList.push(model);
      continue;
    }
    if (calleeName !== 'model' || call.arguments.length < 2) continue;
    const name = staticString(call.arguments[0]);
    if (name === undefined) continue;
    const schema = schemaOf(call.arguments[1]);
    const callee = unwrap(call.callee);
    const evidence =
      isMongooseName(sourceCode, facts, callee, 'model') ||
      schema !== undefined ||
      (callee.type === 'MemberExpression' && fileHasMongoose && /^(mongoose|conn|connection|db)$/i.test(memberPath(callee.object)?.join('.') ?? ''));
    if (!evidence) continue;
    const b = bindingName(call);
    const model: ModelInfo = { name, binding: b?.name, schema };
    if (schema) bound.add(schema);
    models.set(call, model);
    if (b) models.set(b.declarator, model);
    modelList.push(model);
  }

  // `UserSchema.methods.toJSON = function () { ... }` at the top level.
  for (const st of context.program.body) {
    if (st.type !== 'ExpressionStatement' || st.expression.type !== 'AssignmentExpression') continue;
    const left = st.expression.left;
    const path = left.type === 'MemberExpression' ? memberPath(left) : undefined;
    if (path?.length !== 3 || path[1] !== 'methods' || path[2] !== 'toJSON') continue;
    const info = byName.get(path[0] as string);
    if (info) addJsonHidden(info, jsonRemoved(unwrap(st.expression.right)));
  }

  const looseSchemas = named.filter((n) => !bound.has(n.schema));
  return { schemas, models, modelList, looseSchemas };
}
