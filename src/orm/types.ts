/**
 * The contract between ORM / query-builder adapters and the shared analysis.
 *
 * An adapter recognises its library's receivers from evidence in the file (imports,
 * constructions, DI decorators, models imported from a models module) — never from a method name
 * alone — and reports every read with its entity and projection state, and every wholesale
 * write. It also knows its library's syntax for edits (adding a projection, removing a field).
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { FileFacts } from '../flow/file-facts.js';
import type { ValueShape } from '../flow/value-shape.js';
import type { FileNodes } from '../flow/walk.js';

export type OrmLibrary =
  | 'prisma'
  | 'typeorm'
  | 'sequelize'
  | 'mongoose'
  | 'drizzle'
  | 'knex'
  | 'kysely'
  | 'mikro-orm'
  | 'objection'
  /** Not a library: a value typed as an ORM entity, read in another file (typed linting only). */
  | 'type-info';

/** A field named in a projection, with the node that names it (for a "remove it" edit). */
export interface NamedField {
  readonly name: string;
  /** The property / string literal / array element that names the field. */
  readonly node: TSESTree.Node;
}

/**
 * What a read returns:
 * - `none`: no projection, whole entities;
 * - `fields`: an explicit list (`select: { id: true }`, `attributes: ['id']`, `.select('id')`);
 * - `exclusion`: everything but a list (`omit`, `attributes: { exclude }`, `.select('-password')`);
 * - `wildcard`: an explicit "everything" (`.selectAll()`, `.select('*')`).
 * `added` lists fields brought back on top of a default hiding (`.select('+password')`,
 * `omit: { password: false }`, `addSelect('user.password')`): they are projections too.
 */
export type Projection =
  | { readonly kind: 'none'; readonly added?: readonly NamedField[] }
  | { readonly kind: 'fields'; readonly fields: readonly NamedField[] }
  | { readonly kind: 'exclusion'; readonly excluded: readonly string[]; readonly added?: readonly NamedField[] }
  | { readonly kind: 'wildcard'; readonly added?: readonly NamedField[] };

/** The model / entity / table a read targets, as the library names it. */
export interface EntityRef {
  /** `User` (Prisma model, TypeORM entity class, Mongoose model), or `users` (table). */
  readonly name: string;
  readonly kind: 'model' | 'table';
}

/** A relation loaded with the read (`include`, `relations`, `populate`, `with`, joins). */
export interface RelationRead {
  /** The relation's name on the parent (`author`, `posts`). */
  readonly name: string;
  /** The related entity when known. */
  readonly entity: EntityRef | undefined;
  readonly projection: Projection;
  /** Where the relation is requested (for reports and edits). */
  readonly node: TSESTree.Node;
  /**
   * Fields the related model hides that stay hidden in this read; undefined: the model's own
   * (`select: false`…). `[]` when the read bypasses them (a Mongoose `$lookup`).
   */
  readonly hidden?: readonly string[];
}

export interface OrmRead {
  readonly library: OrmLibrary;
  /** The expression whose value holds the entities: the outermost call of the chain. */
  readonly node: TSESTree.Node;
  /** Where to report: the read method's name (`findMany`, `find`, `getMany`). */
  readonly reportNode: TSESTree.Node;
  /** The call as the message shows it: `prisma.user.findMany()`. */
  readonly callText: string;
  readonly entity: EntityRef | undefined;
  readonly projection: Projection;
  readonly relations: readonly RelationRead[];
  /** How the value holds the entities (default: data; `findAndCount` → tuple). */
  readonly shape?: ValueShape;
  /**
   * Fields hidden by a defence visible to the adapter (TypeORM `select: false`, Mongoose
   * `select: false`, MikroORM `hidden`, Prisma global `omit`): not returned unless `added`.
   */
  readonly hidden?: readonly string[];
  /**
   * Fields removed when the entity is serialised (MikroORM `hidden: true`, an Objection
   * `$formatJson` that deletes them): they never reach a response, even when selected.
   */
  readonly dropped?: readonly string[];
  /**
   * Plain rows that no serialisation step touches (MikroORM QueryBuilder `execute()`): the
   * model's serialisation-time removals (`dropped`) do not apply to them.
   */
  readonly unserialised?: boolean;
  /** Library-specific edit helpers for this read. */
  readonly edits: ReadEdits;
}

export interface ReadEdits {
  /** An edit that makes the read return only `fields` (database names or field names as the library wants). */
  project?(fields: readonly string[], fixer: TSESLint.RuleFixer): TSESLint.RuleFix | readonly TSESLint.RuleFix[] | null;
  /** An edit that excludes `fields` where the library has an exclusion syntax. */
  exclude?(fields: readonly string[], fixer: TSESLint.RuleFixer): TSESLint.RuleFix | readonly TSESLint.RuleFix[] | null;
  /** An edit that removes one named field from an explicit projection. */
  removeField?(field: NamedField, fixer: TSESLint.RuleFixer): TSESLint.RuleFix | readonly TSESLint.RuleFix[] | null;
}

/** A write that takes an object wholesale (for no-mass-assignment). */
export interface OrmWrite {
  readonly library: OrmLibrary;
  /** The call: `prisma.user.update(...)`. */
  readonly call: TSESTree.CallExpression;
  /** The call as the message shows it: `prisma.user.update()`. */
  readonly callText: string;
  /** The expression written as-is (`data: req.body` → `req.body`). */
  readonly value: TSESTree.Node;
  readonly entity: EntityRef | undefined;
}

/** Models defined in the file itself (Drizzle `pgTable`, TypeORM `@Entity`, Sequelize, Mongoose). */
export interface LocalModel {
  readonly library: OrmLibrary;
  /** Names it is known by: model/class name, table name, variable name. */
  readonly names: readonly string[];
  /** Field names in declaration order, as the ORM uses them. */
  readonly fields: readonly string[];
  /** Fields not returned by default (`select: false`, MikroORM `lazy: true`). */
  readonly hidden: readonly string[];
  /** Fields removed when the entity is serialised (MikroORM `hidden: true`, Objection `$formatJson`). */
  readonly dropped?: readonly string[];
}

export interface AdapterContext {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  readonly facts: FileFacts;
  readonly program: TSESTree.Program;
  /** Every call, `new`, and class of the file, gathered in one walk (in source order). */
  readonly nodes: FileNodes;
}

export interface OrmAdapter {
  readonly library: OrmLibrary;
  /** Cheap check on the file's imports: whether this adapter has anything to look at. */
  applies(facts: FileFacts): boolean;
  /**
   * The names of the calls (methods or functions) that every read, write and model the adapter
   * finds starts from, when there is such a list: a file that calls none of them is skipped.
   */
  readonly entryCalls?: ReadonlySet<string>;
  /** With `entryCalls`: the file's classes may be models too (a file with a class is not skipped). */
  readonly classEntries?: boolean;
  /** Reads, writes and local models found in the file. Never throws on odd code. */
  analyse(context: AdapterContext): AdapterResult;
}

export interface AdapterResult {
  readonly reads: readonly OrmRead[];
  readonly writes: readonly OrmWrite[];
  readonly models: readonly LocalModel[];
}
