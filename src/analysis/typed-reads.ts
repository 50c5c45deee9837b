/**
 * With type information: calls whose value holds whole ORM entities although the read happens
 * in another file (`await this.usersService.findAll()` typed `Promise<User[]>`), as reads with no
 * projection. Their fields come from the schema when it knows the model, else from the type.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { FlowEnv } from '../flow/track.js';
import { entityTypeOf, type TypeInfo } from '../flow/typed.js';
import type { FileNodes } from '../flow/walk.js';
import { callText, methodOf } from '../orm/common.js';
import type { LocalModel, OrmRead } from '../orm/types.js';
import type { Catalog } from '../schema/catalog.js';
import { OrmReadInfo } from './orm.js';

export interface TypedReads {
  readonly reads: readonly OrmReadInfo[];
  /** Entities known only from their type (the schema does not know them). */
  readonly models: readonly LocalModel[];
}

function knownToSchema(name: string, catalog: Catalog): boolean {
  const lower = name.toLowerCase();
  return [...catalog.models.keys()].some((m) => m.toLowerCase() === lower);
}

export function collectTypedReads(
  nodes: FileNodes,
  known: ReadonlySet<TSESTree.Node>,
  types: TypeInfo,
  catalog: Catalog,
  sourceCode: Readonly<TSESLint.SourceCode>,
  env: FlowEnv,
): TypedReads {
  const reads: OrmReadInfo[] = [];
  const models = new Map<string, LocalModel>();
  for (const call of nodes.calls) {
    if (known.has(call)) continue;
    // Only the outermost call of a chain holds the value that travels on.
    if (call.parent?.type === 'MemberExpression' && call.parent.object === call) continue;
    const entity = entityTypeOf(call, types);
    if (!entity) continue;
    const method = methodOf(call);
    const read: OrmRead = {
      library: 'type-info',
      node: call,
      reportNode: method?.node ?? call.callee,
      callText: callText(call, sourceCode),
      entity: { name: entity.name, kind: 'model' },
      projection: { kind: 'none' },
      relations: [],
      ...(entity.hidden.length > 0 ? { hidden: entity.hidden } : {}),
      ...(entity.dropped.length > 0 ? { dropped: entity.dropped } : {}),
      edits: {},
    };
    reads.push(new OrmReadInfo(read, env));
    if (!knownToSchema(entity.name, catalog) && !models.has(entity.name)) {
      models.set(entity.name, { library: 'type-info', names: [entity.name], fields: entity.fields, hidden: entity.hidden, dropped: entity.dropped });
    }
  }
  return { reads, models: [...models.values()] };
}
