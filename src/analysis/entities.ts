/**
 * What an ORM entity holds: its fields (from models defined in the file, `schema.prisma`, or the
 * SQL schema), which of them are sensitive, and which are hidden by default.
 */
import type { EntityRef, LocalModel } from '../orm/types.js';
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
  /** Fields hidden by default (TypeORM `select: false`, MikroORM `hidden`, Mongoose `select: false`). */
  readonly hidden: readonly string[];
  /** Relation fields → the related model, when the schema knows them. */
  readonly relations: ReadonlyMap<string, string>;
}

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
): EntityInfo | undefined {
  if (!entity) return undefined;
  const local = localModel(models, entity.name);
  const table = catalogEntity(catalog, entity.name);
  if (local) {
    return {
      displayName: local.names[0] ?? entity.name,
      fields: local.fields.map((f) => ({ name: f, sensitivity: classifier.classify(f, table?.name) })),
      hidden: local.hidden,
      relations: relationsOf(table),
    };
  }
  if (table) {
    const fields = table.columns
      .filter((c) => !c.relation && !c.hidden)
      .map((c) => ({ name: c.fieldName ?? c.name, sensitivity: classifier.classify(c.name, table.name, c.annotation) }));
    return { displayName: table.modelName ?? table.name, fields, hidden: [], relations: relationsOf(table) };
  }
  return { displayName: entity.name, fields: undefined, hidden: [], relations: new Map() };
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
