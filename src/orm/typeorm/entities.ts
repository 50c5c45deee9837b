/** TypeORM `@Entity` classes declared in the file: names, columns, and `select: false` columns. */
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

/** The options object of a column decorator: `@Column({ … })` or `@Column('varchar', { … })`. */
function columnOptions(d: TSESTree.Decorator): TSESTree.ObjectExpression | undefined {
  if (d.expression.type !== 'CallExpression') return undefined;
  for (const arg of d.expression.arguments) {
    const a = unwrap(arg);
    if (a.type === 'ObjectExpression') return a;
  }
  return undefined;
}

function columnsOf(cls: ClassNode, facts: FileFacts, fields: string[], hidden: string[], targets: Map<string, string>): void {
  for (const member of cls.body.body) {
    if (member.type !== 'PropertyDefinition' || member.static) continue;
    const name = propertyKey(member);
    if (name === undefined) continue;
    for (const d of member.decorators) {
      if (typeormDecorator(d, RELATION_DECORATORS, facts) && d.expression.type === 'CallExpression') {
        const target = relationTarget(d.expression.arguments[0]);
        if (target) targets.set(name, target);
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
  for (const cls of classes) {
    const entity = cls.decorators.find((d) => typeormDecorator(d, ENTITY_DECORATORS, facts));
    if (!entity || !cls.id) continue;
    const names = [cls.id.name];
    const table = tableName(entity);
    if (table && !names.includes(table)) names.push(table);
    const chain = [...classChain(cls, sourceCode, 5)].reverse();
    const fields: string[] = [];
    const hidden: string[] = [];
    const targets = new Map<string, string>();
    for (const c of chain) columnsOf(c, facts, fields, hidden, targets);
    models.push({ library: 'typeorm', names, fields, hidden });
    for (const n of names) relationTargets.set(n, targets);
  }
  return { models, relationTargets };
}
