/**
 * ORM projections that name a sensitive field explicitly — `select: { passwordHash: true }`,
 * `attributes: ['apiKey']`, `columns: { token: true }`, `.select('+password')`,
 * `omit: { password: false }`, `addSelect('user.password')` — and whose values reach a sink.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { Sink } from '../flow/sinks.js';
import type { Escape } from '../flow/track.js';
import type { NamedField, Projection, ReadEdits } from '../orm/types.js';
import type { Sensitivity, Tier } from '../schema/classifier.js';
import { entityInfo, relatedEntity, type EntityInfo } from './entities.js';
import type { FileAnalysis } from './index.js';
import type { OrmReadInfo } from './orm.js';
import { carriesColumn, type ProjectionMode } from './projections.js';

export interface OrmProjectionFinding {
  readonly read: OrmReadInfo;
  readonly field: NamedField;
  /** `User.passwordHash`. */
  readonly column: string;
  readonly sensitivity: Sensitivity;
  readonly node: TSESTree.Node;
  readonly sink: Sink | undefined;
  readonly escape: Escape | undefined;
  /** The edit that removes the field, when the library has one. */
  readonly removeField: ReadEdits['removeField'];
}

function namedFields(projection: Projection): readonly NamedField[] {
  if (projection.kind === 'fields') return projection.fields;
  return projection.added ?? [];
}

function sensitivityOf(field: string, info: EntityInfo | undefined, analysis: FileAnalysis): Sensitivity | undefined {
  const known = info?.fields?.find((f) => f.name === field);
  if (known) return known.sensitivity;
  // `user.password` (TypeORM addSelect): the last part names the field.
  const name = field.includes('.') ? (field.split('.').pop() as string) : field;
  return analysis.classifier.classify(name);
}

export function findOrmSensitiveProjections(
  analysis: FileAnalysis,
  tiers: readonly Tier[],
  mode: ProjectionMode,
): OrmProjectionFinding[] {
  const findings: OrmProjectionFinding[] = [];
  if (mode === 'exposed' && !analysis.maySend) return findings;
  const { catalog, classifier } = analysis;
  const models = analysis.orm.models;
  for (const info of analysis.orm.reads) {
    const { read } = info;
    const parent = entityInfo(read.entity, models, catalog, classifier);
    const groups: { fields: readonly NamedField[]; entity: EntityInfo | undefined; via: string | undefined }[] = [
      { fields: namedFields(read.projection), entity: parent, via: undefined },
    ];
    for (const relation of read.relations) {
      const related = relation.entity ?? relatedEntity(parent, relation.name, models, catalog, classifier);
      groups.push({ fields: namedFields(relation.projection), entity: entityInfo(related, models, catalog, classifier), via: relation.name });
    }
    for (const group of groups) {
      // Fields removed at serialisation never reach the response, even when selected.
      const own = group.via === undefined;
      const dropped = new Set([...(own ? (read.dropped ?? []) : []), ...(own && read.unserialised ? [] : (group.entity?.dropped ?? []))]);
      for (const field of group.fields) {
        // A relation selected whole is no-full-entity-response's finding, not a column.
        if (group.via === undefined && parent?.relations.has(field.name)) continue;
        if (dropped.has(field.name.split('.').pop() as string)) continue;
        const sensitivity = sensitivityOf(field.name, group.entity, analysis);
        if (!sensitivity || !tiers.includes(sensitivity.tier)) continue;
        const key = group.via ?? (field.name.includes('.') ? (field.name.split('.').pop() as string) : field.name);
        const hit = info.flow.hits.find((h) => carriesColumn(h.shape, key));
        const escape = !hit && mode === 'escaping' ? info.flow.escapes.find((e) => carriesColumn(e.shape, key)) : undefined;
        if (!hit && !escape) continue;
        findings.push({
          read: info,
          field,
          column: `${group.entity?.displayName ?? read.entity?.name ?? 'entity'}.${field.name.split('.').pop() as string}`,
          sensitivity,
          node: field.node,
          sink: hit?.sink,
          escape,
          removeField: read.edits.removeField,
        });
      }
    }
  }
  return findings;
}
