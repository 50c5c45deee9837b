/** MikroORM `@Entity` classes of the file: names, properties, hidden/lazy ones, relation targets. */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { propertyKey, unwrap } from '../../flow/ast.js';
import { typeReference } from '../bindings.js';
import { classChain, decoratorName, relationTarget, type ClassNode } from '../classes.js';
import { isLiteral, objectLiteral, objectProperty, staticString } from '../common.js';
import type { LocalModel } from '../types.js';
import type { MikroReceivers } from './receivers.js';

const PROPERTY_DECORATORS: ReadonlySet<string> = new Set([
  'Property', 'PrimaryKey', 'SerializedPrimaryKey', 'Enum', 'Formula', 'ManyToOne', 'OneToOne', 'Embedded',
]);
const RELATION_DECORATORS: ReadonlySet<string> = new Set(['OneToMany', 'ManyToMany']);
/** Decorators of properties that hold other entities (populated, not plain columns). */
const ENTITY_VALUED: ReadonlySet<string> = new Set(['ManyToOne', 'OneToOne', 'OneToMany', 'ManyToMany', 'Embedded']);

/** Local entity models with the names of their scalar (non-relation) properties. */
export interface MikroModels {
  readonly models: LocalModel[];
  readonly scalars: Map<string, readonly string[]>;
  /** Entity name → relation property → target entity. */
  readonly targets: Map<string, Map<string, string>>;
}

/** The target of `@ManyToOne(() => Org)`, `@OneToMany({ entity: () => Post })`, or `org!: Org` / `Collection<Post>`. */
function mikroRelationTarget(d: TSESTree.Decorator, member: TSESTree.PropertyDefinition): string | undefined {
  if (d.expression.type === 'CallExpression') {
    const first = d.expression.arguments[0];
    const direct = relationTarget(first);
    if (direct) return direct;
    const o = objectLiteral(first);
    const entity = o ? objectProperty(o, 'entity') : undefined;
    const fromOptions = entity ? relationTarget(entity.value) : undefined;
    if (fromOptions) return fromOptions;
  }
  const ref = typeReference(member.typeAnnotation?.typeAnnotation);
  if (!ref) return undefined;
  if (ref.name === 'Collection' || ref.name === 'Ref' || ref.name === 'Reference' || ref.name === 'Rel') return typeReference(ref.args[0])?.name;
  return ref.name;
}

/** `@Entity()` classes imported from `@mikro-orm/*`: names, properties, hidden and lazy ones. */
export function mikroEntities(classes: readonly ClassNode[], receivers: MikroReceivers, sourceCode: Readonly<TSESLint.SourceCode>): MikroModels {
  const models: LocalModel[] = [];
  const scalars = new Map<string, readonly string[]>();
  const targets = new Map<string, Map<string, string>>();
  const isMikro = (d: TSESTree.Decorator, names: ReadonlySet<string>): boolean => {
    const name = decoratorName(d);
    return name !== undefined && names.has(name) && receivers.fromMikro(name);
  };
  for (const cls of classes) {
    const entity = cls.decorators.find((d) => isMikro(d, new Set(['Entity'])));
    if (!entity || !cls.id) continue;
    const names = [cls.id.name];
    const options = entity.expression.type === 'CallExpression' ? entity.expression.arguments[0] : undefined;
    const opts = options ? unwrap(options) : undefined;
    if (opts?.type === 'ObjectExpression') {
      for (const key of ['tableName', 'collection']) {
        const p = objectProperty(opts, key);
        const table = p ? staticString(p.value) : undefined;
        if (table && !names.includes(table)) names.push(table);
      }
    }
    const chain = [...classChain(cls, sourceCode, 5)].reverse();
    const fields: string[] = [];
    const hidden: string[] = [];
    const dropped: string[] = [];
    const plain: string[] = [];
    const relationsOf = new Map<string, string>();
    for (const c of chain) {
      for (const member of c.body.body) {
        if (member.type !== 'PropertyDefinition' || member.static) continue;
        const name = propertyKey(member);
        if (name === undefined) continue;
        for (const d of member.decorators) {
          const isProperty = isMikro(d, PROPERTY_DECORATORS);
          if (!isProperty && !isMikro(d, RELATION_DECORATORS)) continue;
          if (isProperty && !fields.includes(name)) fields.push(name);
          if (isProperty && !isMikro(d, ENTITY_VALUED) && !plain.includes(name)) plain.push(name);
          if (isMikro(d, ENTITY_VALUED)) {
            const target = mikroRelationTarget(d, member);
            if (target) relationsOf.set(name, target);
          }
          const arg = d.expression.type === 'CallExpression' ? d.expression.arguments.find((a) => unwrap(a).type === 'ObjectExpression') : undefined;
          const o = arg ? unwrap(arg) : undefined;
          if (o?.type !== 'ObjectExpression') continue;
          // `lazy`: not loaded unless populated; `hidden`: dropped when the entity is serialised.
          if (isLiteral(objectProperty(o, 'lazy')?.value, true) && !hidden.includes(name)) hidden.push(name);
          if (isLiteral(objectProperty(o, 'hidden')?.value, true) && !dropped.includes(name)) dropped.push(name);
        }
      }
    }
    models.push({ library: 'mikro-orm', names, fields, hidden, dropped });
    for (const n of names) {
      scalars.set(n, plain);
      targets.set(n, relationsOf);
    }
  }
  return { models, scalars, targets };
}
