/**
 * Follows a value from the expression that produces it (a query call, an ORM read) to where it
 * goes, inside the file: variables, `await`, destructuring, property access, object and array
 * literals, spreads, `Promise.all`, `.then`, `.map` with identity or spread callbacks, calls to
 * local functions (their returns come back to the call), and returns. It records every response
 * sink reached and every function the value escapes from.
 *
 * Any call the engine does not know to pass the value on stops the flow: that is what makes
 * mappers, DTOs, schema parses and `pick()` helpers sanitisers without a list of names.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { enclosingFunction, isFunction, memberKey, propertyKey, type FunctionNode } from './ast.js';
import type { FileFacts } from './file-facts.js';
import { returnSinkOf } from './route-handlers.js';
import { sinkOfAssignment, sinkOfCall, sinkOfNew, type Sink } from './sinks.js';
import { calledMethod, methodCallSites } from './methods.js';
import { isClientComponent, type TypeInfo } from './typed.js';
import { accessShape, objectWith, shapeKey, tupleWith, withoutKeys, type ValueShape } from './value-shape.js';

export interface FlowEnv {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  readonly facts: FileFacts;
  /** Type information, when the file is linted with it (adds the `'use client'` props sink). */
  readonly types?: TypeInfo | undefined;
  /** Every call and class of the file (to follow values through methods of the file's classes). */
  readonly calls?: readonly TSESTree.CallExpression[];
  readonly classes?: readonly (TSESTree.ClassDeclaration | TSESTree.ClassExpression)[];
}

export interface SinkHit {
  readonly sink: Sink;
  /** What arrives at the sink. */
  readonly shape: ValueShape;
}

export interface Escape {
  /** The function whose return value carries the data to unknown callers. */
  readonly fn: FunctionNode;
  readonly shape: ValueShape;
}

export interface FlowResult {
  readonly hits: readonly SinkHit[];
  readonly escapes: readonly Escape[];
}

/** Array methods whose result holds the same rows. */
const SAME_ROWS = new Set([
  'find', 'findLast', 'filter', 'slice', 'sort', 'reverse', 'concat', 'flat', 'at', 'toSorted', 'toReversed',
  'pop', 'shift', 'values', 'toArray', 'toJSON', 'toObject', 'toPOJO', 'catch', 'finally', 'exec',
]);
/** Array methods that hand each row to a callback. */
const CALLBACK_ROWS = new Set(['map', 'flatMap', 'forEach', 'then', 'filter', 'find', 'some', 'every']);
/** Global helpers that return (a copy of) their argument. */
const PASS_THROUGH_CALLS = new Set([
  'JSON.stringify', 'structuredClone', 'Object.freeze', 'Array.from', 'Promise.resolve', 'Promise.all',
  'Promise.allSettled', 'Object.values', 'Object.fromEntries', 'Object.entries',
]);

/** Methods whose value holds their array argument's results: Prisma `$transaction([…])`. */
const PASS_THROUGH_METHODS = new Set(['$transaction']);
/** Methods whose value is what their callback returns: interactive transactions. */
const CALLBACK_RESULT_METHODS = new Set(['$transaction', 'transaction', 'transactional', 'runInTransaction', 'withTransaction']);

const MAX_STEPS = 3_000;
/** `delete x.key` statements followed per variable. */
const MAX_DELETED = 64;
const MAX_CALL_DEPTH = 4;

interface Frame {
  readonly fn: FunctionNode;
  /** Where the function's return value goes back to. */
  readonly call: TSESTree.Node;
  /** The return value is dropped (`forEach`, or a predicate of `filter`/`some`). */
  readonly drop: boolean;
}

interface Work {
  readonly node: TSESTree.Node;
  readonly shape: ValueShape;
  readonly stack: readonly Frame[];
}

function staticCalleeText(callee: TSESTree.Node): string | undefined {
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'MemberExpression' && callee.object.type === 'Identifier') {
    const key = memberKey(callee);
    return typeof key === 'string' ? `${callee.object.name}.${key}` : undefined;
  }
  return undefined;
}

/** `delete id.key` / `delete id['key']`: the key deleted from what `id` holds. */
function deletedKey(id: TSESTree.Identifier): string | undefined {
  const member = id.parent;
  if (member?.type !== 'MemberExpression' || member.object !== id) return undefined;
  const op = member.parent;
  if (op?.type !== 'UnaryExpression' || op.operator !== 'delete') return undefined;
  const key = memberKey(member);
  return typeof key === 'string' ? key : undefined;
}

