/**
 * MikroORM QueryBuilder chains written in one expression:
 * `em.createQueryBuilder(User, 'u')[.select(…)][.leftJoinAndSelect('u.books', 'b')]….getResultList()`
 * (also `repo.createQueryBuilder('u')` / `repo.qb('u')`). No `select` means every column; a
 * `*` select is a wildcard; `joinAndSelect` loads a relation whole. `execute()` returns raw rows:
 * serialisation (`hidden: true`) does not apply to them.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { unwrap } from '../../flow/ast.js';
import { DATA, tupleWith, type ValueShape } from '../../flow/value-shape.js';
import { methodOf, staticString, stringElements } from '../common.js';
import { removeListElement, replaceArguments, stringArray, quoteOrJson } from '../edits.js';
import type { NamedField, Projection, ReadEdits, RelationRead } from '../types.js';

/** Terminal methods → how their value holds the entities (undefined: the entities themselves). */
export const QB_TERMINALS: ReadonlyMap<string, { shape?: ValueShape; raw?: boolean }> = new Map<string, { shape?: ValueShape; raw?: boolean }>([
  ['getResultList', {}],
  ['getResult', {}],
  ['getSingleResult', {}],
  ['getResultAndCount', { shape: tupleWith(0, DATA) }],
  ['execute', { raw: true }],
]);

/** Methods that only filter, order or page: the chain still returns the same rows. */
const PASSING: ReadonlySet<string> = new Set([
  'where', 'andWhere', 'orWhere', 'orderBy', 'groupBy', 'having', 'limit', 'offset', 'setFlag', 'cache',
  'join', 'leftJoin', 'innerJoin', 'withSubQuery', 'indexHint', 'comment', 'hintComment', 'distinct', 'setLockMode',
]);
const JOIN_AND_SELECT: ReadonlySet<string> = new Set(['joinAndSelect', 'leftJoinAndSelect', 'innerJoinAndSelect']);

export interface QbRead {
  /** `em.createQueryBuilder(User, 'u')` or `repo.createQueryBuilder('u')`. */
  readonly root: TSESTree.CallExpression;
  readonly alias: string | undefined;
  readonly projection: Projection;
  readonly relations: RelationRead[];
  readonly raw: boolean;
  readonly shape: ValueShape | undefined;
  readonly edits: ReadEdits;
}

/** The calls from the root to `terminal`, innermost first; undefined when the chain is not one expression. */
function chainOf(terminal: TSESTree.CallExpression): TSESTree.CallExpression[] | undefined {
  const calls: TSESTree.CallExpression[] = [terminal];
  let current: TSESTree.Node = terminal;
  for (let depth = 0; depth < 64; depth++) {
    const callee = unwrap((current as TSESTree.CallExpression).callee);
    if (callee.type !== 'MemberExpression') return undefined;
    const object = unwrap(callee.object);
    if (object.type !== 'CallExpression') return calls.reverse();
    calls.push(object);
    current = object;
  }
  return undefined;
}

/** `'u.id'` → `id` for the root alias; other qualified names are not the root entity's. */
function ownField(text: string, alias: string | undefined): string | undefined {
  const dot = text.indexOf('.');
  if (dot < 0) return text;
  return alias !== undefined && text.slice(0, dot) === alias ? text.slice(dot + 1) : undefined;
}

/**
 * Reads the chain ending at `terminal`. `isRoot(call)` says whether a call is a QueryBuilder
 * root (and with which alias argument index).
 */
export function qbRead(
  terminal: TSESTree.CallExpression,
  isRoot: (call: TSESTree.CallExpression) => { aliasIndex: number } | undefined,
  sourceCode: Readonly<TSESLint.SourceCode>,
): QbRead | undefined {
  const terminalMethod = methodOf(terminal)?.name;
  const spec = terminalMethod ? QB_TERMINALS.get(terminalMethod) : undefined;
  const chain = chainOf(terminal);
  if (!spec || !chain || chain.length < 2) return undefined;
  const root = chain[0] as TSESTree.CallExpression;
  const rootInfo = isRoot(root);
  if (!rootInfo) return undefined;
  const aliasArg = root.arguments[rootInfo.aliasIndex];
  const alias = aliasArg ? staticString(aliasArg) : undefined;
  if (aliasArg && alias === undefined) return undefined;
  let projection = { kind: 'none' } as Projection;
  let select: TSESTree.CallExpression | undefined;
  const relations: RelationRead[] = [];
  for (const call of chain.slice(1, -1)) {
    const name = methodOf(call)?.name;
    if (!name) return undefined;
    if (name === 'select' || name === 'addSelect') {
      const items: { text: string; node: TSESTree.Node }[] = [];
      for (const arg of call.arguments) {
        const s = staticString(arg);
        if (s !== undefined) items.push({ text: s, node: arg });
        else if (arg.type === 'ArrayExpression' && stringElements(arg)) items.push(...(stringElements(arg) ?? []));
        else return undefined; // raw() expressions, variables
      }
      if (items.some((i) => i.text === '*' || (alias !== undefined && i.text === `${alias}.*`))) {
        projection = { kind: 'wildcard' };
      } else if (projection.kind !== 'wildcard') {
        const fields: NamedField[] = [];
        for (const i of items) {
          const own = ownField(i.text, alias);
          if (own !== undefined && /^[\w$]+$/.test(own)) fields.push({ name: own, node: i.node });
        }
        projection = name === 'select' || projection.kind !== 'fields' ? { kind: 'fields', fields } : { kind: 'fields', fields: [...projection.fields, ...fields] };
      }
      if (name === 'select') select = call;
    } else if (JOIN_AND_SELECT.has(name)) {
      const path = staticString(call.arguments[0]);
      const relation = path !== undefined ? ownField(path, alias) : undefined;
      if (relation === undefined) return undefined;
      const fieldsArg = call.arguments[3];
      let relProjection: Projection = { kind: 'none' };
      if (fieldsArg) {
        const list = fieldsArg.type === 'ArrayExpression' ? stringElements(fieldsArg) : undefined;
        if (!list) return undefined;
        relProjection = { kind: 'fields', fields: list.map(({ text, node }) => ({ name: text, node })) };
      }
      relations.push({ name: relation, entity: undefined, projection: relProjection, node: call.arguments[0] as TSESTree.Node });
    } else if (!PASSING.has(name)) {
      return undefined;
    }
  }
  return { root, alias, projection, relations, raw: spec.raw === true, shape: spec.shape, edits: qbEdits(root, select, alias, sourceCode) };
}

function qbEdits(root: TSESTree.CallExpression, select: TSESTree.CallExpression | undefined, alias: string | undefined, sourceCode: Readonly<TSESLint.SourceCode>): ReadEdits {
  const qualify = (f: string): string => (alias !== undefined ? `${alias}.${f}` : f);
  return {
    project(fields, fixer) {
      if (fields.length === 0) return null;
      const list = stringArray(fields.map(qualify), quoteOrJson);
      return select ? replaceArguments(select, list, sourceCode, fixer) : fixer.insertTextAfter(root, `.select(${list})`);
    },
    removeField(field, fixer) {
      const node = field.node;
      if (!select || node.parent?.type !== 'ArrayExpression' || node.parent.elements.length < 2) return null;
      return removeListElement(node, sourceCode, fixer);
    },
  };
}
