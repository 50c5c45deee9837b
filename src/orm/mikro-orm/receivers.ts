/**
 * What a MikroORM receiver expression is: an EntityManager, a repository (of which entity) or the
 * MikroORM instance — in files that import `@mikro-orm/*`.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { memberKey, unwrap } from '../../flow/ast.js';
import type { FileFacts } from '../../flow/file-facts.js';
import { methodOf, staticString } from '../common.js';
import { ReceiverClassifier } from '../receiver-classifier.js';
import type { EntityRef } from '../types.js';
import { bindingOf, callbackOf, entityOfType, localClassOfType, typeReference } from '../bindings.js';
import { classExtending, decoratorCall, superTypeArguments, thisOwner, type ClassNode } from '../classes.js';

export type MikroReceiver =
  | { readonly kind: 'em' }
  | { readonly kind: 'orm' }
  | { readonly kind: 'repository'; readonly entity: EntityRef | undefined };

const EM: MikroReceiver = { kind: 'em' };
const ORM: MikroReceiver = { kind: 'orm' };

const EM_TYPES: ReadonlySet<string> = new Set(['EntityManager', 'SqlEntityManager']);
const REPOSITORY_TYPES: ReadonlySet<string> = new Set(['EntityRepository', 'SqlEntityRepository']);

export function isMikroModule(module: string): boolean {
  return module.startsWith('@mikro-orm/') || module === 'mikro-orm';
}

/** An entity argument: a class identifier or an entity name string. */
export function mikroEntityOf(node: TSESTree.Node | undefined): EntityRef | undefined {
  if (!node || node.type === 'SpreadElement') return undefined;
  const n = unwrap(node);
  if (n.type === 'Identifier' && /^[A-Z]/.test(n.name)) return { name: n.name, kind: 'model' };
  const s = staticString(n);
  return s ? { name: s, kind: 'model' } : undefined;
}

/** A value that is plainly not an EntityManager: `new EventEmitter()`, a literal, an object, a function. */
function isOtherValue(value: TSESTree.Node): boolean {
  const v = unwrap(value);
  switch (v.type) {
    case 'NewExpression':
    case 'Literal':
    case 'TemplateLiteral':
    case 'ObjectExpression':
    case 'ArrayExpression':
    case 'ArrowFunctionExpression':
    case 'FunctionExpression':
    case 'ClassExpression':
      return true;
    default:
      return false;
  }
}

export class MikroReceivers extends ReceiverClassifier<MikroReceiver> {
  constructor(
    sourceCode: Readonly<TSESLint.SourceCode>,
    private readonly facts: FileFacts,
  ) {
    super(sourceCode);
  }

  /** Whether `name` is imported from a `@mikro-orm/*` module in this file. */
  fromMikro(name: string): boolean {
    const b = this.facts.imports.get(name);
    return b !== undefined && isMikroModule(b.module);
  }

  protected override classifyNode(n: TSESTree.Node, depth: number): MikroReceiver | undefined {
    switch (n.type) {
      case 'Identifier':
        return this.identifier(n, depth);
      case 'ThisExpression': {
        const owner = thisOwner(n);
        return owner?.kind === 'class' && !owner.isStatic ? this.repositoryClass(owner.node) : undefined;
      }
      case 'MemberExpression':
        return this.member(n, depth);
      case 'CallExpression':
        return this.call(n, depth);
      default:
        return undefined;
    }
  }

  override classifyType(type: TSESTree.TypeNode | undefined): MikroReceiver | undefined {
    const ref = typeReference(type);
    if (!ref) return undefined;
    if (EM_TYPES.has(ref.name) && this.fromMikro(ref.name)) return EM;
    if (ref.name === 'MikroORM' && this.fromMikro(ref.name)) return ORM;
    if (REPOSITORY_TYPES.has(ref.name) && this.fromMikro(ref.name)) return { kind: 'repository', entity: entityOfType(ref.args[0]) };
    const local = localClassOfType(type, this.sourceCode);
    return local ? this.repositoryClass(local) : undefined;
  }