/** Loop detection key of a queued value: its shape and the calls it is inside of. */
function workKey(shape: ValueShape, stack: readonly Frame[]): string {
  return stack.length === 0 ? shapeKey(shape) : `${shapeKey(shape)}:${stack.map((f) => f.call.range[0]).join('/')}`;
}

class Tracker {
  private readonly queue: Work[] = [];
  /**
   * Per node: the first work queued there, then (once a second one arrives) the keys of all of
   * them. Most nodes are reached once, so most shapes never need a key.
   */
  private readonly seen = new Map<TSESTree.Node, Work | Set<string>>();
  private steps = 0;
  readonly hits: SinkHit[] = [];
  readonly escapes: Escape[] = [];

  constructor(private readonly env: FlowEnv) {}

  push(node: TSESTree.Node, shape: ValueShape, stack: readonly Frame[]): void {
    const work: Work = { node, shape, stack };
    const previous = this.seen.get(node);
    if (previous === undefined) {
      this.seen.set(node, work);
      this.queue.push(work);
      return;
    }
    let keys: Set<string>;
    if (previous instanceof Set) {
      keys = previous;
    } else {
      keys = new Set([workKey(previous.shape, previous.stack)]);
      this.seen.set(node, keys);
    }
    const key = workKey(shape, stack);
    if (keys.has(key)) return;
    keys.add(key);
    this.queue.push(work);
  }

  run(): void {
    while (this.queue.length > 0 && this.steps < MAX_STEPS) {
      this.steps++;
      const work = this.queue.pop() as Work;
      this.step(work);
    }
  }

  private step({ node, shape, stack }: Work): void {
    const parent = node.parent;
    if (!parent) return;
    switch (parent.type) {
      case 'AwaitExpression':
      case 'ChainExpression':
      case 'TSAsExpression':
      case 'TSNonNullExpression':
      case 'TSSatisfiesExpression':
      case 'TSTypeAssertion':
        this.push(parent, shape, stack);
        return;
      case 'ConditionalExpression':
        if (parent.test !== node) this.push(parent, shape, stack);
        return;
      case 'LogicalExpression':
        this.push(parent, shape, stack);
        return;
      case 'SequenceExpression':
        if (parent.expressions[parent.expressions.length - 1] === node) this.push(parent, shape, stack);
        return;
      case 'MemberExpression':
        if (parent.object === node) this.member(parent, shape, stack);
        return;
      case 'CallExpression':
        if (parent.callee !== node) this.argument(parent, parent.arguments.indexOf(node as TSESTree.CallExpressionArgument), shape, stack);
        return;
      case 'NewExpression': {
        const sink = sinkOfNew(parent, parent.arguments.indexOf(node as TSESTree.CallExpressionArgument));
        if (sink) this.hits.push({ sink, shape });
        return;
      }
      case 'VariableDeclarator':
        if (parent.init === node) this.bind(parent.id, shape, parent.range[0], stack);
        return;
      case 'AssignmentExpression':
        if (parent.right === node && parent.operator === '=') this.assign(parent, shape, stack);
        return;
      case 'Property':
        if (parent.value === node && parent.parent.type === 'ObjectExpression') {
          const key = propertyKey(parent);
          if (key !== undefined) this.push(parent.parent, objectWith(key, shape), stack);
        }
        return;
      case 'SpreadElement':
        this.spread(parent, shape, stack);
        return;
      case 'ArrayExpression':
        this.push(parent, tupleWith(parent.elements.indexOf(node as TSESTree.Expression), shape), stack);
        return;
      case 'ReturnStatement': {
        const fn = enclosingFunction(parent);
        if (fn) this.returned(fn, shape, stack);
        return;
      }
      case 'ArrowFunctionExpression':
        if (parent.body === node) this.returned(parent, shape, stack);
        return;
      case 'JSXExpressionContainer':
      case 'JSXSpreadAttribute':
        this.jsx(parent, shape);
        return;
      case 'ForOfStatement':
        if (parent.right === node && parent.left.type === 'VariableDeclaration') {
          const decl = parent.left.declarations[0];
          const element = accessShape(shape, 0);
          if (decl && element) this.bind(decl.id, element, parent.range[0], stack);
        }
        return;
      default:
        return;
    }
  }

