/** Objection relation expressions: `posts`, `[posts, owner.[pets, toys]]`, `children(onlyActive) as kids`. */
import type { TSESTree } from '@typescript-eslint/utils';
import { propertyKey, unwrap } from '../../flow/ast.js';
import { objectProperty } from '../common.js';

export interface RelationPath {
  readonly path: string;
  readonly modified: boolean;
}

const TOKEN = /\s*([A-Za-z_$][\w$]*|\^\d*|\*|[[\](),.])/y;

/** Parses an Objection relation expression; undefined when it cannot be read. */
export function parseRelationExpression(text: string): RelationPath[] | undefined {
  if (text.length > 2000) return undefined;
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const start = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m) {
      if (/^\s*$/.test(text.slice(start))) break;
      return undefined;
    }
    tokens.push(m[1] as string);
  }
  let i = 0;
  const out: RelationPath[] = [];
  const peek = (): string | undefined => tokens[i];
  const item = (prefix: string, modifiedAbove: boolean, depth: number): boolean => {
    if (depth > 16) return false;
    const name = tokens[i++];
    if (name === undefined || !/^([A-Za-z_$]|\^|\*)/.test(name)) return false;
    let modified = modifiedAbove;
    if (peek() === '(') {
      modified = true;
      for (i++; peek() !== ')'; i++) if (peek() === undefined) return false;
      i++;
    }
    if (peek() === 'as') i += 2;
    const special = name.startsWith('^') || name === '*';
    const path = `${prefix}${name}`;
    if (!special) out.push({ path, modified });
    if (peek() === '.') {
      i++;
      if (special) return false;
      return peek() === '[' ? list(`${path}.`, modified, depth + 1) : item(`${path}.`, modified, depth + 1);
    }
    return true;
  };
  const list = (prefix: string, modified: boolean, depth: number): boolean => {
    i++; // [
    if (peek() === ']') {
      i++;
      return true;
    }
    for (;;) {
      if (!item(prefix, modified, depth)) return false;
      const t = tokens[i++];
      if (t === ']') return true;
      if (t !== ',') return false;
    }
  };
  const ok = peek() === '[' ? list('', false, 0) : item('', false, 0);
  return ok && i === tokens.length ? out : undefined;
}

/** `{ posts: true, owner: { pets: true, $modify: ['x'] } }` */
export function objectRelations(node: TSESTree.ObjectExpression, prefix: string, out: RelationPath[], depth: number): boolean {
  if (depth > 16) return false;
  const modified = objectProperty(node, '$modify') !== undefined;
  for (const p of node.properties) {
    const key = p.type === 'Property' ? propertyKey(p) : undefined;
    if (p.type !== 'Property' || key === undefined) return false;
    if (key.startsWith('$')) continue;
    const v = unwrap(p.value);
    if (v.type === 'Literal' && v.value === true) out.push({ path: `${prefix}${key}`, modified });
    else if (v.type === 'ObjectExpression') {
      out.push({ path: `${prefix}${key}`, modified: modified || objectProperty(v, '$modify') !== undefined });
      if (!objectRelations(v, `${prefix}${key}.`, out, depth + 1)) return false;
    } else if (!(v.type === 'Literal' && v.value === false)) return false;
  }
  return true;
}
