/** Syntax helpers shared by the ORM adapters: literals, object literals, call chains, call texts. */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { memberKey, propertyKey, unwrap } from '../flow/ast.js';

/** A static string: `'x'`, `"x"`, or a template without `${}`. */
export function staticString(node: TSESTree.Node | null | undefined): string | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  if (n.type === 'Literal' && typeof n.value === 'string') return n.value;
  if (n.type === 'TemplateLiteral' && n.expressions.length === 0) return n.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/** A string literal's value, strictly: not a template, and nothing unwrapped. */
export function stringLiteral(node: TSESTree.Node | null | undefined): string | undefined {
  return node?.type === 'Literal' && typeof node.value === 'string' ? node.value : undefined;
}

/** Whether `node` is the literal `true` (or `false`), looking through TS wrappers. */
export function isLiteral(node: TSESTree.Node | undefined, value: boolean): boolean {
  if (!node) return false;
  const n = unwrap(node);
  return n.type === 'Literal' && n.value === value;
}

/** `['a', 'b']` → each string with its element; undefined unless every element is a static string. */
export function stringElements(
  node: TSESTree.Node,
  resolve: (node: TSESTree.Node) => TSESTree.Node = unwrap,
): { text: string; node: TSESTree.Node }[] | undefined {
  const v = resolve(node);
  if (v.type !== 'ArrayExpression') return undefined;
  const out: { text: string; node: TSESTree.Node }[] = [];
  for (const el of v.elements) {
    const s = el && el.type !== 'SpreadElement' ? staticString(el) : undefined;
    if (s === undefined || !el) return undefined;
    out.push({ text: s, node: el });
  }
  return out;
}

/** `this.prisma.user.findMany` → `['this', 'prisma', 'user', 'findMany']`; undefined if not a plain path. */
export function memberPath(node: TSESTree.Node): string[] | undefined {
  const parts: string[] = [];
  let n = unwrap(node);
  for (let depth = 0; depth < 16; depth++) {
    if (n.type === 'Identifier') {
      parts.unshift(n.name);
      return parts;
    }
    if (n.type === 'ThisExpression') {
      parts.unshift('this');
      return parts;
    }
    if (n.type !== 'MemberExpression') return undefined;
    const key = memberKey(n);
    if (typeof key !== 'string') return undefined;
    parts.unshift(key);
    n = unwrap(n.object);
  }
  return undefined;
}

/** The property `key` of an object literal (last one wins, like at run time). */
export function objectProperty(object: TSESTree.ObjectExpression, key: string): TSESTree.Property | undefined {
  let found: TSESTree.Property | undefined;
  for (const p of object.properties) {
    if (p.type === 'Property' && propertyKey(p) === key) found = p;
  }
  return found;
}

/** The object literal `node` is (looking through TS wrappers). */
export function objectLiteral(node: TSESTree.Node | undefined): TSESTree.ObjectExpression | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  return n.type === 'ObjectExpression' ? n : undefined;
}

/** The argument at `index` when it is an object literal. */
export function objectArgument(call: TSESTree.CallExpression | TSESTree.NewExpression, index: number): TSESTree.ObjectExpression | undefined {
  return objectLiteral(call.arguments[index]);
}

/** Static keys of an object literal, in order, each once. */
export function objectKeys(object: TSESTree.ObjectExpression): string[] {
  const keys: string[] = [];
  for (const p of object.properties) {
    if (p.type !== 'Property') continue;
    const k = propertyKey(p);
    if (k !== undefined && !keys.includes(k)) keys.push(k);
  }
  return keys;
}

/** Whether a call spreads an argument (`f(...args)`): its arguments cannot be read by position. */
export function hasSpread(call: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  return call.arguments.some((a) => a.type === 'SpreadElement');
}

/** Whether `node` lies within `outer` in the source. */
export function within(node: TSESTree.Node, outer: TSESTree.Node): boolean {
  return node.range[0] >= outer.range[0] && node.range[1] <= outer.range[1];
}

/** `await x` → `x` (TS wrappers looked through on both sides). */
export function unwrapAwait(node: TSESTree.Node): TSESTree.Node {
  const n = unwrap(node);
  return n.type === 'AwaitExpression' ? unwrap(n.argument) : n;
}

/** The calls made on `node` one after another: `node.a().b()` → the `a()` call, then the `b()` call. */
export function callsOn(node: TSESTree.Node): TSESTree.CallExpression[] {
  const calls: TSESTree.CallExpression[] = [];
  let n: TSESTree.Node = node;
  for (let depth = 0; depth < 64; depth++) {
    const member: TSESTree.Node | undefined = n.parent;
    if (member?.type !== 'MemberExpression' || member.object !== n) break;
    const outer: TSESTree.Node | undefined = member.parent;
    if (outer?.type !== 'CallExpression' || outer.callee !== member) break;
    calls.push(outer);
    n = outer;
  }
  return calls;
}