  private member(member: TSESTree.MemberExpression, shape: ValueShape, stack: readonly Frame[]): void {
    const key = memberKey(member);
    const call = member.parent;
    if (call?.type === 'CallExpression' && call.callee === member) {
      this.method(call, typeof key === 'string' ? key : undefined, shape, stack);
      return;
    }
    const next = accessShape(shape, key);
    if (next) this.push(member, next, stack);
  }

  /** `value.method(...)`. */
  private method(call: TSESTree.CallExpression, name: string | undefined, shape: ValueShape, stack: readonly Frame[]): void {
    if (name === undefined || (shape.kind !== 'data' && shape.kind !== 'tuple')) return;
    if (name === 'push' || name === 'unshift') return;
    if (CALLBACK_ROWS.has(name)) {
      const callback = call.arguments[0];
      if (callback && isFunction(callback) && callback.params[0] && stack.length < MAX_CALL_DEPTH) {
        const element = name === 'then' ? shape : accessShape(shape, 0);
        const drop = name !== 'map' && name !== 'flatMap' && name !== 'then';
        if (element) this.bind(callback.params[0], element, callback.range[0], [...stack, { fn: callback, call, drop }]);
      }
      // filter/find keep the same rows whatever the callback does.
      if (name === 'filter' || name === 'find') this.push(call, shape, stack);
      return;
    }
    if (SAME_ROWS.has(name) && shape.kind === 'data') this.push(call, shape, stack);
  }

  /** `fn(..., value, ...)`. */
  private argument(call: TSESTree.CallExpression, index: number, shape: ValueShape, stack: readonly Frame[]): void {
    if (index < 0) return;
    const sink = sinkOfCall(call, index);
    if (sink) {
      this.hits.push({ sink, shape });
      return;
    }
    const callee = staticCalleeText(call.callee);
    if (callee !== undefined && (PASS_THROUGH_CALLS.has(callee) || this.isOrmWrapper(callee))) {
      this.push(call, shape, stack);
      return;
    }
    if (callee === 'Object.assign' && index > 0) {
      const target = call.arguments[0];
      if (target?.type === 'ObjectExpression') this.push(call, shape, stack);
      else if (target?.type === 'Identifier') this.followIdentifierAfter(target, call.range[1], shape, stack);
      return;
    }
    if (call.callee.type === 'MemberExpression' && index === 0) {
      const key = memberKey(call.callee);
      if (typeof key === 'string' && PASS_THROUGH_METHODS.has(key) && call.arguments[0]?.type === 'ArrayExpression') {
        this.push(call, shape, stack);
        return;
      }
      const target = call.callee.object;
      // `list.push(row)`: the list now holds rows.
      if ((key === 'push' || key === 'unshift') && target.type === 'Identifier') {
        this.followIdentifierAfter(target, call.range[1], shape, stack);
        return;
      }
    }
    this.intoLocalFunction(call, index, shape, stack);
  }

  /** MikroORM's `wrap(entity)`: its `toObject()` / `toPOJO()` / `toJSON()` hold the entity. */
  private isOrmWrapper(callee: string): boolean {
    return callee === 'wrap' && (this.env.facts.imports.get('wrap')?.module.startsWith('@mikro-orm/') ?? false);
  }

  /** A call to a function declared in this file: follow the parameter inside it. */
  private intoLocalFunction(call: TSESTree.CallExpression, index: number, shape: ValueShape, stack: readonly Frame[]): void {
    if (stack.length >= MAX_CALL_DEPTH) return;
    const fn =
      call.callee.type === 'Identifier'
        ? this.resolveFunction(call.callee)
        : calledMethod(call, this.env.classes ?? [], this.env.sourceCode);
    const param = fn?.params[index];
    if (!fn || !param || param.type === 'RestElement') return;
    this.bind(param, shape, fn.range[0], [...stack, { fn, call, drop: false }]);
  }

