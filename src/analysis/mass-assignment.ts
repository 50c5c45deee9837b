/**
 * Request input written wholesale (CWE-915): into an ORM / query-builder write, onto an entity
 * that came from a read (`Object.assign(user, req.body)`), or into SQL built from its keys
 * (`Object.keys(req.body)`).
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { unwrap } from '../flow/ast.js';
import { callText } from '../orm/common.js';
import type { EntityRef, OrmLibrary } from '../orm/types.js';
import { entityInfo, type EntityInfo } from './entities.js';
import type { FileAnalysis } from './index.js';
import { RequestInputs } from './request-input.js';

export interface MassAssignment {
  /** How the input is named: `req.body`, `await request.json()`, `@Body() body`. */
  readonly input: string;
  /** The write: `prisma.user.update()`, `Object.assign()`, `a SQL statement`. */
  readonly write: string;
  /** The expression written as-is (replaced by the suggestion). */
  readonly value: TSESTree.Node;
  readonly entity: EntityInfo | undefined;
}

/** Fields a client should not set: keys and timestamps … */
const SERVER_SIDE = /^(?:id|uuid|created_?at|updated_?at|deleted_?at|created_?by|updated_?by|version)$/i;
const FOREIGN_KEY = /(?:_id|Id)$/;

/**
 * The entity's fields a client must not set: ids and foreign keys, timestamps, and the secret
 * tier (password hashes, tokens) or the internal tier (roles, permission flags, tenant ids).
 * Personal data (e-mail, phone) is what users legitimately send.
 */
export function protectedFields(entity: EntityInfo | undefined): string[] {
  return (entity?.fields ?? [])
    .filter(
      (f) =>
        f.sensitivity?.tier === 'secret' ||
        f.sensitivity?.tier === 'internal' ||
        SERVER_SIDE.test(f.name) ||
        FOREIGN_KEY.test(f.name),
    )
    .map((f) => f.name);
}

/** The fields a client may set, when the entity's field names can be written in code. */
export function clientSettableFields(entity: EntityInfo | undefined): string[] | undefined {
  if (!entity?.fields || !entity.fieldNamesUsable) return undefined;
  const guarded = new Set(protectedFields(entity));
  return entity.fields.map((f) => f.name).filter((f) => !guarded.has(f));
}

type SourceCode = Readonly<TSESLint.SourceCode>;

/** Whether `id` is a variable initialised with the value of an ORM read (`const user = await repo.findOneBy(…)`). */
function isOrmReadResult(id: TSESTree.Identifier, analysis: FileAnalysis, sourceCode: SourceCode): boolean {
  const readNodes = new Set<TSESTree.Node>(analysis.orm.reads.map((r) => r.read.node));
  let scope: TSESLint.Scope.Scope | null = sourceCode.getScope(id);
  for (; scope; scope = scope.upper) {
    const variable = scope.set.get(id.name);
    if (!variable) continue;
    const def = variable.defs[0];
    if (!def || def.type !== 'Variable') return false;
    const init = (def.node as TSESTree.VariableDeclarator).init;
    return init !== null && readNodes.has(unwrap(init.type === 'AwaitExpression' ? init.argument : init));
  }
  return false;
}

function entityOf(ref: EntityRef | undefined, analysis: FileAnalysis, library: OrmLibrary): EntityInfo | undefined {
  return entityInfo(ref, analysis.orm.models, analysis.catalog, analysis.classifier, library);
}

export function findMassAssignments(analysis: FileAnalysis, sourceCode: SourceCode): MassAssignment[] {
  const inputs = new RequestInputs(sourceCode);
  const found: MassAssignment[] = [];
  for (const write of analysis.orm.writes) {
    const input = inputs.labelOf(write.value);
    if (input) found.push({ input, write: write.callText, value: write.value, entity: entityOf(write.entity, analysis, write.library) });
  }
  for (const call of analysis.nodes.calls) {
    const callee = unwrap(call.callee);
    if (callee.type !== 'MemberExpression' || callee.object.type !== 'Identifier' || callee.property.type !== 'Identifier') continue;
    const target = call.arguments[0];
    const source = call.arguments[1];
    // Object.assign(entity, req.body) onto an entity that came from an ORM read.
    if (callee.object.name === 'Object' && callee.property.name === 'assign' && target?.type === 'Identifier' && source) {
      const input = inputs.labelOf(source);
      if (input && isOrmReadResult(target, analysis, sourceCode)) {
        found.push({ input, write: `${callText(call, sourceCode)} onto \`${target.name}\``, value: source, entity: undefined });
      }
    }
  }
  // SQL whose columns come from the input's keys: `UPDATE t SET ${Object.keys(req.body)…}`
  // (reported once per statement).
  for (const query of analysis.queries) {
    for (const hole of query.sql.holes()) {
      const keys = keysCall(hole.node);
      const input = keys ? inputs.labelOf(keys) : undefined;
      if (input) {
        found.push({ input, write: 'SQL built from its keys', value: hole.node, entity: undefined });
        break;
      }
    }
  }
  return found;
}

/** The argument of an `Object.keys(x)` / `Object.entries(x)` call inside `node` (bounded search). */
function keysCall(node: TSESTree.Node): TSESTree.Node | undefined {
  const stack: TSESTree.Node[] = [node];
  for (let steps = 0; stack.length > 0 && steps < 200; steps++) {
    const n = stack.pop() as TSESTree.Node;
    if (n.type === 'CallExpression') {
      const callee = n.callee;
      if (
        callee.type === 'MemberExpression' &&
        callee.object.type === 'Identifier' &&
        callee.object.name === 'Object' &&
        callee.property.type === 'Identifier' &&
        (callee.property.name === 'keys' || callee.property.name === 'entries') &&
        n.arguments[0]
      ) {
        return n.arguments[0];
      }
      stack.push(n.callee, ...n.arguments);
    } else if (n.type === 'MemberExpression') {
      // `Object.keys(body).length` counts the keys: it does not write them.
      if (!(n.property.type === 'Identifier' && n.property.name === 'length')) stack.push(n.object);
    } else if (n.type === 'ChainExpression' || n.type === 'TSAsExpression' || n.type === 'TSNonNullExpression') {
      stack.push(n.expression);
    }
  }
  return undefined;
}
