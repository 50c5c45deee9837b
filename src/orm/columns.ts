/** Table and column references written as strings in query builders (Knex, Kysely): `'users as u'`, `'u.email as e'`. */
import type { TSESTree } from '@typescript-eslint/utils';

export interface TableRef {
  readonly name: string;
  readonly alias: string | undefined;
  readonly node: TSESTree.Node;
}

export interface Column {
  readonly qualifier: string | undefined;
  /** `*` for a wildcard. */
  readonly column: string;
  readonly node: TSESTree.Node;
}

/** `'users'`, `'public.users'`, `'users as u'` → the table and its alias; undefined for anything else. */
export function parseTable(s: string, node: TSESTree.Node): TableRef | undefined {
  const m = /^\s*([\w$.]+)(?:\s+as\s+([\w$]+))?\s*$/i.exec(s);
  return m?.[1] ? { name: m[1], alias: m[2], node } : undefined;
}

/** `'email'`, `'u.email'`, `'u.email as e'`, `'u.*'` → the column and its qualifier; undefined when empty. */
export function parseColumn(s: string, node: TSESTree.Node): Column | undefined {
  // One white-space character each side is enough (the part is trimmed): `\s+as\s+` is quadratic.
  const spec = s.split(/\sas\s/i)[0]?.trim() ?? '';
  const parts = spec.split('.');
  const column = parts[parts.length - 1];
  return column ? { qualifier: parts.length > 1 ? parts[parts.length - 2] : undefined, column, node } : undefined;
}
