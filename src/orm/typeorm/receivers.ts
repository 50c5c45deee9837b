/**
 * What a TypeORM receiver expression is: a repository (of which entity), an entity manager, a data
 * source, or a query runner — from imports, type annotations, NestJS decorators, constructions,
 * `getRepository(User)` calls, transaction callbacks and custom repository classes.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { memberKey, unwrap } from '../../flow/ast.js';
import { importsModule, type FileFacts } from '../../flow/file-facts.js';
import { methodOf, staticString } from '../common.js';
import { ReceiverClassifier } from '../receiver-classifier.js';
import type { EntityRef } from '../types.js';
import { bindingOf, callbackOf, entityOfType, localClassOfType, typeReference } from '../bindings.js';
import { classExtending, decoratorCall, superTypeArguments, thisOwner, type ClassNode } from '../classes.js';

export type TypeormReceiver =
  | { readonly kind: 'repository'; readonly entity: EntityRef | undefined }
  | { readonly kind: 'manager' }
  | { readonly kind: 'dataSource' }
  | { readonly kind: 'queryRunner' };

const MANAGER: TypeormReceiver = { kind: 'manager' };
const DATA_SOURCE: TypeormReceiver = { kind: 'dataSource' };
const QUERY_RUNNER: TypeormReceiver = { kind: 'queryRunner' };

const TYPEORM_MODULES = ['typeorm', '@nestjs/typeorm'];
const REPOSITORY_TYPES: ReadonlySet<string> = new Set(['Repository', 'TreeRepository', 'MongoRepository']);
const GET_REPOSITORY: ReadonlySet<string> = new Set(['getRepository', 'getTreeRepository', 'getMongoRepository']);
/** Names that say "TypeORM data source" on their own (`AppDataSource`, `dataSource`). */
const DATA_SOURCE_NAME = /datasource/i;
const DATA_SOURCE_PATH = /data-?source|typeorm|ormconfig/i;

export function isTypeormModule(module: string): boolean {
  return TYPEORM_MODULES.some((m) => module === m || module.startsWith(`${m}/`));
}

/** Whether the file imports TypeORM itself (the strong evidence). */
export function importsTypeorm(facts: FileFacts): boolean {
  return TYPEORM_MODULES.some((m) => importsModule(facts, m));
}

/** An entity argument: a class identifier or an entity name string. */
export function entityOf(node: TSESTree.Node | undefined): EntityRef | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  if (n.type === 'Identifier') return { name: n.name, kind: 'model' };
  const s = staticString(n);
  return s ? { name: s, kind: 'model' } : undefined;
}

/** Whether an argument looks like an entity target (`User`, `'User'`), not a value. */
export function isEntityArgument(node: TSESTree.Node | undefined): boolean {
  if (!node) return false;
  const n = unwrap(node);
  return (n.type === 'Identifier' && /^[A-Z]/.test(n.name)) || staticString(n) !== undefined;
}

export class TypeormReceivers extends ReceiverClassifier<TypeormReceiver> {
  readonly strong: boolean;

  constructor(
    sourceCode: Readonly<TSESLint.SourceCode>,
    private readonly facts: FileFacts,
  ) {
    super(sourceCode);
    this.strong = importsTypeorm(facts);
  }

  /** Whether `name` (a type, decorator or function) is TypeORM's own binding in this file. */
  private fromTypeorm(name: string): boolean {
    const b = this.facts.imports.get(name);
    if (b) return isTypeormModule(b.module);
    return false;
  }

  protected override classifyNode(n: TSESTree.Node, depth: number): TypeormReceiver | undefined {
    switch (n.type) {
      case 'Identifier':
        return this.identifier(n, depth);
      case 'ThisExpression':
        return this.thisValue(n);
      case 'MemberExpression':
        return this.member(n, depth);
      case 'CallExpression':
        return this.call(n, depth);
      case 'NewExpression': {
        const callee = unwrap(n.callee);
        if (callee.type !== 'Identifier') return undefined;
        if ((callee.name === 'DataSource' || callee.name === 'Connection') && this.fromTypeorm(callee.name)) return DATA_SOURCE;
        return undefined;
      }
      default:
        return undefined;
    }
  }