  private resolveFunction(id: TSESTree.Identifier): FunctionNode | undefined {
    const scope = this.env.sourceCode.getScope(id);
    for (let s: typeof scope | null = scope; s; s = s.upper) {
      const variable = s.set.get(id.name);
      if (!variable) continue;
      const def = variable.defs[0];
      if (variable.defs.length !== 1 || !def) return undefined;
      const node = def.node as TSESTree.Node;
      if (node.type === 'FunctionDeclaration') return node;
      if (node.type === 'VariableDeclarator' && node.init && isFunction(node.init) && node.parent.kind === 'const') return node.init;
      return undefined;
    }
    return undefined;
  }

  private returned(fn: FunctionNode, shape: ValueShape, stack: readonly Frame[]): void {
    const top = stack[stack.length - 1];
    if (top && top.fn === fn) {
      if (!top.drop) this.push(top.call, shape, stack.slice(0, -1));
      return;
    }
    const sink = returnSinkOf(fn, this.env);
    if (sink) {
      this.hits.push({ sink, shape });
      return;
    }
    // A callback whose result the call returns: `prisma.$transaction(async (tx) => …)`.
    const owner = fn.parent;
    if (owner?.type === 'CallExpression' && owner.arguments.includes(fn as TSESTree.CallExpressionArgument) && owner.callee.type === 'MemberExpression') {
      const method = memberKey(owner.callee);
      // Kysely: `db.transaction().execute(async (trx) => …)`.
      const receiver = owner.callee.object;
      const transactionBuilder =
        method === 'execute' &&
        receiver.type === 'CallExpression' &&
        receiver.callee.type === 'MemberExpression' &&
        CALLBACK_RESULT_METHODS.has(String(memberKey(receiver.callee)));
      if ((typeof method === 'string' && CALLBACK_RESULT_METHODS.has(method)) || transactionBuilder) {
        this.push(owner, shape, stack);
        return;
      }
    }
    // A method of a class of this file: its callers (`this.users.findOne(id)`) receive the value.
    if (stack.length < MAX_CALL_DEPTH && this.env.calls) {
      const sites = methodCallSites(fn, this.env.calls, this.env.sourceCode);
      for (const site of sites) this.push(site, shape, stack);
      if (sites.length > 0) return;
    }
    // A local function: its callers in this file receive the value.
    let called = false;
    const declarer = fn.type === 'FunctionDeclaration' ? fn : fn.parent?.type === 'VariableDeclarator' ? fn.parent : undefined;
    if (declarer && stack.length < MAX_CALL_DEPTH) {
      for (const variable of this.env.sourceCode.getDeclaredVariables(declarer)) {
        for (const ref of variable.references) {
          const id = ref.identifier as TSESTree.Node;
          if (id.parent?.type === 'CallExpression' && id.parent.callee === id) {
            called = true;
            this.push(id.parent, shape, stack);
          }
        }
      }
    }
    if (!called) this.escapes.push({ fn, shape });
  }

  /** A prop or child of a component from a `'use client'` module: serialised to the browser. */
  private jsx(node: TSESTree.JSXExpressionContainer | TSESTree.JSXSpreadAttribute, shape: ValueShape): void {
    const types = this.env.types;
    if (!types) return;
    const owner = node.parent;
    const opening =
      owner?.type === 'JSXAttribute'
        ? owner.parent
        : owner?.type === 'JSXOpeningElement'
          ? owner
          : owner?.type === 'JSXElement'
            ? owner.openingElement
            : undefined;
    if (opening?.type !== 'JSXOpeningElement' || !isClientComponent(opening.name, types)) return;
    const name = this.env.sourceCode.getText(opening.name);
    this.hits.push({
      sink: { kind: 'response-call', label: `the props of \`<${name}>\` (a 'use client' component: sent to the browser)`, node: opening },
      shape,
    });
  }

  private spread(spread: TSESTree.SpreadElement, shape: ValueShape, stack: readonly Frame[]): void {
    const container = spread.parent;
    if (container?.type === 'ObjectExpression') {
      // Keys written after the spread replace the spread ones.
      const index = container.properties.indexOf(spread);
      const overridden = container.properties
        .slice(index + 1)
        .map((p) => (p.type === 'Property' ? propertyKey(p) : undefined))
        .filter((k): k is string => k !== undefined);
      const next = withoutKeys(shape, overridden);
      if (next) this.push(container, next, stack);
    } else if (container?.type === 'ArrayExpression' && shape.kind === 'data') {
      this.push(container, shape, stack);
    }
  }

