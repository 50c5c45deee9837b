/**
 * TypeORM SelectQueryBuilder chains: `repo.createQueryBuilder('user').leftJoinAndSelect(...)
 * .addSelect('user.password').getOne()`, inline or through a variable (`const qb = …; qb.where(…);
 * await qb.getMany()`). Simulates the selection list (`select` resets it, `addSelect` and
 * `*JoinAndSelect` add to it) and attributes it to the main alias and the joined relations.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { memberKey, unwrap } from '../../flow/ast.js';
import { DATA, tupleWith, type ValueShape } from '../../flow/value-shape.js';
import { bindingOf, readReferences } from '../bindings.js';
import { callsOn, methodOf, staticString, stringElements, unwrapAwait, within } from '../common.js';
import { removeListElement } from '../edits.js';
import type { EntityRef, NamedField, Projection, ReadEdits, RelationRead } from '../types.js';
import { entityOf, type TypeormReceivers } from './receivers.js';

/** Methods that run a select query, and how their value holds the entities. */
export const QB_TERMINALS: ReadonlyMap<string, ValueShape | undefined> = new Map<string, ValueShape | undefined>([
  ['getMany', undefined],
  ['getOne', undefined],
  ['getOneOrFail', undefined],
  ['getRawMany', undefined],
  ['getRawOne', undefined],
  ['getManyAndCount', tupleWith(0, DATA)],
  ['getRawAndEntities', { kind: 'object', props: new Map([['entities', DATA], ['raw', DATA]]) }],
]);

/** Methods that turn the builder into something other than a select. */
const NOT_SELECT: ReadonlySet<string> = new Set([
  'update', 'delete', 'insert', 'softDelete', 'restore', 'relation', 'into', 'values', 'set', 'setFindOptions',
  'getCount', 'getExists', 'stream', 'execute',
]);

/** Methods that end one use of a builder held in a variable. */
const EXECUTORS: ReadonlySet<string> = new Set([
  ...QB_TERMINALS.keys(), 'getCount', 'getExists', 'execute', 'stream', 'getQuery', 'getSql', 'getQueryAndParameters',
  'getParameters', 'clone',
]);

const JOIN_AND_SELECT: ReadonlySet<string> = new Set(['leftJoinAndSelect', 'innerJoinAndSelect']);
const JOIN_ONLY: ReadonlySet<string> = new Set(['leftJoin', 'innerJoin']);
const JOIN_AND_MAP: ReadonlySet<string> = new Set(['leftJoinAndMapOne', 'leftJoinAndMapMany', 'innerJoinAndMapOne', 'innerJoinAndMapMany']);

/** A builder chain: the `createQueryBuilder` call, then the calls applied to the builder in order. */
export interface QbChain {
  readonly root: TSESTree.CallExpression;
  readonly calls: readonly TSESTree.CallExpression[];
  /** Whether the root is written inline in the terminal's own chain (edits are safe then). */
  readonly inline: boolean;
}

function isQbRoot(call: TSESTree.CallExpression, receivers: TypeormReceivers): boolean {
  if (methodOf(call)?.name !== 'createQueryBuilder') return false;
  const callee = unwrap(call.callee);
  return callee.type === 'MemberExpression' && receivers.classify(callee.object) !== undefined;
}

/** Walks from `call` inwards to the builder's root; undefined when there is none. */
export function qbChain(
  call: TSESTree.CallExpression,
  receivers: TypeormReceivers,
  sourceCode: Readonly<TSESLint.SourceCode>,
  depth = 0,
): QbChain | undefined {
  if (depth > 4) return undefined;
  const calls: TSESTree.CallExpression[] = [];
  let n: TSESTree.Node = call;
  for (let i = 0; i < 64; i++) {
    n = unwrap(n);
    if (n.type === 'CallExpression') {
      if (isQbRoot(n, receivers)) return { root: n, calls: calls.reverse(), inline: true };
      const callee = unwrap(n.callee);
      if (callee.type !== 'MemberExpression') return undefined;
      calls.push(n);
      n = callee.object;
      continue;
    }
    if (n.type !== 'Identifier') return undefined;
    // A builder held in a variable: its value's chain, then every `qb.x(...)` written before `call`.
    const b = bindingOf(n, sourceCode);
    if (b?.kind !== 'variable') return undefined;
    const id = n;
    const rooted = b.values.map(unwrapAwait).filter((v): v is TSESTree.CallExpression => v.type === 'CallExpression');
    let base: QbChain | undefined;
    for (const v of rooted) {
      const root = rootIdentifier(v);
      if (root && root.name === id.name) continue;
      base = qbChain(v, receivers, sourceCode, depth + 1);
      if (base) break;
    }
    if (!base) return undefined;
    const extra = new Set<TSESTree.CallExpression>(calls);
    for (const ref of readReferences(id, sourceCode)) {
      if (ref.range[0] >= call.range[1]) continue;
      for (const outer of callsOn(ref)) {
        if (outer.range[1] > call.range[1] || (outer !== call && EXECUTORS.has(methodOf(outer)?.name ?? ''))) break;
        if (outer.range[0] < call.range[1]) extra.add(outer);
      }
    }
    for (const v of rooted) {
      const root = rootIdentifier(v);
      if (!root || root.name !== id.name || v.range[0] >= call.range[1]) continue;
      for (let c: TSESTree.Node = v; c.type === 'CallExpression'; ) {
        extra.add(c);
        const callee = unwrap(c.callee);
        if (callee.type !== 'MemberExpression') break;
        c = unwrap(callee.object);
      }
    }
    const ordered = [...extra].sort((a, b2) => a.range[0] - b2.range[0] || a.range[1] - b2.range[1]);
    return { root: base.root, calls: [...base.calls, ...ordered], inline: false };
  }
  return undefined;
}