  /** `Repository<User>`, `EntityManager`, `DataSource`, a local custom repository class. */
  override classifyType(type: TSESTree.TypeNode | undefined): TypeormReceiver | undefined {
    const ref = typeReference(type);
    if (!ref) return undefined;
    if (REPOSITORY_TYPES.has(ref.name) && this.fromTypeorm(ref.name)) {
      return { kind: 'repository', entity: entityOfType(ref.args[0]) };
    }
    if (ref.name === 'EntityManager' && this.fromTypeorm(ref.name)) return MANAGER;
    if ((ref.name === 'DataSource' || ref.name === 'Connection') && this.fromTypeorm(ref.name)) return DATA_SOURCE;
    if (ref.name === 'QueryRunner' && this.fromTypeorm(ref.name)) return QUERY_RUNNER;
    const local = localClassOfType(type, this.sourceCode);
    return local ? this.repositoryClass(local) : undefined;
  }

  /** `class UserRepository extends Repository<User>` (directly or through local classes). */
  repositoryClass(cls: ClassNode): TypeormReceiver | undefined {
    const repository = classExtending(cls, this.sourceCode, (sup) => REPOSITORY_TYPES.has(sup) && this.fromTypeorm(sup));
    return repository ? { kind: 'repository', entity: entityOfType(superTypeArguments(repository)[0]) } : undefined;
  }

  /** An Active Record entity class (`class User extends BaseEntity`): its statics are a repository. */
  private activeRecord(cls: ClassNode): TypeormReceiver | undefined {
    const entity = classExtending(cls, this.sourceCode, (sup) => sup === 'BaseEntity' && this.fromTypeorm(sup));
    return entity && cls.id ? { kind: 'repository', entity: { name: cls.id.name, kind: 'model' } } : undefined;
  }

  private decorators(decorators: readonly TSESTree.Decorator[]): TypeormReceiver | undefined {
    const inject = decoratorCall(decorators, new Set(['InjectRepository']));
    if (inject && this.fromTypeorm('InjectRepository')) return { kind: 'repository', entity: entityOf(inject.arguments[0]) };
    if (decoratorCall(decorators, new Set(['InjectEntityManager'])) && this.fromTypeorm('InjectEntityManager')) return MANAGER;
    for (const name of ['InjectDataSource', 'InjectConnection']) {
      if (decoratorCall(decorators, new Set([name])) && this.fromTypeorm(name)) return DATA_SOURCE;
    }
    return undefined;
  }

  /** Combines a decorator (entity from its argument) with a type (entity from its argument). */
  protected override declared(types: readonly TSESTree.TypeNode[], decorators: readonly TSESTree.Decorator[]): TypeormReceiver | undefined {
    const fromDecorator = this.decorators(decorators);
    const fromType = types.map((t) => this.classifyType(t)).find((r) => r !== undefined);
    if (fromDecorator?.kind === 'repository' && !fromDecorator.entity && fromType?.kind === 'repository') return fromType;
    return fromDecorator ?? fromType;
  }

  /** Names a strong file uses for managers and data sources without saying more. */
  private byName(name: string): TypeormReceiver | undefined {
    if (DATA_SOURCE_NAME.test(name)) return DATA_SOURCE;
    if (!this.strong) return undefined;
    if (/^(manager|entityManager|transactionalEntityManager|transactionManager|em)$/.test(name)) return MANAGER;
    if (/^(connection|queryRunner)$/.test(name)) return name === 'queryRunner' ? QUERY_RUNNER : DATA_SOURCE;
    return undefined;
  }

  private identifier(id: TSESTree.Identifier, depth: number): TypeormReceiver | undefined {
    const b = bindingOf(id, this.sourceCode);
    if (!b) return undefined;
    switch (b.kind) {
      case 'import':
        if (isTypeormModule(b.module)) return undefined;
        if (DATA_SOURCE_NAME.test(id.name) || DATA_SOURCE_NAME.test(b.imported)) return DATA_SOURCE;
        if (DATA_SOURCE_PATH.test(b.module) && /^(dataSource|connection|default)$/i.test(b.imported)) return DATA_SOURCE;
        return undefined;
      case 'class':
        return this.activeRecord(b.node);
      case 'variable':
        return this.variable(b.type, b.values, depth) ?? (b.values.length === 0 ? this.byName(id.name) : undefined);
      case 'parameter': {
        const declared = this.declared(b.type ? [b.type] : [], b.decorators);
        if (declared) return declared;
        const cb = callbackOf(b.fn);
        if (cb && b.index === 0 && methodOf(cb.call)?.name === 'transaction') {
          const callee = unwrap(cb.call.callee);
          const owner = callee.type === 'MemberExpression' ? this.classify(callee.object, depth + 1) : undefined;
          if (owner && owner.kind !== 'repository') return MANAGER;
        }
        return b.type ? undefined : this.byName(id.name);
      }
      default:
        return undefined;
    }
  }