  private assign(assign: TSESTree.AssignmentExpression, shape: ValueShape, stack: readonly Frame[]): void {
    const sink = sinkOfAssignment(assign);
    if (sink) {
      this.hits.push({ sink, shape });
      return;
    }
    if (assign.left.type === 'Identifier') this.followIdentifierAfter(assign.left, assign.range[0], shape, stack);
    else if (assign.left.type === 'ObjectPattern' || assign.left.type === 'ArrayPattern') {
      this.bind(assign.left, shape, assign.range[0], stack);
    }
  }

  /** Binds `shape` to a declaration or assignment pattern and follows the bound names. */
  private bind(pattern: TSESTree.Node, shape: ValueShape, from: number, stack: readonly Frame[]): void {
    switch (pattern.type) {
      case 'Identifier':
        this.followIdentifierAfter(pattern, from, shape, stack);
        return;
      case 'AssignmentPattern':
        this.bind(pattern.left, shape, from, stack);
        return;
      case 'TSParameterProperty':
        this.bind(pattern.parameter, shape, from, stack);
        return;
      case 'ObjectPattern': {
        const taken: string[] = [];
        for (const prop of pattern.properties) {
          if (prop.type === 'RestElement') continue;
          const key = propertyKey(prop);
          if (key === undefined) continue;
          taken.push(key);
          const sub = accessShape(shape, key);
          if (sub) this.bind(prop.value, sub, from, stack);
        }
        const rest = pattern.properties.find((p): p is TSESTree.RestElement => p.type === 'RestElement');
        if (rest) {
          const remaining = withoutKeys(shape, taken);
          if (remaining) this.bind(rest.argument, remaining, from, stack);
        }
        return;
      }
      case 'ArrayPattern':
        pattern.elements.forEach((element, i) => {
          if (!element) return;
          if (element.type === 'RestElement') {
            if (shape.kind === 'data') this.bind(element.argument, shape, from, stack);
            return;
          }
          const sub = accessShape(shape, i);
          if (sub) this.bind(element, sub, from, stack);
        });
        return;
      default:
        return;
    }
  }

  /**
   * Follows the reads of the variable `id` names that come after offset `from`, up to the next
   * assignment to it (a reassigned `let` holds something else afterwards).
   */
  private followIdentifierAfter(id: TSESTree.Identifier, from: number, shape: ValueShape, stack: readonly Frame[]): void {
    const variable = this.findVariable(id);
    if (!variable) return;
    const references = variable.references;
    let laterWrites: number[] | undefined;
    for (const r of references) {
      if (r.isWrite() && r.identifier.range[0] > from && r.identifier !== id) {
        (laterWrites ??= []).push((r.writeExpr?.parent as TSESTree.Node | undefined)?.range[0] ?? r.identifier.range[0]);
      }
    }
    // References come in source order: `delete user.password_hash` removes the key from the
    // reads after it. At most MAX_DELETED keys are taken into account (bounded work).
    let removed: string[] | undefined;
    let current: ValueShape | undefined = shape;
    let stale = false;
    for (const ref of references) {
      if (!ref.isRead()) continue;
      const at = ref.identifier.range[0];
      if (at <= from) continue;
      const key = deletedKey(ref.identifier as TSESTree.Identifier);
      if (key !== undefined) {
        removed ??= [];
        if (removed.length < MAX_DELETED) {
          removed.push(key);
          stale = true;
        }
        continue;
      }
      if (laterWrites?.some((w) => w > from && w <= at)) continue;
      if (stale) {
        current = withoutKeys(shape, removed ?? []);
        stale = false;
      }
      if (current) this.push(ref.identifier as TSESTree.Node, current, stack);
    }
  }

  private findVariable(id: TSESTree.Identifier): TSESLint.Scope.Variable | undefined {
    let scope: TSESLint.Scope.Scope | null = this.env.sourceCode.getScope(id);
    for (; scope; scope = scope.upper) {
      const variable = scope.set.get(id.name);
      if (variable) return variable;
    }
    return undefined;
  }
}

/** Where the value produced by `start` goes. */
export function trackValue(start: TSESTree.Node, shape: ValueShape, env: FlowEnv): FlowResult {
  const tracker = new Tracker(env);
  tracker.push(start, shape, []);
  tracker.run();
  return { hits: tracker.hits, escapes: tracker.escapes };
}