function rootIdentifier(call: TSESTree.CallExpression): TSESTree.Identifier | undefined {
  let n: TSESTree.Node = call;
  for (let i = 0; i < 64; i++) {
    n = unwrap(n);
    if (n.type === 'Identifier') return n;
    if (n.type === 'CallExpression') n = n.callee;
    else if (n.type === 'MemberExpression') n = n.object;
    else return undefined;
  }
  return undefined;
}

interface Entry {
  readonly text: string;
  readonly node: TSESTree.Node;
}

interface Join {
  readonly name: string;
  readonly entity: EntityRef | undefined;
  readonly node: TSESTree.Node;
}

export interface QbRead {
  readonly entity: EntityRef | undefined;
  readonly projection: Projection;
  readonly relations: readonly RelationRead[];
  readonly edits: ReadEdits;
}

const SELECTION = /^\s*"?([A-Za-z_$][\w$]*)"?(?:\s*\.\s*"?([A-Za-z_$][\w$]*|\*)"?)?(?:\s+as\s+.+)?\s*$/i;

/** The selection entries of a `select`/`addSelect` argument; undefined when not static. */
function selectionEntries(arg: TSESTree.Node | undefined): Entry[] | undefined {
  if (!arg) return undefined;
  const a = unwrap(arg);
  const s = staticString(a);
  if (s !== undefined) return [{ text: s, node: a }];
  if (a.type === 'ArrowFunctionExpression' || a.type === 'FunctionExpression') return [];
  return stringElements(a);
}

