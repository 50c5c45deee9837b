/**
 * Request input taken whole: `req.body`, `request.body`, `ctx.request.body`, `await c.req.json()`,
 * `await request.json()`, `Object.fromEntries(formData)`, NestJS `@Body() body` without a DTO
 * class — and the same after `{ ...body }`, `Object.assign({}, body)`, `structuredClone(body)`,
 * a `const`, or a rest-destructuring (`const { role, ...data } = req.body` still lets a client
 * set every other column). Explicit picks (`{ name: body.name }`), `pick(body, …)` and schema
 * parses are not input taken whole.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { calleeName, findParameter, memberKey, unwrap } from '../flow/ast.js';

const REQUEST_NAMES = new Set(['req', 'request', '_req', 'r']);
const CONTEXT_NAMES = new Set(['ctx', 'context']);
const COPIES = new Set(['structuredClone', 'clone', 'cloneDeep', 'Object.freeze']);
const MAX_DEPTH = 8;

/** How the message names the input: `req.body`, `await request.json()`, `@Body() body`. */
export type InputLabel = string;

function isParam(id: TSESTree.Node, names: ReadonlySet<string>): id is TSESTree.Identifier {
  return id.type === 'Identifier' && names.has(id.name) && findParameter(id, id.name) !== undefined;
}

/** `req.body`, `request.body`, `ctx.request.body`. */
function bodyOf(member: TSESTree.MemberExpression): InputLabel | undefined {
  if (memberKey(member) !== 'body') return undefined;
  const object = unwrap(member.object);
  if (isParam(object, REQUEST_NAMES)) return `${object.name}.body`;
  if (object.type === 'MemberExpression' && memberKey(object) === 'request') {
    const ctx = unwrap(object.object);
    if (isParam(ctx, CONTEXT_NAMES)) return `${ctx.name}.request.body`;
  }
  return undefined;
}

/** `request.json()`, `req.json()`, `c.req.json()`, `request.formData()`. */
function parsedBody(call: TSESTree.CallExpression): InputLabel | undefined {
  if (call.callee.type !== 'MemberExpression') return undefined;
  const method = memberKey(call.callee);
  if (method !== 'json' && method !== 'formData') return undefined;
  const object = unwrap(call.callee.object);
  if (isParam(object, REQUEST_NAMES)) return `${object.name}.${method}()`;
  if (object.type === 'MemberExpression' && memberKey(object) === 'req') {
    const c = unwrap(object.object);
    if (c.type === 'Identifier' && findParameter(c, c.name)) return `${c.name}.req.${method}()`;
  }
  return undefined;
}

function staticCallee(call: TSESTree.CallExpression): string | undefined {
  const callee = unwrap(call.callee);
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'MemberExpression' && callee.object.type === 'Identifier') {
    const key = memberKey(callee);
    return typeof key === 'string' ? `${callee.object.name}.${key}` : undefined;
  }
  return undefined;
}

/** Utility types that make no class of their argument: nothing for `ValidationPipe` to whitelist. */
const NOT_A_DTO = new Set(['Record', 'Partial', 'Pick', 'Omit', 'Readonly', 'Required']);

/**
 * A parameter that holds request input whole: NestJS `@Body()` / `@Body('key')` typed `any`,
 * `unknown`, `object`, an object literal type, `Record<…>`, `Partial<…>`, `Pick<…>` … or not
 * typed (no DTO class to whitelist), and a `FormData` parameter (server actions).
 */
function inputParameter(param: TSESTree.Node): InputLabel | undefined {
  if (param.type !== 'Identifier') return undefined;
  const type = param.typeAnnotation?.typeAnnotation;
  const typeName = type?.type === 'TSTypeReference' && type.typeName.type === 'Identifier' ? type.typeName.name : undefined;
  if (typeName === 'FormData') return param.name;
  const body = param.decorators?.find((d) => d.expression.type === 'CallExpression' && calleeName(d.expression) === 'Body');
  if (!body) return undefined;
  const untyped =
    !type ||
    type.type === 'TSAnyKeyword' ||
    type.type === 'TSUnknownKeyword' ||
    type.type === 'TSObjectKeyword' ||
    type.type === 'TSTypeLiteral' ||
    (typeName !== undefined && NOT_A_DTO.has(typeName));
  if (!untyped) return undefined;
  const key = body.expression.type === 'CallExpression' ? body.expression.arguments[0] : undefined;
  const keyText = key?.type === 'Literal' && typeof key.value === 'string' ? `'${key.value}'` : '';
  return `@Body(${keyText}) ${param.name}`;
}

