/** Mongoose projections (`'a -b +c'`, `{ a: 1 }`, `['a']`), `populate(...)` relation reads, and edits. */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { propertyKey, unwrap } from '../../flow/ast.js';
import { declaredValue } from '../bindings.js';
import { memberPath, objectProperty, staticString, stringElements } from '../common.js';
import { removeListElement, replaceArguments } from '../edits.js';
import type { AdapterContext, NamedField, Projection, ReadEdits, RelationRead } from '../types.js';
import { mongooseBinding, type SchemaInfo } from './schema.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

export function quoteLike(raw: string, value: string): string {
  const q = raw[0] === '"' || raw[0] === '`' ? raw[0] : "'";
  return `${q}${value.replace(/\\/g, '\\\\').split(q).join(`\\${q}`)}${q}`;
}

// --- projections ---

export interface Tokens {
  include: NamedField[];
  exclude: NamedField[];
  added: NamedField[];
}

/** A projection written in place or a `const` it names (`undefined` stays itself). */
export function literalOf(context: AdapterContext, node: TSESTree.Node): TSESTree.Node | undefined {
  const n = unwrap(node);
  if (n.type === 'Identifier' && n.name === 'undefined') return n;
  return declaredValue(n, (id) => mongooseBinding(context.sourceCode, context.facts, id));
}

export function addToken(tokens: Tokens, token: string, node: TSESTree.Node): void {
  if (token.startsWith('-')) tokens.exclude.push({ name: token.slice(1), node });
  else if (token.startsWith('+')) tokens.added.push({ name: token.slice(1), node });
  else tokens.include.push({ name: token, node });
}

/** Adds a projection (`'a -b +c'`, `['a']`, `{ a: 1, b: 0 }`) to `tokens`; false when unreadable. */
export function readProjection(context: AdapterContext, node: TSESTree.Node, tokens: Tokens): boolean {
  const n = literalOf(context, node);
  if (!n) return false;
  if ((n.type === 'Literal' && n.value === null) || (n.type === 'Identifier' && n.name === 'undefined')) return true;
  const s = staticString(n);
  if (s !== undefined) {
    for (const t of s.split(/\s+/)) if (t.length > 0) addToken(tokens, t, n);
    return true;
  }
  if (n.type === 'ArrayExpression') {
    const list = stringElements(n);
    if (!list) return false;
    for (const { text, node: el } of list) addToken(tokens, text, el);
    return true;
  }
  if (n.type === 'ObjectExpression') {
    for (const p of n.properties) {
      if (p.type !== 'Property') return false;
      const k = propertyKey(p);
      if (k === undefined) return false;
      const v = unwrap(p.value);
      if (v.type !== 'Literal') continue; // `$slice`, `$elemMatch`, expressions: neither
      if (v.value === 0 || v.value === false) tokens.exclude.push({ name: k, node: p });
      else if (v.value === 1 || v.value === true) tokens.include.push({ name: k, node: p });
    }
    return true;
  }
  return false;
}

export function projectionOf(tokens: Tokens): Projection {
  if (tokens.include.length > 0) return { kind: 'fields', fields: [...tokens.include, ...tokens.added] };
  const added = tokens.added.length > 0 ? { added: tokens.added } : {};
  if (tokens.exclude.length > 0) return { kind: 'exclusion', excluded: tokens.exclude.map((f) => f.name), ...added };
  return { kind: 'none', ...added };
}