  /** `class BookRepository extends EntityRepository<Book>` (directly or through local classes). */
  repositoryClass(cls: ClassNode): MikroReceiver | undefined {
    const repository = classExtending(cls, this.sourceCode, (sup) => REPOSITORY_TYPES.has(sup) && this.fromMikro(sup));
    return repository ? { kind: 'repository', entity: entityOfType(superTypeArguments(repository)[0]) } : undefined;
  }

  protected override declared(types: readonly TSESTree.TypeNode[], decorators: readonly TSESTree.Decorator[]): MikroReceiver | undefined {
    const inject = decoratorCall(decorators, new Set(['InjectRepository']));
    const fromType = types.map((t) => this.classifyType(t)).find((r) => r !== undefined);
    if (inject && this.fromMikro('InjectRepository')) {
      const entity = mikroEntityOf(inject.arguments[0]);
      if (entity) return { kind: 'repository', entity };
      if (fromType?.kind === 'repository') return fromType;
      return { kind: 'repository', entity: undefined };
    }
    if (decoratorCall(decorators, new Set(['InjectEntityManager'])) && this.fromMikro('InjectEntityManager')) return EM;
    return fromType;
  }

  private byName(name: string): MikroReceiver | undefined {
    if (/^(em|entityManager)$/.test(name)) return EM;
    if (name === 'orm') return ORM;
    return undefined;
  }

  private identifier(id: TSESTree.Identifier, depth: number): MikroReceiver | undefined {
    const b = bindingOf(id, this.sourceCode);
    if (!b) return undefined;
    switch (b.kind) {
      case 'import':
        return isMikroModule(b.module) ? undefined : this.byName(id.name);
      case 'variable':
        // The name says "EntityManager" only when the value does not say something else.
        return this.variable(b.type, b.values, depth) ?? (b.type || b.values.some(isOtherValue) ? undefined : this.byName(id.name));
      case 'parameter': {
        const declared = this.declared(b.type ? [b.type] : [], b.decorators);
        if (declared) return declared;
        const cb = callbackOf(b.fn);
        if (cb && b.index === 0 && methodOf(cb.call)?.name === 'transactional') {
          const callee = unwrap(cb.call.callee);
          if (callee.type === 'MemberExpression' && this.classify(callee.object, depth + 1)) return EM;
        }
        return b.type ? undefined : this.byName(id.name);
      }
      default:
        return undefined;
    }
  }

  private member(n: TSESTree.MemberExpression, depth: number): MikroReceiver | undefined {
    const key = memberKey(n);
    if (typeof key !== 'string') return undefined;
    const object = unwrap(n.object);
    if (object.type === 'ThisExpression') {
      const decided = this.thisMember(object, key, depth);
      return decided !== undefined ? (decided ?? undefined) : this.byName(key);
    }
    // `orm.em`, `DI.em`, `this.orm.em`, `ctx.em`
    if (key === 'em' || key === 'entityManager') return EM;
    if (key === 'orm') return ORM;
    return undefined;
  }

  private call(n: TSESTree.CallExpression, depth: number): MikroReceiver | undefined {
    const callee = unwrap(n.callee);
    if (callee.type !== 'MemberExpression') return undefined;
    const method = memberKey(callee);
    const object = unwrap(callee.object);
    if (method === 'getEntityManager' && object.type === 'Identifier' && object.name === 'RequestContext' && this.fromMikro('RequestContext')) {
      return EM;
    }
    if (method === 'init' && object.type === 'Identifier' && object.name === 'MikroORM' && this.fromMikro('MikroORM')) return ORM;
    const base = this.classify(object, depth + 1);
    if (!base) return undefined;
    if (method === 'fork' && base.kind !== 'repository') return EM;
    if ((method === 'getRepository' || method === 'repo') && base.kind !== 'repository') {
      const arg = n.arguments[0];
      return arg ? { kind: 'repository', entity: mikroEntityOf(arg) } : undefined;
    }
    if (method === 'getEntityManager' && base.kind === 'repository') return EM;
    return undefined;
  }
}
