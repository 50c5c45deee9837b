/**
 * Sequelize models defined in the file: `class User extends Model` with `User.init(...)` or
 * `super.init(...)`, sequelize-typescript `@Table` classes with `@Column` properties and
 * `@DefaultScope`, and `sequelize.define('User', {...})`; their default scope, named scopes and
 * `toJSON()` overrides.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { memberKey, propertyKey, unwrap } from '../../flow/ast.js';
import type { FileFacts } from '../../flow/file-facts.js';
import { bareDecoratorCall, hasBareDecorator } from '../classes.js';
import { deletedFields, memberPath, methodOf, objectArgument, objectKeys, objectLiteral, objectProperty, staticString } from '../common.js';
import type { AdapterContext } from '../types.js';

export const SEQUELIZE_MODULES = ['sequelize', 'sequelize-typescript', '@sequelize/core', '@nestjs/sequelize'];

// ---------------------------------------------------------------------------------------------
// Models defined in the file

export interface SeqModel {
  /** JS binding (class or variable name). */
  readonly binding: string | undefined;
  readonly names: string[];
  readonly fields: string[];
  /** `defaultScope: { attributes: { exclude } }`. */
  readonly hidden: string[];
  /** Removed by a `toJSON()` override (skipped by `raw: true`). */
  readonly jsonHidden: string[];
  /** Named scopes: name → options object. */
  readonly scopes: Map<string, TSESTree.ObjectExpression>;
}

export function excludedByScope(scope: TSESTree.Node | undefined): string[] {
  if (!scope) return [];
  let n = unwrap(scope);
  if (n.type === 'ArrowFunctionExpression' && n.body.type !== 'BlockStatement') n = unwrap(n.body);
  if (n.type !== 'ObjectExpression') return [];
  const attrs = objectProperty(n, 'attributes');
  const v = attrs ? unwrap(attrs.value) : undefined;
  if (v?.type !== 'ObjectExpression') return [];
  const ex = objectProperty(v, 'exclude');
  const list = ex ? unwrap(ex.value) : undefined;
  if (list?.type !== 'ArrayExpression') return [];
  const out: string[] = [];
  for (const el of list.elements) {
    const s = el ? staticString(el) : undefined;
    if (s !== undefined) out.push(s);
  }
  return out;
}

export function applyModelOptions(model: SeqModel, options: TSESTree.ObjectExpression | undefined): void {
  if (!options) return;
  for (const key of ['modelName', 'tableName']) {
    const p = objectProperty(options, key);
    const s = p ? staticString(p.value) : undefined;
    if (s !== undefined && !model.names.includes(s)) model.names.push(s);
  }
  const ds = objectProperty(options, 'defaultScope');
  for (const f of excludedByScope(ds?.value)) if (!model.hidden.includes(f)) model.hidden.push(f);
  const scopes = objectProperty(options, 'scopes');
  const sv = scopes ? unwrap(scopes.value) : undefined;
  if (sv?.type === 'ObjectExpression') {
    for (const p of sv.properties) {
      if (p.type !== 'Property') continue;
      const k = propertyKey(p);
      const v = unwrap(p.value);
      if (k !== undefined && v.type === 'ObjectExpression') model.scopes.set(k, v);
    }
  }
}

export function addFields(model: SeqModel, attrs: TSESTree.ObjectExpression | undefined): void {
  if (!attrs) return;
  for (const k of objectKeys(attrs)) if (!model.fields.includes(k)) model.fields.push(k);
}

export function isSequelizeImport(facts: FileFacts, name: string): boolean {
  const imp = facts.imports.get(name);
  return imp !== undefined && SEQUELIZE_MODULES.includes(imp.module);
}

export function isModelSuperclass(facts: FileFacts, node: TSESTree.Node | null | undefined): boolean {
  if (!node) return false;
  const n = unwrap(node);
  if (n.type === 'Identifier') {
    const imp = facts.imports.get(n.name);
    return imp !== undefined && SEQUELIZE_MODULES.includes(imp.module) && imp.imported === 'Model';
  }
  if (n.type === 'MemberExpression' && memberKey(n) === 'Model') {
    const root = unwrap(n.object);
    return root.type === 'Identifier' && isSequelizeImport(facts, root.name);
  }
  return false;
}

