/**
 * ORM reads that return whole entities (no projection, or an explicit "everything"), and
 * relations loaded whole, whose values reach a response sink (`exposed`) or leave the function
 * (`escaping`).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { Sink } from '../flow/sinks.js';
import type { Escape, FlowResult } from '../flow/track.js';
import { exposureOf, type ValueShape } from '../flow/value-shape.js';
import type { Projection, RelationRead } from '../orm/types.js';
import type { Classifier, Tier } from '../schema/classifier.js';
import { entityInfo, relatedEntity, sensitiveFields, type EntityInfo } from './entities.js';
import type { FileAnalysis } from './index.js';
import type { OrmReadInfo } from './orm.js';

export type EntityMode = 'exposed' | 'escaping';

export interface EntityFinding {
  readonly read: OrmReadInfo;
  /** The relation loaded whole, when the finding is about one. */
  readonly relation: RelationRead | undefined;
  readonly entity: EntityInfo | undefined;
  /** Sensitive fields (in the rule's tiers) that come back. */
  readonly sensitive: readonly string[];
  /** Fields that are safe to list in a projection (undefined when the fields are unknown). */
  readonly safe: readonly string[] | undefined;
  readonly node: TSESTree.Node;
  readonly sink: Sink | undefined;
  readonly escape: Escape | undefined;
}

function isWhole(projection: Projection): boolean {
  return projection.kind === 'none' || projection.kind === 'wildcard';
}

/**
 * The sensitive fields of whole data that arrive in `shape`, per path: with known sensitive
 * fields, those not removed on the way (`const { password, ...rest } = user` still sends
 * `resetToken`); without, any path that did not drop a sensitive-looking key. Undefined when
 * nothing whole arrives.
 */
function arriving(
  shape: ValueShape,
  classifier: Classifier,
  relation: string | undefined,
  sensitive: readonly string[],
): string[] | undefined {
  const exposure = exposureOf(shape);
  if (relation !== undefined) {
    return exposure.fields.has(relation) || exposure.whole.some((omitted) => !omitted.has(relation)) ? [...sensitive] : undefined;
  }
  for (const omitted of exposure.whole) {
    if (sensitive.length > 0) {
      const left = sensitive.filter((f) => !omitted.has(f));
      if (left.length > 0) return left;
    } else if (![...omitted].some((key) => classifier.classify(key) !== undefined)) {
      return [];
    }
  }
  return undefined;
}

interface Reach {
  readonly sink?: Sink;
  readonly escape?: Escape;
  /** The sensitive fields that arrive there. */
  readonly sensitive: readonly string[];
}

function reach(
  flow: FlowResult,
  classifier: Classifier,
  relation: string | undefined,
  sensitive: readonly string[],
  mode: EntityMode,
): Reach | undefined {
  for (const hit of flow.hits) {
    const left = arriving(hit.shape, classifier, relation, sensitive);
    if (left) return { sink: hit.sink, sensitive: left };
  }
  if (mode === 'escaping') {
    for (const escape of flow.escapes) {
      const left = arriving(escape.shape, classifier, relation, sensitive);
      if (left) return { escape, sensitive: left };
    }
  }
  return undefined;
}

/**
 * What a whole read returns once defences are taken off: hidden fields and an explicit exclusion.
 * Undefined when the read is narrowed on purpose and nothing known to be sensitive is left.
 */
function exposedFields(
  info: EntityInfo | undefined,
  projection: Projection,
  read: { readonly hidden?: readonly string[]; readonly dropped?: readonly string[]; readonly relation?: boolean; readonly unserialised?: boolean },
  tiers: readonly Tier[],
): { sensitive: string[]; safe: string[] | undefined } | undefined {
  // Hidden by default unless brought back (`addSelect('user.password')`, `.select('+password')`).
  const added = new Set(('added' in projection ? (projection.added ?? []) : []).map((f) => f.name.split('.').pop() as string));
  const removed = new Set([
    // The adapter tells what a read hides (it knows `unscoped()` and `scope()` drop a default
    // scope); the model's default hiding applies to relations, for which nobody else tells.
    ...(read.hidden ?? (read.relation ? (info?.hidden ?? []) : [])).filter((f) => !added.has(f)),
    ...(read.dropped ?? []),
    ...(read.unserialised ? [] : (info?.dropped ?? [])),
    ...(projection.kind === 'exclusion' ? projection.excluded : []),
  ]);
  const narrowed = removed.size > 0;
  if (!info?.fields) return narrowed ? undefined : { sensitive: [], safe: undefined };
  const left = info.fields.filter((f) => !removed.has(f.name));
  const sensitive = sensitiveFields({ ...info, fields: left }, tiers).map((f) => f.name);
  if (narrowed && sensitive.length === 0) return undefined;
  const sensitiveAll = new Set(sensitiveFields(info, tiers).map((f) => f.name));
  const safe = info.fieldNamesUsable ? info.fields.map((f) => f.name).filter((f) => !sensitiveAll.has(f)) : undefined;
  return { sensitive, safe };
}

/**
 * Fields of an explicit projection that the schema knows as relations (`select: { author: true }`
 * in Prisma): each loads the related entity whole.
 */
export function selectedRelations(projection: Projection, parent: EntityInfo | undefined): RelationRead[] {
  if (projection.kind !== 'fields' || !parent) return [];
  const out: RelationRead[] = [];
  for (const field of projection.fields) {
    const model = parent.relations.get(field.name);
    if (model) out.push({ name: field.name, entity: { name: model, kind: 'model' }, projection: { kind: 'none' }, node: field.node });
  }
  return out;
}

export function findEntityExposures(analysis: FileAnalysis, tiers: readonly Tier[], mode: EntityMode): EntityFinding[] {
  const findings: EntityFinding[] = [];
  if (mode === 'exposed' && !analysis.maySend) return findings;
  const { catalog, classifier } = analysis;
  const models = analysis.orm.models;
  for (const info of analysis.orm.reads) {
    const { read } = info;
    const parent = entityInfo(read.entity, models, catalog, classifier, read.library);
    const wholeRead = isWhole(read.projection) || read.projection.kind === 'exclusion';
    const wholeRelations = [...read.relations, ...selectedRelations(read.projection, parent)].filter((r) => isWhole(r.projection));
    if (!wholeRead && wholeRelations.length === 0) continue;
    if (wholeRead) {
      const entity = parent;
      const fields = exposedFields(entity, read.projection, read, tiers);
      const reached = fields && (read.projection.kind !== 'exclusion' || fields.sensitive.length > 0)
        ? reach(info.flow, classifier, undefined, fields.sensitive, mode)
        : undefined;
      if (fields && reached) {
        findings.push({
          read: info,
          relation: undefined,
          entity,
          sensitive: reached.sensitive,
          safe: fields.safe,
          node: read.reportNode,
          sink: reached.sink,
          escape: reached.escape,
        });
      }
    }
    for (const relation of wholeRelations) {
      const related = relation.entity ?? relatedEntity(parent, relation.name, models, catalog, classifier);
      const entity = entityInfo(related, models, catalog, classifier, read.library);
      const fields = exposedFields(entity, relation.projection, { relation: true, ...(relation.hidden ? { hidden: relation.hidden } : {}) }, tiers);
      const reached = fields ? reach(info.flow, classifier, relation.name, fields.sensitive, mode) : undefined;
      if (fields && reached) {
        findings.push({ read: info, relation, entity, ...fields, node: relation.node, sink: reached.sink, escape: reached.escape });
      }
    }
  }
  return findings;
}