/** Analyses a select chain; undefined when it is not a select of entities or cannot be read. */
export function analyseQb(
  chain: QbChain,
  receivers: TypeormReceivers,
  sourceCode: Readonly<TSESLint.SourceCode>,
): QbRead | undefined {
  const rootCallee = unwrap(chain.root.callee);
  if (rootCallee.type !== 'MemberExpression') return undefined;
  const base = receivers.classify(rootCallee.object);
  if (!base) return undefined;
  let entity: EntityRef | undefined;
  let alias: string | undefined;
  let aliasKnown = true;
  let selection: Entry[] = [];
  const args = chain.root.arguments;
  if (args.some((a) => a.type === 'SpreadElement')) return undefined;
  if (base.kind === 'repository') {
    entity = base.entity;
    if (args[0]) {
      alias = staticString(args[0]);
      if (alias === undefined) return undefined;
    } else aliasKnown = false;
    if (alias) selection = [{ text: alias, node: chain.root }];
  } else if (args.length >= 2) {
    entity = entityOf(args[0]);
    alias = staticString(args[1]);
    if (alias === undefined) return undefined;
    selection = [{ text: alias, node: chain.root }];
  }
  const joins = new Map<string, Join>();
  const selectCalls: TSESTree.CallExpression[] = [];
  for (const call of chain.calls) {
    const method = methodOf(call)?.name;
    if (method === undefined) return undefined;
    if (NOT_SELECT.has(method)) return undefined;
    if (call.arguments.some((a) => a.type === 'SpreadElement')) return undefined;
    if (method === 'from' || method === 'addFrom') {
      if (entity === undefined && alias === undefined) {
        entity = entityOf(call.arguments[0]);
        alias = staticString(call.arguments[1]);
        if (alias === undefined) return undefined;
      }
    } else if (method === 'select' || method === 'addSelect') {
      const entries = selectionEntries(call.arguments[0]);
      if (!entries) return undefined;
      selectCalls.push(call);
      selection = method === 'select' ? entries : [...selection, ...entries];
    } else if (JOIN_AND_SELECT.has(method) || JOIN_ONLY.has(method) || JOIN_AND_MAP.has(method)) {
      const mapped = JOIN_AND_MAP.has(method);
      const target = call.arguments[mapped ? 1 : 0];
      const joinAlias = staticString(call.arguments[mapped ? 2 : 1]);
      if (!target || joinAlias === undefined) return undefined;
      let name: string | undefined;
      let joined: EntityRef | undefined;
      const path = staticString(target);
      const m = path !== undefined ? /^([A-Za-z_$][\w$]*)\.([A-Za-z_$][\w$]*)$/.exec(path) : null;
      if (m) {
        const parent = m[1] as string;
        const prop = m[2] as string;
        const parentJoin = joins.get(parent);
        name = parent === alias ? prop : parentJoin ? `${parentJoin.name}.${prop}` : undefined;
      } else {
        joined = entityOf(target);
        name = joinAlias;
      }
      if (mapped) {
        const mapTo = staticString(call.arguments[0]);
        const mm = mapTo !== undefined ? /\.([A-Za-z_$][\w$]*)$/.exec(mapTo) : null;
        if (mm) name = mm[1];
      }
      if (name === undefined) return undefined;
      joins.set(joinAlias, { name, entity: joined, node: target });
      if (!JOIN_ONLY.has(method)) selection = [...selection, { text: joinAlias, node: target }];
    }
  }
  if (!aliasKnown && (selectCalls.length > 0 || joins.size > 0)) return undefined;

  // Attribute the selection to the main alias and the joins.
  const whole = new Set<string>();
  const fields = new Map<string, NamedField[]>();
  for (const e of selection) {
    const m = SELECTION.exec(e.text);
    if (!m) continue;
    const owner = m[1] as string;
    const field = m[2];
    if (owner !== alias && !joins.has(owner)) continue;
    if (field === undefined || field === '*') whole.add(owner);
    else {
      const list = fields.get(owner) ?? [];
      list.push({ name: field, node: e.node });
      fields.set(owner, list);
    }
  }
  const projectionOf = (a: string): Projection => {
    const listed = fields.get(a) ?? [];
    if (whole.has(a)) return listed.length > 0 ? { kind: 'none', added: listed } : { kind: 'none' };
    return { kind: 'fields', fields: listed };
  };
  const projection: Projection = alias !== undefined ? projectionOf(alias) : { kind: 'none' };
  const relations: RelationRead[] = [];
  for (const [joinAlias, join] of joins) {
    if (!whole.has(joinAlias) && !fields.has(joinAlias)) continue;
    relations.push({ name: join.name, entity: join.entity, projection: projectionOf(joinAlias), node: join.node });
  }
  return { entity, projection, relations, edits: qbEdits(chain, alias, selectCalls, sourceCode) };
}

function qbEdits(
  chain: QbChain,
  alias: string | undefined,
  selectCalls: readonly TSESTree.CallExpression[],
  sourceCode: Readonly<TSESLint.SourceCode>,
): ReadEdits {
  return {
    project(fields, fixer) {
      if (!chain.inline || alias === undefined || selectCalls.length > 0 || fields.length === 0) return null;
      if (fields.some((f) => !/^[A-Za-z_$][\w$]*$/.test(f))) return null;
      return fixer.insertTextAfter(chain.root, `.select([${fields.map((f) => `'${alias}.${f}'`).join(', ')}])`);
    },
    removeField(field, fixer) {
      const node = field.node;
      const call = selectCalls.find((c) => within(node, c) && c.arguments.length > 0);
      if (!call) return null;
      const arg = unwrap(call.arguments[0] as TSESTree.Node);
      const isAdd = methodOf(call)?.name === 'addSelect';
      if (arg.type === 'ArrayExpression' && arg.elements.includes(node as TSESTree.Expression)) {
        if (arg.elements.length > 1) return removeListElement(node, sourceCode, fixer);
      } else if (arg !== node) return null;
      // The whole call selects only this field: drop `.addSelect(...)` from its chain.
      const callee = unwrap(call.callee);
      if (!isAdd || callee.type !== 'MemberExpression' || unwrap(callee.object).type !== 'CallExpression') return null;
      if (memberKey(callee) !== 'addSelect') return null;
      return fixer.removeRange([callee.object.range[1], call.range[1]]);
    },
  };
}
