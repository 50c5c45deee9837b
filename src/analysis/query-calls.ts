/**
 * Which calls run SQL, which tags mark SQL templates, and which node holds the SQL a call runs.
 * A method name only makes a call a candidate: its SQL must still read as SQL to be analysed.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { memberKey, propertyKey, unwrap } from '../flow/ast.js';
import type { DataExposureSettings } from '../settings.js';

/** Methods whose first argument is SQL (pg, mysql2, knex, Sequelize, TypeORM, Prisma, Drizzle, pg-promise, slonik, postgres.js). */
const QUERY_METHODS = [
  'query', 'raw', 'execute', 'unsafe', '$queryRaw', '$queryRawUnsafe', '$executeRaw', '$executeRawUnsafe',
  'any', 'one', 'many', 'oneOrNone', 'manyOrNone', 'none', 'result', 'multi', 'each',
  'maybeOne', 'anyFirst', 'oneFirst', 'manyFirst', 'maybeOneFirst', 'queryRaw',
];
/** Plain functions whose first argument is SQL (`import { query } from './db'`). */
const QUERY_FUNCTIONS = ['query', 'execute', 'queryRaw'];
/** Calls that run SQL but return no rows (a count, nothing). */
const NO_ROWS = new Set(['$executeRaw', '$executeRawUnsafe', 'none']);
/** Tag names of SQL tagged templates: the tag's last name (`Prisma.sql` → `sql`). */
const SQL_TAGS = ['sql', 'SQL', '$queryRaw', '$executeRaw', 'queryRaw', 'sqlFragment'];

export interface QueryCallConfig {
  readonly methods: ReadonlySet<string>;
  readonly functions: ReadonlySet<string>;
  readonly tags: ReadonlySet<string>;
}

const configCache = new WeakMap<DataExposureSettings, QueryCallConfig>();

export function queryCallConfig(settings: DataExposureSettings): QueryCallConfig {
  const hit = configCache.get(settings);
  if (hit) return hit;
  const extraNames = settings.queryFunctions.map((n) => n.split('.').pop() ?? n);
  const config: QueryCallConfig = {
    methods: new Set([...QUERY_METHODS, ...extraNames]),
    functions: new Set([...QUERY_FUNCTIONS, ...extraNames]),
    tags: new Set([...SQL_TAGS, ...settings.sqlTags.map((n) => n.split('.').pop() ?? n)]),
  };
  configCache.set(settings, config);
  return config;
}

function lastName(node: TSESTree.Node): string | undefined {
  const n = unwrap(node);
  if (n.type === 'Identifier') return n.name;
  if (n.type === 'MemberExpression') {
    const key = memberKey(n);
    return typeof key === 'string' ? key : undefined;
  }
  return undefined;
}

/** `sql`, `Prisma.sql`, `db.sql`, `tx.$queryRaw`, `sql.type(T)`, `sql.fragment`. */
export function isSqlTag(tag: TSESTree.Node, config: QueryCallConfig): boolean {
  const n = unwrap(tag);
  const name = lastName(n);
  if (name !== undefined && config.tags.has(name)) return true;
  if (n.type === 'MemberExpression') return isSqlTag(n.object, config);
  if (n.type === 'CallExpression' && n.callee.type === 'MemberExpression') return isSqlTag(n.callee.object, config);
  return false;
}

/** Whether a SQL-tagged template's own value holds rows (`$executeRaw` returns a count). */
export function tagReturnsRows(tag: TSESTree.Node): boolean {
  const name = lastName(tag);
  return name === undefined || !NO_ROWS.has(name);
}

export interface QueryCall {
  readonly call: TSESTree.CallExpression;
  readonly method: string;
  /** Whether the call's value holds rows. */
  readonly returnsRows: boolean;
}

export function asQueryCall(call: TSESTree.CallExpression, config: QueryCallConfig): QueryCall | undefined {
  if (call.arguments.length === 0) return undefined;
  const callee = unwrap(call.callee);
  let method: string | undefined;
  if (callee.type === 'MemberExpression') {
    const key = memberKey(callee);
    if (typeof key === 'string' && config.methods.has(key)) method = key;
  } else if (callee.type === 'Identifier' && config.functions.has(callee.name)) {
    method = callee.name;
  }
  if (method === undefined) return undefined;
  return { call, method, returnsRows: !NO_ROWS.has(method) };
}

/** The initializer of a `const` with a single definition that `id` refers to. */
export function constInit(
  id: TSESTree.Identifier,
  sourceCode: Readonly<TSESLint.SourceCode>,
): { init: TSESTree.Expression; singleUse: boolean } | undefined {
  let scope: TSESLint.Scope.Scope | null = sourceCode.getScope(id);
  for (; scope; scope = scope.upper) {
    const variable = scope.set.get(id.name);
    if (!variable) continue;
    const def = variable.defs[0];
    if (variable.defs.length !== 1 || !def || def.type !== 'Variable') return undefined;
    const declarator = def.node as TSESTree.VariableDeclarator;
    if (declarator.parent.kind !== 'const' || declarator.id.type !== 'Identifier' || !declarator.init) return undefined;
    const reads = variable.references.filter((r) => r.isRead()).length;
    return { init: declarator.init, singleUse: reads <= 1 };
  }
  return undefined;
}

/** The node holding the SQL that `call` runs: its first argument, through consts and `{ text }`. */
export function sqlArgument(call: TSESTree.CallExpression, sourceCode: Readonly<TSESLint.SourceCode>): TSESTree.Node | undefined {
  let node: TSESTree.Node | undefined = call.arguments[0];
  for (let depth = 0; node && depth < 4; depth++) {
    node = unwrap(node);
    switch (node.type) {
      case 'Literal':
        return typeof node.value === 'string' ? node : undefined;
      case 'TemplateLiteral':
      case 'TaggedTemplateExpression':
      case 'BinaryExpression':
        return node;
      case 'Identifier':
        node = constInit(node, sourceCode)?.init;
        break;
      case 'ObjectExpression': {
        const text = node.properties.find(
          (p): p is TSESTree.Property => p.type === 'Property' && (propertyKey(p) === 'text' || propertyKey(p) === 'sql'),
        );
        node = text?.value;
        break;
      }
      default:
        return undefined;
    }
  }
  return undefined;
}
