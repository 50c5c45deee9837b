/**
 * Objection model classes: their static `relationMappings`, `tableName` and `jsonSchema`, and the
 * keys their `$formatJson` / `toJSON` overrides remove.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { memberKey, propertyKey, unwrap } from '../../flow/ast.js';
import { objectProperty, staticString } from '../common.js';
import type { LocalModel } from '../types.js';
import type { ClassNode } from '../classes.js';

/** `static relationMappings = {…}`, `= () => ({…})`, or `static get relationMappings() { return {…} }`. */
export function relationMappings(cls: ClassNode): TSESTree.ObjectExpression | undefined {
  return staticObject(cls, 'relationMappings');
}

function staticObject(cls: ClassNode, name: string): TSESTree.ObjectExpression | undefined {
  for (const member of cls.body.body) {
    if ((member.type !== 'PropertyDefinition' && member.type !== 'MethodDefinition') || !member.static) continue;
    if (propertyKey(member) !== name) continue;
    let value: TSESTree.Node | null | undefined = member.value;
    if (value && (value.type === 'ArrowFunctionExpression' || value.type === 'FunctionExpression')) {
      const body: TSESTree.Node = value.body;
      if (body.type === 'BlockStatement') {
        const ret = body.body.find((s): s is TSESTree.ReturnStatement => s.type === 'ReturnStatement');
        value = ret?.argument;
      } else value = body;
    }
    const v = value ? unwrap(value) : undefined;
    return v?.type === 'ObjectExpression' ? v : undefined;
  }
  return undefined;
}

function staticText(cls: ClassNode, name: string): string | undefined {
  for (const member of cls.body.body) {
    if ((member.type !== 'PropertyDefinition' && member.type !== 'MethodDefinition') || !member.static) continue;
    if (propertyKey(member) !== name) continue;
    const value = member.value;
    if (value?.type === 'FunctionExpression') {
      const ret = value.body.body.find((s): s is TSESTree.ReturnStatement => s.type === 'ReturnStatement');
      return staticString(ret?.argument);
    }
    return staticString(value);
  }
  return undefined;
}

/** `omit(json, ['a', 'b'])`, `_.omit(json, 'a', 'b')`: the omitted keys; undefined when not such a call. */
function omitKeys(node: TSESTree.Node | null | undefined): string[] | undefined {
  const n = node ? unwrap(node) : undefined;
  if (n?.type !== 'CallExpression') return undefined;
  const callee = unwrap(n.callee);
  const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier' ? callee.property.name : undefined;
  if (name !== 'omit') return undefined;
  const keys: string[] = [];
  for (const arg of n.arguments.slice(1)) {
    const a = unwrap(arg);
    const elements = a.type === 'ArrayExpression' ? a.elements : [a];
    for (const el of elements) {
      const s = el && el.type !== 'SpreadElement' ? staticString(el) : undefined;
      if (s === undefined) return undefined;
      keys.push(s);
    }
  }
  return keys;
}

/**
 * Keys an instance `$formatJson(json)` / `toJSON()` override removes from what is sent to a client:
 * `delete json.password`, `return omit(json, ['password'])`, or
 * `const { password, ...rest } = json; return rest;`.
 */
function formatRemoved(cls: ClassNode): string[] {
  const out: string[] = [];
  const add = (k: string): void => {
    if (!out.includes(k)) out.push(k);
  };
  for (const member of cls.body.body) {
    if (member.type !== 'MethodDefinition' || member.static || member.kind !== 'method') continue;
    const name = propertyKey(member);
    if (name !== '$formatJson' && name !== 'toJSON') continue;
    const body = member.value.body?.body ?? [];
    const rests = new Map<string, string[]>();
    for (const statement of body) {
      if (statement.type === 'ExpressionStatement') {
        const e = statement.expression;
        if (e.type === 'UnaryExpression' && e.operator === 'delete' && e.argument.type === 'MemberExpression') {
          const key = memberKey(e.argument);
          if (typeof key === 'string') add(key);
        }
      } else if (statement.type === 'VariableDeclaration') {
        for (const d of statement.declarations) {
          if (d.id.type !== 'ObjectPattern') continue;
          const rest = d.id.properties.find((p): p is TSESTree.RestElement => p.type === 'RestElement');
          if (rest?.argument.type !== 'Identifier') continue;
          const taken = d.id.properties.flatMap((p) => (p.type === 'Property' && propertyKey(p) !== undefined ? [propertyKey(p) as string] : []));
          rests.set(rest.argument.name, taken);
        }
      } else if (statement.type === 'ReturnStatement' && statement.argument) {
        const arg = unwrap(statement.argument);
        const omitted = omitKeys(arg) ?? (arg.type === 'Identifier' ? rests.get(arg.name) : undefined);
        for (const k of omitted ?? []) add(k);
      }
    }
  }
  return out;
}

export function localModel(cls: ClassNode, name: string): LocalModel {
  const names = [name];
  const table = staticText(cls, 'tableName');
  if (table && !names.includes(table)) names.push(table);
  const fields: string[] = [];
  const schema = staticObject(cls, 'jsonSchema');
  const props = schema ? objectProperty(schema, 'properties') : undefined;
  const pv = props ? unwrap(props.value) : undefined;
  if (pv?.type === 'ObjectExpression') {
    for (const p of pv.properties) {
      const key = p.type === 'Property' ? propertyKey(p) : undefined;
      if (key !== undefined) fields.push(key);
    }
  }
  return { library: 'objection', names, fields, hidden: [], dropped: formatRemoved(cls) };
}
