/** Objection model classes: their static `relationMappings`, `tableName` and `jsonSchema`. */
import type { TSESTree } from '@typescript-eslint/utils';
import { propertyKey, unwrap } from '../../flow/ast.js';
import { objectProperty, staticString } from '../common.js';
import type { LocalModel } from '../types.js';
import type { ClassNode } from '../typeorm/bindings.js';

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
  return { library: 'objection', names, fields, hidden: [] };
}