/** The chain of calls `a.b().c().d()` from the innermost call outwards, starting at `call`. */
export function outerCalls(call: TSESTree.CallExpression): TSESTree.CallExpression[] {
  return [call, ...callsOn(call)];
}

/** The method name of a call `x.name(...)`, with the node to report at. */
export function methodOf(call: TSESTree.CallExpression): { name: string; node: TSESTree.Node } | undefined {
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression') return undefined;
  const key = memberKey(callee);
  return typeof key === 'string' ? { name: key, node: callee.property } : undefined;
}

/** The methods of a promise: a query chain ends before them. */
export const PROMISE_METHODS: ReadonlySet<string> = new Set(['then', 'catch', 'finally']);

/**
 * The calls of the chain from `call` outwards, stopping before `.then`/`.catch`/`.finally`;
 * with `notRows`, undefined when one of those methods comes first (the value is then not rows).
 */
export function readChain(call: TSESTree.CallExpression): TSESTree.CallExpression[];
export function readChain(call: TSESTree.CallExpression, notRows: ReadonlySet<string>): TSESTree.CallExpression[] | undefined;
export function readChain(call: TSESTree.CallExpression, notRows?: ReadonlySet<string>): TSESTree.CallExpression[] | undefined {
  const chain: TSESTree.CallExpression[] = [];
  for (const c of outerCalls(call)) {
    const m = c === call ? undefined : methodOf(c);
    if (m && PROMISE_METHODS.has(m.name)) break;
    if (m && notRows?.has(m.name)) return undefined;
    chain.push(c);
  }
  return chain;
}

/** Code without white space, except inside string and template literals (`'a ILIKE :q'` stays). */
function withoutSpaces(code: string): string {
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < code.length; i++) {
    const ch = code[i] as string;
    if (quote) {
      out += ch;
      if (ch === '\\') out += code[++i] ?? '';
      else if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"' || ch === '`') {
      quote = ch;
      out += ch;
    } else if (!/\s/.test(ch)) {
      out += ch;
    }
  }
  return out;
}

/** The call as messages show it, arguments elided: `prisma.user.findMany()`. */
export function callText(call: TSESTree.CallExpression, sourceCode: Readonly<TSESLint.SourceCode>): string {
  const callee = withoutSpaces(sourceCode.getText(call.callee));
  return `${callee.length > 80 ? `…${callee.slice(-79)}` : callee}()`;
}

/**
 * Fields a serialisation hook (`toJSON()`, a `transform`) removes: `delete x.f` statements and
 * `const { f, ...rest } = x` destructurings in its body. With `assignedUndefined`, `x.f = undefined`
 * counts too (Mongoose transforms; Sequelize's `toJSON()` overrides are read without it).
 */
export function deletedFields(fn: TSESTree.Node | undefined, options: { assignedUndefined?: boolean } = {}): string[] {
  if (!fn || (fn.type !== 'FunctionExpression' && fn.type !== 'ArrowFunctionExpression' && fn.type !== 'FunctionDeclaration')) {
    return [];
  }
  if (fn.body.type !== 'BlockStatement') return [];
  const out: string[] = [];
  for (const st of fn.body.body) {
    if (st.type === 'ExpressionStatement') {
      const e = st.expression;
      for (const d of e.type === 'SequenceExpression' ? e.expressions : [e]) {
        if (d.type === 'UnaryExpression' && d.operator === 'delete' && d.argument.type === 'MemberExpression') {
          const k = memberKey(d.argument);
          if (typeof k === 'string') out.push(k);
        }
        if (
          options.assignedUndefined &&
          d.type === 'AssignmentExpression' &&
          d.left.type === 'MemberExpression' &&
          d.right.type === 'Identifier' &&
          d.right.name === 'undefined'
        ) {
          const k = memberKey(d.left);
          if (typeof k === 'string') out.push(k);
        }
      }
    } else if (st.type === 'VariableDeclaration') {
      for (const decl of st.declarations) {
        if (decl.id.type !== 'ObjectPattern' || !decl.id.properties.some((p) => p.type === 'RestElement')) continue;
        for (const p of decl.id.properties) {
          const k = p.type === 'Property' ? propertyKey(p) : undefined;
          if (k !== undefined) out.push(k);
        }
      }
    }
  }
  return out;
}

/** A JS identifier can be written bare as an object key; otherwise it is quoted. */
export function objectKey(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
}

/**
 * Odd code never breaks the lint run: adapters skip a call they cannot read. With the environment
 * variable `ORM_DEBUG` set (the smoke run's `--orm-debug`), the error is thrown instead, to find
 * such calls.
 */
export function rethrowWhenDebugging(error: unknown): void {
  if (process.env.ORM_DEBUG) throw error;
}
