/** Sequelize `attributes` and `include` options: projections, relation reads, and edits. */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { unwrap } from '../../flow/ast.js';
import { declaredBinding, declaredValue } from '../bindings.js';
import { isLiteral, memberPath, objectProperty, staticString } from '../common.js';
import { appendArgument, insertFirstProperty, quote, removeListElement, stringArray } from '../edits.js';
import type { AdapterContext, NamedField, Projection, ReadEdits, RelationRead } from '../types.js';

type SourceCode = Readonly<TSESLint.SourceCode>;
type Fix = TSESLint.RuleFix | readonly TSESLint.RuleFix[] | null;

// ---------------------------------------------------------------------------------------------
// Projections

/** Resolves an identifier to the object/array literal it is a `const` of (same file). */
export function literalOf(context: AdapterContext, node: TSESTree.Node): TSESTree.Node | undefined {
  const n = unwrap(node);
  if (n.type !== 'Identifier') return n;
  const init = declaredValue(n, (id) => declaredBinding(context.sourceCode, context.facts, id));
  return init?.type === 'ArrayExpression' || init?.type === 'ObjectExpression' ? init : undefined;
}

/** `['id', ['name', 'alias'], [fn(...), 'n']]` → named fields; undefined when unreadable. */
export function attributeList(context: AdapterContext, node: TSESTree.Node): NamedField[] | undefined {
  const list = literalOf(context, node);
  if (list?.type !== 'ArrayExpression') return undefined;
  const out: NamedField[] = [];
  for (const el of list.elements) {
    if (!el || el.type === 'SpreadElement') return undefined;
    const s = staticString(el);
    if (s !== undefined) {
      out.push({ name: s, node: el });
      continue;
    }
    const e = unwrap(el);
    if (e.type === 'ArrayExpression') {
      const first = e.elements[0];
      const col = first && first.type !== 'SpreadElement' ? staticString(first) : undefined;
      if (col !== undefined) out.push({ name: col, node: el });
      // `[sequelize.fn(...), 'alias']`: a computed value, not a column.
      continue;
    }
    if (e.type === 'CallExpression') continue; // sequelize.col(...) / literal(...)
    return undefined;
  }
  return out;
}

/** The projection that `attributes` asks for; undefined when it cannot be read. */
export function attributesProjection(context: AdapterContext, value: TSESTree.Node | undefined): Projection | undefined {
  if (!value) return { kind: 'none' };
  const v = literalOf(context, value);
  if (!v) return undefined;
  if (v.type === 'ArrayExpression') {
    const fields = attributeList(context, v);
    return fields ? { kind: 'fields', fields } : undefined;
  }
  if (v.type === 'ObjectExpression') {
    if (v.properties.some((p) => p.type !== 'Property')) return undefined;
    const ex = objectProperty(v, 'exclude');
    const inc = objectProperty(v, 'include');
    const added = inc ? attributeList(context, inc.value) : [];
    if (!added) return undefined;
    if (ex) {
      const excl = attributeList(context, ex.value);
      if (!excl) return undefined;
      const excluded = excl.map((f) => f.name);
      return added.length > 0 ? { kind: 'exclusion', excluded, added } : { kind: 'exclusion', excluded };
    }
    return added.length > 0 ? { kind: 'none', added } : { kind: 'none' };
  }
  return undefined;
}

/** A model reference inside `include`: `Post`, `db.Post`, `models.Post`. */
export function modelRefName(node: TSESTree.Node): string | undefined {
  const path = memberPath(node);
  const last = path?.[path.length - 1];
  return last && last !== 'this' && /^[A-Z]/.test(last) ? last : undefined;
}

export function includeRelations(context: AdapterContext, value: TSESTree.Node, prefix: string, out: RelationRead[], depth: number): void {
  if (depth > 6) return;
  const v = unwrap(value);
  const items = v.type === 'ArrayExpression' ? v.elements : [v];
  for (const item of items) {
    if (!item || item.type === 'SpreadElement') continue;
    const el = unwrap(item);
    const s = staticString(el);
    if (s !== undefined) {
      out.push({ name: prefix + s, entity: undefined, projection: { kind: 'none' }, node: item });
      continue;
    }
    if (el.type === 'ObjectExpression') {
      if (el.properties.some((p) => p.type !== 'Property')) continue;
      if (isLiteral(objectProperty(el, 'all')?.value, true)) continue;
      const modelProp = objectProperty(el, 'model');
      const modelName = modelProp ? modelRefName(modelProp.value) : undefined;
      const as = staticString(objectProperty(el, 'as')?.value);
      const assocProp = objectProperty(el, 'association');
      let assoc: string | undefined;
      if (assocProp) {
        assoc = staticString(assocProp.value);
        if (assoc === undefined) {
          const path = memberPath(assocProp.value);
          assoc = path?.[path.length - 1];
        }
      }
      const name = as ?? assoc ?? modelName;
      if (name === undefined) continue;
      const projection = attributesProjection(context, objectProperty(el, 'attributes')?.value);
      if (!projection) continue;
      out.push({
        name: prefix + name,
        entity: modelName ? { name: modelName, kind: 'model' } : undefined,
        projection,
        node: item,
      });
      const nested = objectProperty(el, 'include');
      if (nested) includeRelations(context, nested.value, `${prefix}${name}.`, out, depth + 1);
      continue;
    }
    const modelName = el.type === 'Identifier' || el.type === 'MemberExpression' ? modelRefName(el) : undefined;
    if (modelName) out.push({ name: prefix + modelName, entity: { name: modelName, kind: 'model' }, projection: { kind: 'none' }, node: item });
  }
}

// ---------------------------------------------------------------------------------------------
// Edits

export function readEdits(
  call: TSESTree.CallExpression,
  optIndex: number,
  options: TSESTree.ObjectExpression | undefined,
  projection: Projection,
  sourceCode: SourceCode,
): ReadEdits {
  const addOptions = (text: string, fixer: TSESLint.RuleFixer): Fix => {
    if (options) return insertFirstProperty(options, text, fixer);
    return appendArgument(call, optIndex, `{ ${text} }`, sourceCode, fixer);
  };
  const attributes = options ? objectProperty(options, 'attributes') : undefined;
  return {
    project(fields, fixer) {
      if (fields.length === 0) return null;
      if (attributes) return fixer.replaceText(attributes.value, stringArray(fields));
      return addOptions(`attributes: ${stringArray(fields)}`, fixer);
    },
    exclude(fields, fixer) {
      if (fields.length === 0 || projection.kind === 'fields') return null;
      if (!attributes) return addOptions(`attributes: { exclude: ${stringArray(fields)} }`, fixer);
      const v = unwrap(attributes.value);
      if (v.type !== 'ObjectExpression') return null;
      const ex = objectProperty(v, 'exclude');
      if (!ex) return insertFirstProperty(v, `exclude: ${stringArray(fields)}`, fixer);
      const list = unwrap(ex.value);
      if (list.type !== 'ArrayExpression') return null;
      const have = new Set(list.elements.map((e) => (e ? staticString(e) : undefined)));
      const missing = fields.filter((f) => !have.has(f));
      if (missing.length === 0) return null;
      const last = list.elements[list.elements.length - 1];
      if (!last) return fixer.replaceText(list, stringArray(missing));
      return fixer.insertTextAfter(last, `, ${missing.map(quote).join(', ')}`);
    },
    removeField(field, fixer) {
      const parent = field.node.parent;
      if (parent?.type !== 'ArrayExpression') return null;
      return removeListElement(field.node, sourceCode, fixer);
    },
  };
}