export class RequestInputs {
  private readonly cache = new Map<TSESTree.Node, InputLabel | null>();

  constructor(private readonly sourceCode: Readonly<TSESLint.SourceCode>) {}

  /** The request input that `node` is, taken whole, or undefined. */
  labelOf(node: TSESTree.Node, depth = 0): InputLabel | undefined {
    const cached = this.cache.get(node);
    if (cached !== undefined) return cached ?? undefined;
    this.cache.set(node, null); // cycles
    const label = depth > MAX_DEPTH ? undefined : this.compute(node, depth);
    this.cache.set(node, label ?? null);
    return label;
  }

  private compute(node: TSESTree.Node, depth: number): InputLabel | undefined {
    const n = unwrap(node);
    switch (n.type) {
      case 'AwaitExpression':
        return this.labelOf(n.argument, depth + 1);
      case 'MemberExpression': {
        const body = bodyOf(n);
        if (body) return body;
        // A nested object of the input (`req.body.user`) is input too.
        const inner = this.labelOf(n.object, depth + 1);
        const key = memberKey(n);
        return inner && typeof key === 'string' ? `${inner}.${key}` : undefined;
      }
      case 'CallExpression': {
        const parsed = parsedBody(n);
        if (parsed) return `await ${parsed}`;
        const callee = staticCallee(n);
        const first = n.arguments[0];
        if (callee === 'Object.fromEntries' && first) return this.labelOf(first, depth + 1);
        if (callee !== undefined && COPIES.has(callee.split('.').pop() ?? '') && first) return this.labelOf(first, depth + 1);
        if (callee === 'Object.assign' && first?.type === 'ObjectExpression' && first.properties.length === 0) {
          for (const arg of n.arguments.slice(1)) {
            const label = this.labelOf(arg, depth + 1);
            if (label) return label;
          }
        }
        return undefined;
      }
      case 'ObjectExpression':
        for (const prop of n.properties) {
          if (prop.type === 'SpreadElement') {
            const label = this.labelOf(prop.argument, depth + 1);
            if (label) return label;
          }
        }
        return undefined;
      case 'Identifier':
        return this.identifier(n, depth);
      default:
        return undefined;
    }
  }

  /** A variable holding input: its single definition, a rest element of one, or a `@Body()` parameter. */
  private identifier(id: TSESTree.Identifier, depth: number): InputLabel | undefined {
    let scope: TSESLint.Scope.Scope | null = this.sourceCode.getScope(id);
    for (; scope; scope = scope.upper) {
      const variable = scope.set.get(id.name);
      if (!variable) continue;
      const def = variable.defs[0];
      if (!def || variable.defs.length !== 1) return undefined;
      if (def.type === 'Parameter') return inputParameter(def.name as TSESTree.Node);
      if (def.type !== 'Variable') return undefined;
      const writes = variable.references.filter((r) => r.isWrite()).length;
      if (writes > 1) return undefined;
      const declarator = def.node as TSESTree.VariableDeclarator;
      if (!declarator.init) return undefined;
      const name = def.name as TSESTree.Node;
      if (declarator.id === name) return this.labelOf(declarator.init, depth + 1);
      // `const { ...rest } = input` or `const { user } = input`: still taken from the input whole.
      if (name.parent?.type === 'RestElement' || name.parent?.type === 'Property') {
        const source = this.labelOf(declarator.init, depth + 1);
        return source ? (name.parent.type === 'RestElement' ? `${source} (rest)` : `${source}.${id.name}`) : undefined;
      }
      return undefined;
    }
    return undefined;
  }
}
