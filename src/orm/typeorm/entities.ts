/**
 * TypeORM `@Entity` classes declared in the file: names, columns, `select: false` columns, and the
 * properties class-transformer leaves out when serialising (`@Exclude()`).
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { propertyKey, unwrap } from '../../flow/ast.js';
import type { FileFacts } from '../../flow/file-facts.js';
import { classChain, decoratorName, relationTarget, type ClassNode } from '../classes.js';
import { isLiteral, objectLiteral, objectProperty, staticString } from '../common.js';
import type { LocalModel } from '../types.js';
import { isTypeormModule } from './receivers.js';

const ENTITY_DECORATORS: ReadonlySet<string> = new Set(['Entity', 'ViewEntity', 'ChildEntity']);
const RELATION_DECORATORS: ReadonlySet<string> = new Set(['OneToMany', 'ManyToOne', 'OneToOne', 'ManyToMany']);

/** Local entities, and for each (by every name it has) its relation property → target entity. */
export interface TypeormEntities {
  readonly models: LocalModel[];
  readonly relationTargets: Map<string, Map<string, string>>;
  /** Per entity name: relations declared `{ eager: true }` (loaded by every `find*`). */
  readonly eager: Map<string, readonly string[]>;
}

const COLUMN_DECORATORS: ReadonlySet<string> = new Set([
  'Column',
  'PrimaryColumn',
  'PrimaryGeneratedColumn',
  'CreateDateColumn',
  'UpdateDateColumn',
  'DeleteDateColumn',
  'VersionColumn',
  'ObjectIdColumn',
  'ViewColumn',
  'TreeLevelColumn',
]);

function typeormDecorator(d: TSESTree.Decorator, names: ReadonlySet<string>, facts: FileFacts): string | undefined {
  const name = decoratorName(d);
  if (!name || !names.has(name)) return undefined;
  const b = facts.imports.get(name);
  return b && isTypeormModule(b.module) ? name : undefined;
}

/** The options object of a column or relation decorator: `@Column({ … })`, `@ManyToOne(() => T, (t) => t.x, { … })`. */
function columnOptions(d: TSESTree.Decorator): TSESTree.ObjectExpression | undefined {
  if (d.expression.type !== 'CallExpression') return undefined;
  for (const arg of d.expression.arguments) {
    const a = unwrap(arg);
    if (a.type === 'ObjectExpression') return a;
  }
  return undefined;
}

/** A class-transformer decorator (`@Exclude()`, `@Expose()`) imported from the library. */
function transformerDecorator(d: TSESTree.Decorator, name: 'Exclude' | 'Expose', facts: FileFacts): boolean {
  const local = decoratorName(d);
  if (!local) return false;
  const b = facts.imports.get(local);
  return b !== undefined && b.module === 'class-transformer' && b.imported === name;
}

interface Members {
  readonly fields: string[];
  readonly hidden: string[];
  /** Left out when serialised by class-transformer. */
  readonly dropped: string[];
  readonly targets: Map<string, string>;
  readonly eager: string[];
}

function columnsOf(cls: ClassNode, facts: FileFacts, out: Members): void {
  const { fields, hidden, dropped, targets, eager } = out;
  // `@Exclude()` on the class: only `@Expose()`d properties are serialised.
  const excludeAll = cls.decorators.some((d) => transformerDecorator(d, 'Exclude', facts));
  for (const member of cls.body.body) {
    if (member.type !== 'PropertyDefinition' || member.static) continue;
    const name = propertyKey(member);
    if (name === undefined) continue;
    const excluded = member.decorators.some((d) => transformerDecorator(d, 'Exclude', facts));
    const exposed = member.decorators.some((d) => transformerDecorator(d, 'Expose', facts));
    if ((excluded || (excludeAll && !exposed)) && !dropped.includes(name)) dropped.push(name);
    for (const d of member.decorators) {
      if (typeormDecorator(d, RELATION_DECORATORS, facts) && d.expression.type === 'CallExpression') {
        const target = relationTarget(d.expression.arguments[0]);
        if (target) targets.set(name, target);
        const options = columnOptions(d);
        if (options && isLiteral(objectProperty(options, 'eager')?.value, true) && !eager.includes(name)) eager.push(name);
      }
      if (!typeormDecorator(d, COLUMN_DECORATORS, facts)) continue;
      if (!fields.includes(name)) fields.push(name);
      const options = columnOptions(d);
      const select = options ? objectProperty(options, 'select') : undefined;
      if (select && isLiteral(select.value, false) && !hidden.includes(name)) hidden.push(name);
    }
  }
}

/** Table name from `@Entity('users')` or `@Entity({ name: 'users' })`. */
function tableName(d: TSESTree.Decorator): string | undefined {
  if (d.expression.type !== 'CallExpression') return undefined;
  const arg = d.expression.arguments[0];
  if (!arg) return undefined;
  const s = staticString(arg);
  if (s !== undefined) return s;
  const a = objectLiteral(arg);
  if (!a) return undefined;
  const name = objectProperty(a, 'name');
  return name ? staticString(name.value) : undefined;
}

export function typeormEntities(
  classes: readonly ClassNode[],
  facts: FileFacts,
  sourceCode: Readonly<TSESLint.SourceCode>,
): TypeormEntities {
  const models: LocalModel[] = [];
  const relationTargets = new Map<string, Map<string, string>>();
  const eager = new Map<string, readonly string[]>();
  for (const cls of classes) {
    const entity = cls.decorators.find((d) => typeormDecorator(d, ENTITY_DECORATORS, facts));
    if (!entity || !cls.id) continue;
    const names = [cls.id.name];
    const table = tableName(entity);
    if (table && !names.includes(table)) names.push(table);
    const chain = [...classChain(cls, sourceCode, 5)].reverse();
    const members: Members = { fields: [], hidden: [], dropped: [], targets: new Map(), eager: [] };
    for (const c of chain) columnsOf(c, facts, members);
    const dropped = members.dropped.filter((f) => members.fields.includes(f));
    models.push({ library: 'typeorm', names, fields: members.fields, hidden: members.hidden, ...(dropped.length > 0 ? { dropped } : {}) });
    for (const n of names) {
      relationTargets.set(n, members.targets);
      if (members.eager.length > 0) eager.set(n, members.eager);
    }
  }
  return { models, relationTargets, eager };
}
