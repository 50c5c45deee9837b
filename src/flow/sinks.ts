/**
 * Response sinks (DESIGN §1): calls and assignments that send a value to the HTTP client.
 * Receivers are recognised by being parameters of the enclosing handler, not by method name
 * alone: `cache.send(x)` or `socket.end(x)` on a local object never count.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { findParameter, memberKey, parameterName, unwrap } from './ast.js';

export type SinkKind = 'response-call' | 'response-assign' | 'handler-return';

export interface Sink {
  readonly kind: SinkKind;
  /** How the message names it, with backticks: "`res.json`", "the Fastify handler's `return`". */
  readonly label: string;
  readonly node: TSESTree.Node;
}

/** Express / Next pages / Fastify `reply`: methods that write the body. */
const EXPRESS_METHODS = new Set(['json', 'send', 'jsonp', 'end', 'write']);
const EXPRESS_NAMES = new Set(['res', 'response', 'resp', 'reply', 'rep', 'httpResponse']);
const REQUEST_NAMES = new Set(['req', 'request', '_req', '_request', 'request_']);
/** Hono context methods. */
const HONO_METHODS = new Set(['json', 'body', 'jsonT']);
const HONO_NAMES = new Set(['c', 'ctx', 'context']);
/** Calls that return the response object itself, so `res.status(200).json(x)` still counts. */
const CHAINABLE = new Set(['status', 'code', 'header', 'headers', 'set', 'type', 'append', 'cookie', 'vary', 'location', 'links', 'clearCookie', 'contentType']);

/** `res.status(200).header('x', 'y')` → `res`. */
function chainBase(node: TSESTree.Node): TSESTree.Node {
  let n = unwrap(node);
  while (n.type === 'CallExpression' && n.callee.type === 'MemberExpression') {
    const key = memberKey(n.callee);
    if (typeof key !== 'string' || !CHAINABLE.has(key)) break;
    n = unwrap(n.callee.object);
  }
  return n;
}

function isResponseParameter(id: TSESTree.Identifier): boolean {
  const param = findParameter(id, id.name);
  if (!param) return false;
  if (EXPRESS_NAMES.has(id.name)) return true;
  // `(req, r) => …`: the second parameter after a request is the response.
  if (param.index === 1) {
    const first = param.fn.params[0];
    const firstName = first ? parameterName(first) : undefined;
    return firstName !== undefined && REQUEST_NAMES.has(firstName);
  }
  return false;
}

/** A sink when `call` sends its argument `argIndex` to the client. */
export function sinkOfCall(call: TSESTree.CallExpression, argIndex: number): Sink | undefined {
  if (argIndex !== 0 || call.callee.type !== 'MemberExpression') return undefined;
  const method = memberKey(call.callee);
  if (typeof method !== 'string') return undefined;
  const object = unwrap(call.callee.object);

  // Response.json(x), NextResponse.json(x)
  if (method === 'json' && object.type === 'Identifier' && (object.name === 'Response' || object.name === 'NextResponse')) {
    return { kind: 'response-call', label: `\`${object.name}.json\``, node: call };
  }
  const base = chainBase(object);
  if (base.type !== 'Identifier') return undefined;
  if (EXPRESS_METHODS.has(method) && isResponseParameter(base)) {
    return { kind: 'response-call', label: `\`${base.name}.${method}\``, node: call };
  }
  if (HONO_METHODS.has(method) && HONO_NAMES.has(base.name) && findParameter(base, base.name)) {
    return { kind: 'response-call', label: `\`${base.name}.${method}\``, node: call };
  }
  if (method === 'response' && (base.name === 'h' || base.name === 'toolkit') && findParameter(base, base.name)) {
    return { kind: 'response-call', label: `\`${base.name}.response\``, node: call };
  }
  return undefined;
}

/** `new Response(body)`, `new NextResponse(body)`. */
export function sinkOfNew(expr: TSESTree.NewExpression, argIndex: number): Sink | undefined {
  if (argIndex !== 0 || expr.callee.type !== 'Identifier') return undefined;
  const name = expr.callee.name;
  if (name !== 'Response' && name !== 'NextResponse') return undefined;
  return { kind: 'response-call', label: `\`new ${name}\``, node: expr };
}

/** Koa: `ctx.body = x`, `ctx.response.body = x`. */
export function sinkOfAssignment(assign: TSESTree.AssignmentExpression): Sink | undefined {
  const left = assign.left;
  if (left.type !== 'MemberExpression' || memberKey(left) !== 'body') return undefined;
  let object = unwrap(left.object);
  if (object.type === 'MemberExpression' && memberKey(object) === 'response') object = unwrap(object.object);
  if (object.type !== 'Identifier' || (object.name !== 'ctx' && object.name !== 'context')) return undefined;
  if (!findParameter(object, object.name)) return undefined;
  return { kind: 'response-assign', label: `\`${object.name}.body\``, node: assign };
}

/**
 * Every word a response sink is written with, in the case the detectors above compare: the
 * method sets above (so a method added there is gated too), hapi's `response`,
 * `Response`/`NextResponse`, Koa's `body`, and the handler returns of
 * `route-handlers.ts` (Nest `Controller`, Fastify's `reply`/`rep` parameter, Next data functions).
 * Found as whole words. Keep this and `SINK_PARTS` a superset when a sink form is added.
 */
const SINK_WORDS = [
  ...new Set([...EXPRESS_METHODS, ...HONO_METHODS, 'response', 'Response', 'NextResponse', 'body', 'Controller', 'reply', 'rep', 'getServerSideProps', 'getStaticProps']),
];
/** Found anywhere: tRPC `…procedure` (any case), Fastify and hapi imports, `'use server'`, identifiers written with escapes. */
const SINK_PARTS = ['procedure', 'Procedure', 'PROCEDURE', 'fastify', 'hapi', 'use server', '\\u'];

/** ASCII letters, digits, `_` and `$`: a character that continues an identifier. */
function isIdentifierCode(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) || code === 0x5f || code === 0x24;
}

/** Whether `word` occurs in `text` as a whole identifier (`indexOf` jumps, so a miss costs a native scan). */
function hasWord(text: string, word: string): boolean {
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    const end = at + word.length;
    if ((at === 0 || !isIdentifierCode(text.charCodeAt(at - 1))) && (end === text.length || !isIdentifierCode(text.charCodeAt(end)))) return true;
  }
  return false;
}

/**
 * Whether `text` can hold a response sink at all. When it cannot, no value reaches one in this
 * file, so the rules that report only what reaches a response (`exposed`) skip following values.
 */
export function maySend(text: string): boolean {
  for (const part of SINK_PARTS) if (text.includes(part)) return true;
  for (const word of SINK_WORDS) if (hasWord(text, word)) return true;
  return false;
}