export interface Models {
  readonly byNode: Map<TSESTree.Node, SeqModel>;
  readonly list: SeqModel[];
}

export const COLUMN_DECORATORS: ReadonlySet<string> = new Set(['Column', 'CreatedAt', 'UpdatedAt', 'DeletedAt']);

export function collectModels(context: AdapterContext, fileHasSequelize: boolean): Models {
  const { facts, nodes } = context;
  const byNode = new Map<TSESTree.Node, SeqModel>();
  const list: SeqModel[] = [];
  const byClassName = new Map<string, SeqModel>();
  for (const cls of nodes.classes) {
    if (!isModelSuperclass(facts, cls.superClass)) continue;
    const binding = cls.id?.name ?? (cls.parent?.type === 'VariableDeclarator' && cls.parent.id.type === 'Identifier' ? cls.parent.id.name : undefined);
    const model: SeqModel = { binding, names: binding ? [binding] : [], fields: [], hidden: [], jsonHidden: [], scopes: new Map() };
    // sequelize-typescript: @Table({...}), @DefaultScope(() => ({...})), @Column properties.
    const table = bareDecoratorCall(cls.decorators, 'Table');
    applyModelOptions(model, objectLiteral(table?.arguments[0]));
    const defaultScope = bareDecoratorCall(cls.decorators, 'DefaultScope');
    for (const f of excludedByScope(defaultScope?.arguments[0])) if (!model.hidden.includes(f)) model.hidden.push(f);
    for (const el of cls.body.body) {
      if (el.type === 'PropertyDefinition' && !el.static && hasBareDecorator(el.decorators, COLUMN_DECORATORS)) {
        const k = propertyKey(el);
        if (k !== undefined && !model.fields.includes(k)) model.fields.push(k);
      }
      if (el.type === 'MethodDefinition' && !el.static && propertyKey(el) === 'toJSON') {
        model.jsonHidden.push(...deletedFields(el.value));
      }
    }
    byNode.set(cls, model);
    if (cls.parent?.type === 'VariableDeclarator') byNode.set(cls.parent, model);
    if (binding) byClassName.set(binding, model);
    list.push(model);
  }
  for (const call of nodes.calls) {
    const m = methodOf(call);
    if (!m) continue;
    if (m.name === 'init') {
      const callee = unwrap(call.callee) as TSESTree.MemberExpression;
      const obj = unwrap(callee.object);
      let model: SeqModel | undefined;
      if (obj.type === 'Identifier') model = byClassName.get(obj.name);
      else if (obj.type === 'Super') {
        let c: TSESTree.Node | undefined = call.parent;
        while (c && c.type !== 'ClassDeclaration' && c.type !== 'ClassExpression') c = c.parent;
        if (c) model = byNode.get(c);
      }
      if (!model) continue;
      addFields(model, objectArgument(call, 0));
      applyModelOptions(model, objectArgument(call, 1));
      continue;
    }
    if (m.name === 'define') {
      const name = staticString(call.arguments[0]);
      const attrs = objectArgument(call, 1);
      if (name === undefined || !attrs) continue;
      const callee = unwrap(call.callee) as TSESTree.MemberExpression;
      const receiver = memberPath(callee.object)?.join('.').toLowerCase() ?? '';
      if (!fileHasSequelize && !/sequelize|db|orm/.test(receiver)) continue;
      const parent = call.parent;
      const binding = parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier' ? parent.id.name : undefined;
      const model: SeqModel = { binding, names: [], fields: [], hidden: [], jsonHidden: [], scopes: new Map() };
      if (binding) model.names.push(binding);
      model.names.push(name);
      addFields(model, attrs);
      applyModelOptions(model, objectArgument(call, 2));
      if (parent?.type === 'VariableDeclarator') byNode.set(parent, model);
      byNode.set(call, model);
      list.push(model);
    }
  }
  return { byNode, list };
}
