/**
 * What an ORM entity holds: its fields (from models defined in the file, `schema.prisma`, or the
 * SQL schema), which of them are sensitive, and which are hidden by default.
 */
import type { EntityRef, LocalModel, OrmLibrary } from '../orm/types.js';
import type { Catalog, CatalogTable } from '../schema/catalog.js';
import type { Classifier, Sensitivity, Tier } from '../schema/classifier.js';

export interface EntityField {
  /** The name the ORM uses (Prisma field, entity property, Mongoose path). */
  readonly name: string;
  readonly sensitivity: Sensitivity | undefined;
}

export interface EntityInfo {
  /** How messages name it: the model name when known (`User`), else as written. */
  readonly displayName: string;
  /** Fields in declaration order, when some source knows them. */
  readonly fields: readonly EntityField[] | undefined;
  /** Fields not returned by default (TypeORM `select: false`, Mongoose `select: false`, MikroORM `lazy`). */
  readonly hidden: readonly string[];
  /** Fields removed at serialisation (MikroORM `hidden: true`, Objection `$formatJson`). */
  readonly dropped: readonly string[];
  /** Relation fields → the related model, when the schema knows them. */
  readonly relations: ReadonlyMap<string, string>;
  /**
   * Whether `fields` are the names the library writes in code. False when they are SQL column
   * names standing in for the properties of a class-based ORM (`display_name` for `displayName`):
   * good for telling what is sensitive, not for writing a projection.
   */
  readonly fieldNamesUsable: boolean;
}

/** Libraries whose code names columns as the database does (knex, Kysely, Objection by default). */
const COLUMN_NAMED = new Set<OrmLibrary | undefined>(['knex', 'kysely', 'objection', undefined]);

function catalogEntity(catalog: Catalog, name: string): CatalogTable | undefined {
  const lower = name.toLowerCase();
  for (const [modelName, table] of catalog.models) {
    if (modelName.toLowerCase() === lower) return table;
  }
  return (
    catalog.tables.get(name) ??
    catalog.tables.get(lower) ??
    catalog.tables.get(`${lower}s`) ??
    (lower.endsWith('s') ? catalog.tables.get(lower.slice(0, -1)) : undefined)
  );
}

function localModel(models: readonly LocalModel[], name: string): LocalModel | undefined {
  return models.find((m) => m.names.includes(name)) ?? models.find((m) => m.names.some((n) => n.toLowerCase() === name.toLowerCase()));
}

export function entityInfo(
  entity: EntityRef | undefined,
  models: readonly LocalModel[],
  catalog: Catalog,
  classifier: Classifier,
  library?: OrmLibrary,
): EntityInfo | undefined {
  if (!entity) return undefined;
  const local = localModel(models, entity.name);
  const table = catalogEntity(catalog, entity.name);
  if (local) {
    return {
      displayName: local.names[0] ?? entity.name,
      fields: local.fields.map((f) => ({ name: f, sensitivity: classifier.classify(f, table?.name) })),
      hidden: local.hidden,
      dropped: local.dropped ?? [],
      relations: relationsOf(table),
      fieldNamesUsable: true,
    };
  }
  if (table) {
    const fields = table.columns
      .filter((c) => !c.relation && !c.hidden)
      .map((c) => ({ name: c.fieldName ?? c.name, sensitivity: classifier.classify(c.name, table.name, c.annotation) }));
    // A Prisma model names its fields; a SQL table names columns, which only some libraries use.
    const usable = table.modelName !== undefined || COLUMN_NAMED.has(library);
    return {
      displayName: table.modelName ?? (usable ? table.name : entity.name),
      fields,
      hidden: [],
      dropped: [],
      relations: relationsOf(table),
      fieldNamesUsable: usable,
    };
  }
  return { displayName: entity.name, fields: undefined, hidden: [], dropped: [], relations: new Map(), fieldNamesUsable: true };
}

function relationsOf(table: CatalogTable | undefined): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  for (const column of table?.columns ?? []) {
    if (column.relation) out.set(column.fieldName ?? column.name, column.relation.model);
  }
  return out;
}

/** The fields of `info` whose tier is in `tiers`. */
export function sensitiveFields(info: EntityInfo | undefined, tiers: readonly Tier[]): EntityField[] {
  return (info?.fields ?? []).filter((f) => f.sensitivity !== undefined && tiers.includes(f.sensitivity.tier));
}

/**
 * The entity a relation path leads to from `parent`: `posts` → `Post`, `posts.author` → `User`,
 * through the schema's relation fields. Undefined when a step is unknown.
 */
export function relatedEntity(
  parent: EntityInfo | undefined,
  path: string,
  models: readonly LocalModel[],
  catalog: Catalog,
  classifier: Classifier,
): EntityRef | undefined {
  let current = parent;
  let model: string | undefined;
  for (const step of path.split('.')) {
    model = current?.relations.get(step);
    if (!model) return undefined;
    current = entityInfo({ name: model, kind: 'model' }, models, catalog, classifier);
  }
  return model ? { name: model, kind: 'model' } : undefined;
}
