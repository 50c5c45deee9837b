/**
 * Functions whose `return` value is the HTTP response (DESIGN §1): Fastify route handlers,
 * NestJS controller methods, tRPC query/mutation resolvers, hapi handlers, Next.js
 * `getServerSideProps`/`getStaticProps` and server actions. Express handlers are not here: their
 * return value goes nowhere. GraphQL resolvers are not here: the schema picks the fields.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { calleeName, functionName, isExported, memberKey, parameterName, propertyKey, type FunctionNode } from './ast.js';
import { importsModule, type FileFacts } from './file-facts.js';
import type { Sink } from './sinks.js';

const HTTP_VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'all']);
const NEST_ROUTE_DECORATORS = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete', 'All', 'Head', 'Options', 'Search']);

export interface RouteEnv {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  readonly facts: FileFacts;
}

const fastifyFiles = new WeakMap<FileFacts, boolean>();

/** Whether the file imports Fastify or one of its plugins (once per file: asked for every function). */
function isFastifyFile(facts: FileFacts): boolean {
  let fastify = fastifyFiles.get(facts);
  if (fastify === undefined) {
    fastify = importsModule(facts, 'fastify') || importsModule(facts, 'fastify-plugin');
    for (const m of facts.modules) if (m.startsWith('@fastify/')) fastify = true;
    fastifyFiles.set(facts, fastify);
  }
  return fastify;
}

function decoratorName(decorator: TSESTree.Decorator): string | undefined {
  const e = decorator.expression;
  if (e.type === 'CallExpression') return calleeName(e);
  return e.type === 'Identifier' ? e.name : undefined;
}

function nestRoute(fn: FunctionNode): Sink | undefined {
  const method = fn.parent;
  if (method?.type !== 'MethodDefinition') return undefined;
  const route = method.decorators.map(decoratorName).find((n) => n !== undefined && NEST_ROUTE_DECORATORS.has(n));
  if (!route) return undefined;
  const cls = method.parent.parent;
  if (cls?.type !== 'ClassDeclaration' && cls?.type !== 'ClassExpression') return undefined;
  if (!cls.decorators.some((d) => decoratorName(d) === 'Controller')) return undefined;
  return { kind: 'handler-return', label: `the \`@${route}()\` handler's \`return\``, node: fn };
}

/** Whether `call` registers a route: `x.get(path, …, handler)`, `x.route({ … })`. */
function isRouteRegistration(call: TSESTree.CallExpression): boolean {
  const name = calleeName(call);
  return call.callee.type === 'MemberExpression' && name !== undefined && (HTTP_VERBS.has(name) || name === 'route');
}

/** The route-registration call that `node` (a handler function or its name) is passed to. */
function registrationOf(node: TSESTree.Node): TSESTree.CallExpression | undefined {
  const parent = node.parent;
  if (parent?.type === 'CallExpression' && parent.arguments.includes(node as TSESTree.CallExpressionArgument)) {
    return isRouteRegistration(parent) ? parent : undefined;
  }
  // `{ method, url, handler }` or `{ handler }` options objects.
  if (parent?.type === 'Property' && propertyKey(parent) === 'handler' && parent.parent.type === 'ObjectExpression') {
    const object = parent.parent;
    const owner = object.parent;
    if (owner?.type === 'CallExpression' && isRouteRegistration(owner)) return owner;
    if (owner?.type === 'Property' && propertyKey(owner) === 'options') {
      const outer = owner.parent.parent;
      if (outer?.type === 'CallExpression' && isRouteRegistration(outer)) return outer;
    }
  }
  return undefined;
}

function hasReplyParameter(fn: FunctionNode): boolean {
  const second = fn.params[1];
  const name = second ? parameterName(second) : undefined;
  return name === 'reply' || name === 'rep';
}