export function populateRelations(
  context: AdapterContext,
  args: readonly TSESTree.CallExpressionArgument[],
  schema: SchemaInfo | undefined,
  prefix: string,
  out: RelationRead[],
  depth: number,
): void {
  if (depth > 6) return;
  const first = args[0];
  if (!first || first.type === 'SpreadElement') return;
  const relation = (name: string, node: TSESTree.Node, select: TSESTree.Node | undefined, model: TSESTree.Node | undefined): void => {
    const tokens: Tokens = { include: [], exclude: [], added: [] };
    if (select && !readProjection(context, select, tokens)) return;
    let entity: string | undefined = model ? (staticString(model) ?? memberPath(model)?.at(-1)) : undefined;
    if (entity === undefined && !prefix) entity = schema?.refs.get(name);
    out.push({ name: prefix + name, entity: entity ? { name: entity, kind: 'model' } : undefined, projection: projectionOf(tokens), node });
  };
  const n = unwrap(first);
  const s = staticString(n);
  if (s !== undefined) {
    const select = args[1] && args[1].type !== 'SpreadElement' ? args[1] : undefined;
    const model = args[2] && args[2].type !== 'SpreadElement' ? args[2] : undefined;
    for (const path of s.split(/\s+/)) if (path) relation(path, n, select, model);
    return;
  }
  const items = n.type === 'ArrayExpression' ? n.elements : [n];
  for (const item of items) {
    if (!item || item.type === 'SpreadElement') continue;
    const el = unwrap(item);
    const str = staticString(el);
    if (str !== undefined) {
      for (const path of str.split(/\s+/)) if (path) relation(path, el, undefined, undefined);
      continue;
    }
    if (el.type !== 'ObjectExpression') continue;
    const path = staticString(objectProperty(el, 'path')?.value);
    if (path === undefined) continue;
    relation(path, el, objectProperty(el, 'select')?.value, objectProperty(el, 'model')?.value);
    const nested = objectProperty(el, 'populate');
    if (nested) populateRelations(context, [nested.value as TSESTree.Expression], undefined, `${prefix}${path}.`, out, depth + 1);
  }
}

// --- edits ---

export interface ProjectionSite {
  /** Replace this node's text (a projection argument or option value). */
  readonly replace?: TSESTree.Node;
  /** Replace the arguments of this `.select()` call. */
  readonly select?: TSESTree.CallExpression;
}

export function readEdits(call: TSESTree.CallExpression, site: ProjectionSite | null, projection: Projection, sourceCode: SourceCode): ReadEdits {
  const put = (text: string, fixer: TSESLint.RuleFixer): TSESLint.RuleFix | null => {
    if (site === null) return null;
    const quoted = `'${text}'`;
    if (site.replace) return fixer.replaceText(site.replace, quoted);
    if (site.select) return replaceArguments(site.select, quoted, sourceCode, fixer);
    return fixer.insertTextAfter(call, `.select(${quoted})`);
  };
  const valid = (f: string): boolean => /^[\w$.]+$/.test(f);
  return {
    project(fields, fixer) {
      if (fields.length === 0 || !fields.every(valid)) return null;
      return put(fields.join(' '), fixer);
    },
    exclude(fields, fixer) {
      if (fields.length === 0 || !fields.every(valid) || projection.kind === 'fields' || projection.kind === 'wildcard') return null;
      const excluded = projection.kind === 'exclusion' ? projection.excluded.filter((f) => !fields.includes(f)) : [];
      const added = (projection.added ?? []).map((f) => f.name).filter((f) => !fields.includes(f));
      return put([...excluded, ...fields].map((f) => `-${f}`).concat(added.map((f) => `+${f}`)).join(' '), fixer);
    },
    removeField(field, fixer) {
      const isInclusion = projection.kind === 'fields' && projection.fields.includes(field);
      if (isInclusion && projection.kind === 'fields' && projection.fields.length <= 1) return null; // would select everything
      const node = field.node;
      const s = staticString(node);
      if (s !== undefined && node.parent?.type !== 'ArrayExpression') {
        const kept = s.split(/\s+/).filter((t) => t.length > 0 && t !== field.name && t !== `+${field.name}`);
        return fixer.replaceText(node, quoteLike(sourceCode.getText(node), kept.join(' ')));
      }
      return removeListElement(node, sourceCode, fixer);
    },
  };
}