  private thisValue(node: TSESTree.ThisExpression): TypeormReceiver | undefined {
    const owner = thisOwner(node);
    if (owner?.kind === 'class') return owner.isStatic ? this.activeRecord(owner.node) : this.repositoryClass(owner.node);
    if (owner?.kind === 'object') {
      // `repository.extend({ findByName() { return this.findOneBy(...) } })`
      const call = owner.node.parent;
      if (call?.type === 'CallExpression' && call.arguments[0] === owner.node && methodOf(call)?.name === 'extend') {
        const callee = unwrap(call.callee);
        const base = callee.type === 'MemberExpression' ? this.classify(callee.object) : undefined;
        return base?.kind === 'repository' ? base : undefined;
      }
    }
    return undefined;
  }

  private member(n: TSESTree.MemberExpression, depth: number): TypeormReceiver | undefined {
    const key = memberKey(n);
    if (typeof key !== 'string') return undefined;
    const object = unwrap(n.object);
    if (object.type === 'ThisExpression') {
      // `this.repo` of a class, or of `{ repo: AppDataSource.getRepository(User), list() { return this.repo.find() } }`
      const decided = this.thisMember(object, key, depth);
      if (decided !== undefined) return decided ?? undefined;
      const owner = thisOwner(object);
      if (key === 'manager' && owner?.kind === 'class' && this.repositoryClass(owner.node)) return MANAGER;
      return this.byName(key);
    }
    if (key === 'manager') {
      const base = this.classify(object, depth + 1);
      if (base && base.kind !== 'manager') return MANAGER;
      return undefined;
    }
    if (key === 'connection' || key === 'dataSource') {
      const base = this.classify(object, depth + 1);
      if (base?.kind === 'manager' || base?.kind === 'queryRunner') return DATA_SOURCE;
    }
    return undefined;
  }

  private call(n: TSESTree.CallExpression, depth: number): TypeormReceiver | undefined {
    const callee = unwrap(n.callee);
    if (callee.type === 'Identifier') {
      if (!this.fromTypeorm(callee.name)) return undefined;
      const imported = this.facts.imports.get(callee.name)?.imported;
      if (imported && GET_REPOSITORY.has(imported)) return { kind: 'repository', entity: entityOf(n.arguments[0]) };
      if (imported === 'getCustomRepository') {
        const arg = n.arguments[0] ? unwrap(n.arguments[0]) : undefined;
        const b = arg?.type === 'Identifier' ? bindingOf(arg, this.sourceCode) : undefined;
        return b?.kind === 'class' ? this.repositoryClass(b.node) : { kind: 'repository', entity: undefined };
      }
      if (imported === 'getManager') return MANAGER;
      if (imported === 'getConnection' || imported === 'getDataSource') return DATA_SOURCE;
      return undefined;
    }
    if (callee.type !== 'MemberExpression') return undefined;
    const method = memberKey(callee);
    if (typeof method !== 'string') return undefined;
    if (GET_REPOSITORY.has(method)) {
      const arg = n.arguments[0];
      if (!arg || arg.type === 'SpreadElement') return undefined;
      const base = this.classify(callee.object, depth + 1);
      if ((base && base.kind !== 'repository') || (!base && this.strong)) return { kind: 'repository', entity: entityOf(arg) };
      return undefined;
    }
    if (method === 'withRepository' && n.arguments[0]) return this.classify(n.arguments[0], depth + 1);
    if (method === 'extend') {
      const base = this.classify(callee.object, depth + 1);
      return base?.kind === 'repository' ? base : undefined;
    }
    if (method === 'createQueryRunner') {
      return this.classify(callee.object, depth + 1)?.kind === 'dataSource' ? QUERY_RUNNER : undefined;
    }
    if (method === 'initialize' || method === 'connect') {
      return this.classify(callee.object, depth + 1)?.kind === 'dataSource' ? DATA_SOURCE : undefined;
    }
    return undefined;
  }
}