/** Nodes by which `fn` may be passed around: itself, and the references to its name. */
function handlesOf(fn: FunctionNode, env: RouteEnv): TSESTree.Node[] {
  const handles: TSESTree.Node[] = [fn];
  const declarer = fn.type === 'FunctionDeclaration' ? fn : fn.parent?.type === 'VariableDeclarator' ? fn.parent : undefined;
  if (declarer) {
    for (const variable of env.sourceCode.getDeclaredVariables(declarer)) {
      for (const ref of variable.references) {
        if (ref.isRead()) handles.push(ref.identifier as TSESTree.Node);
      }
    }
  }
  return handles;
}

function fastifyRoute(fn: FunctionNode, env: RouteEnv): Sink | undefined {
  const fastifyish = isFastifyFile(env.facts) || hasReplyParameter(fn);
  if (!fastifyish) return undefined;
  for (const handle of handlesOf(fn, env)) {
    if (registrationOf(handle)) return { kind: 'handler-return', label: "the Fastify handler's `return`", node: fn };
  }
  return undefined;
}

function hapiRoute(fn: FunctionNode, env: RouteEnv): Sink | undefined {
  if (!importsModule(env.facts, '@hapi/hapi') && !importsModule(env.facts, 'hapi')) return undefined;
  for (const handle of handlesOf(fn, env)) {
    const parent = handle.parent;
    if (parent?.type === 'Property' && propertyKey(parent) === 'handler') {
      return { kind: 'handler-return', label: "the hapi handler's `return`", node: fn };
    }
  }
  return undefined;
}

/** `publicProcedure.input(…).query(fn)`, `t.procedure.mutation(fn)`. */
function trpcResolver(fn: FunctionNode): Sink | undefined {
  const call = fn.parent;
  if (call?.type !== 'CallExpression' || call.callee.type !== 'MemberExpression' || call.arguments[0] !== fn) return undefined;
  const kind = memberKey(call.callee);
  if (kind !== 'query' && kind !== 'mutation') return undefined;
  let n: TSESTree.Node = call.callee.object;
  for (let depth = 0; depth < 32; depth++) {
    if (n.type === 'Identifier') {
      return /procedure$/i.test(n.name) ? { kind: 'handler-return', label: `the tRPC \`${kind}\` resolver's \`return\``, node: fn } : undefined;
    }
    if (n.type === 'MemberExpression') {
      if (memberKey(n) === 'procedure') return { kind: 'handler-return', label: `the tRPC \`${kind}\` resolver's \`return\``, node: fn };
      n = n.object;
    } else if (n.type === 'CallExpression') {
      n = n.callee;
    } else {
      return undefined;
    }
  }
  return undefined;
}

function nextDataFunction(fn: FunctionNode): Sink | undefined {
  const name = functionName(fn);
  if ((name === 'getServerSideProps' || name === 'getStaticProps') && isExported(fn)) {
    return { kind: 'handler-return', label: `\`${name}\` props (sent to the browser)`, node: fn };
  }
  return undefined;
}

function hasUseServerDirective(fn: FunctionNode): boolean {
  if (fn.body.type !== 'BlockStatement') return false;
  const first = fn.body.body[0];
  return first?.type === 'ExpressionStatement' && 'directive' in first && first.directive === 'use server';
}

function serverAction(fn: FunctionNode, env: RouteEnv): Sink | undefined {
  if (!fn.async) return undefined;
  if ((env.facts.useServer && isExported(fn)) || hasUseServerDirective(fn)) {
    return { kind: 'handler-return', label: "the server action's `return` (sent to the browser)", node: fn };
  }
  return undefined;
}

const cache = new WeakMap<FunctionNode, Sink | null>();

/** The response sink that `fn`'s return value goes to, if `fn` is a route handler. */
export function returnSinkOf(fn: FunctionNode, env: RouteEnv): Sink | undefined {
  const cached = cache.get(fn);
  if (cached !== undefined) return cached ?? undefined;
  const sink =
    nestRoute(fn) ??
    trpcResolver(fn) ??
    fastifyRoute(fn, env) ??
    hapiRoute(fn, env) ??
    nextDataFunction(fn) ??
    serverAction(fn, env);
  cache.set(fn, sink ?? null);
  return sink;
}
