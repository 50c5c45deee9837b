/**
 * `Model.aggregate([...stages])`: the pipeline returns plain objects straight from MongoDB, so a
 * schema's `select: false` and `toJSON` transforms do not apply. Documents stay whole through
 * filtering and ordering stages; `$project` / `$unset` narrow them; a stage that reshapes them
 * (`$group`, `$count`, `$replaceRoot`, `$facet`…) means the result is no longer documents. A
 * `$lookup` puts whole documents of another collection under its `as` field (a relation read),
 * narrowed by its own pipeline and by `as.x` paths of later projections.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { propertyKey, unwrap } from '../../flow/ast.js';
import { methodOf, objectKey, objectProperty, outerCalls, PROMISE_METHODS, staticString, stringElements } from '../common.js';
import { quote, removeListElement, stringArray } from '../edits.js';
import type { AdapterContext, NamedField, Projection, ReadEdits } from '../types.js';
import { literalOf } from './projection.js';

/** Stages after which each result is still a whole document (maybe with fields added). */
const KEEPS_DOCUMENTS: ReadonlySet<string> = new Set([
  '$match', '$sort', '$skip', '$limit', '$sample', '$set', '$addFields', '$lookup', '$unwind', '$geoNear', '$search',
  '$searchMeta', '$redact', '$setWindowFields',
]);

/** A `$lookup` stage: the related documents land under `as`. */
export interface Lookup {
  readonly as: string;
  /** The collection read (`from`). */
  readonly from: string;
  /** The `as` property of the stage, where a relation finding is reported. */
  readonly node: TSESTree.Node;
  /** What the pipeline inside the stage (if any) and the later top-level stages leave of it. */
  readonly projection: Projection;
}

export interface AggregateRead {
  readonly projection: Projection;
  readonly lookups: readonly Lookup[];
  /** The outermost call of the chain (`.exec()`, `.allowDiskUse(true)`…). */
  readonly node: TSESTree.CallExpression;
  readonly edits: ReadEdits;
}

/**
 * Edits of a pipeline written in the call: a `$project` (or `$unset`) stage appended last, and
 * the removal of one field from a `$project` that keeps another.
 */
function pipelineEdits(pipeline: TSESTree.ArrayExpression | undefined, sourceCode: Readonly<TSESLint.SourceCode>): ReadEdits {
  const append = (stage: string, fixer: TSESLint.RuleFixer): TSESLint.RuleFix | null => {
    const last = pipeline?.elements[pipeline.elements.length - 1];
    return last ? fixer.insertTextAfter(last, `, ${stage}`) : null;
  };
  return {
    project(fields, fixer) {
      if (fields.length === 0) return null;
      return append(`{ $project: { ${fields.map((f) => `${objectKey(f)}: 1`).join(', ')} } }`, fixer);
    },
    exclude(fields, fixer) {
      if (fields.length === 0) return null;
      return append(`{ $unset: ${stringArray(fields, quote)} }`, fixer);
    },
    removeField(field, fixer) {
      const node = field.node;
      const owner = node.parent;
      if (!pipeline || node.type !== 'Property' || owner?.type !== 'ObjectExpression') return null;
      const kept = owner.properties.filter((p) => p !== node && !(p.type === 'Property' && propertyKey(p) === '_id'));
      return kept.length > 0 ? removeListElement(node, sourceCode, fixer) : null;
    },
  };
}

/** `{ name: 1, email: 1 }` inside a `$project`: a projection of an embedded document, not an expression. */
function isEmbeddedProjection(v: TSESTree.ObjectExpression): boolean {
  return (
    v.properties.length > 0 &&
    v.properties.every((q) => {
      if (q.type !== 'Property') return false;
      const k = propertyKey(q);
      const value = unwrap(q.value);
      return k !== undefined && !k.startsWith('$') && value.type === 'Literal' && [0, 1, true, false].includes(value.value as number | boolean);
    })
  );
}

/** An inclusion (`{ a: 1 }`), an exclusion (`{ a: 0 }`), or undefined for a mix or an unreadable one. */
function projectStage(value: TSESTree.Node): Projection | undefined {
  if (value.type !== 'ObjectExpression') return undefined;
  const include: NamedField[] = [];
  const exclude: NamedField[] = [];
  for (const p of value.properties) {
    if (p.type !== 'Property') return undefined;
    const key = propertyKey(p);
    if (key === undefined) return undefined;
    const v = unwrap(p.value);
    if (v.type === 'Literal' && (v.value === 0 || v.value === false)) exclude.push({ name: key, node: p });
    else if (v.type === 'Literal' && (v.value === 1 || v.value === true)) include.push({ name: key, node: p });
    else if (key === '_id') continue;
    else if (v.type === 'ObjectExpression' && isEmbeddedProjection(v)) {
      // `{ author: { name: 1 } }` is `{ 'author.name': 1 }`.
      for (const q of v.properties as TSESTree.Property[]) {
        const value = (unwrap(q.value) as TSESTree.Literal).value;
        const field = { name: `${key}.${propertyKey(q) as string}`, node: q };
        if (value === 0 || value === false) exclude.push(field);
        else include.push(field);
      }
    }
    else include.push({ name: key, node: p }); // a computed field: the output holds only what is listed
  }
  const excluded = exclude.filter((f) => f.name !== '_id' || include.length === 0);
  if (include.length > 0 && excluded.length > 0) return undefined;
  if (include.length > 0) return { kind: 'fields', fields: include };
  return excluded.length > 0 ? { kind: 'exclusion', excluded: excluded.map((f) => f.name) } : undefined;
}

function unsetStage(value: TSESTree.Node): Projection | undefined {
  const one = staticString(value);
  if (one !== undefined) return { kind: 'exclusion', excluded: [one] };
  if (value.type !== 'ArrayExpression') return undefined;
  const list = stringElements(value);
  return list ? { kind: 'exclusion', excluded: list.map((e) => e.text) } : undefined;
}

function withoutPaths(projection: Projection, prefixes: readonly string[]): Projection {
  if (prefixes.length === 0) return projection;
  const own = (name: string): boolean => !prefixes.some((p) => name.startsWith(p));
  if (projection.kind === 'fields') return { kind: 'fields', fields: projection.fields.filter((f) => own(f.name)) };
  if (projection.kind === 'exclusion') {
    const excluded = projection.excluded.filter(own);
    return excluded.length > 0 ? { kind: 'exclusion', excluded } : { kind: 'none' };
  }
  return projection;
}

/**
 * The read an `aggregate([...])` call makes, or undefined when its pipeline is not a literal
 * (or a `const` of the file) the analysis reads, or reshapes the documents.
 */
/** Combines a stage's `$project`/`$unset` with what earlier stages left. */
function narrow(projection: Projection, narrowed: Projection): Projection {
  if (projection.kind === 'none') return narrowed;
  if (projection.kind === 'exclusion' && narrowed.kind === 'exclusion') {
    return { kind: 'exclusion', excluded: [...projection.excluded, ...narrowed.excluded] };
  }
  // An inclusion replaces what there was; an exclusion after an inclusion keeps the inclusion.
  return narrowed.kind === 'fields' ? narrowed : projection;
}

interface Pipeline {
  readonly projection: Projection;
  readonly lookups: { as: string; from: string; node: TSESTree.Node; inner: Projection }[];
}

/** The stages of a pipeline, or undefined when one is not read or reshapes the documents. */
function readPipeline(pipeline: TSESTree.ArrayExpression, depth: number): Pipeline | undefined {
  if (depth > 3) return undefined;
  let projection: Projection = { kind: 'none' };
  const lookups: Pipeline['lookups'] = [];
  for (const element of pipeline.elements) {
    if (!element || element.type === 'SpreadElement') return undefined;
    const stage = unwrap(element);
    if (stage.type !== 'ObjectExpression' || stage.properties.length !== 1) return undefined;
    const prop = stage.properties[0];
    if (prop?.type !== 'Property') return undefined;
    const op = propertyKey(prop);
    const value = unwrap(prop.value);
    if (op === '$project' || op === '$unset') {
      const narrowed = op === '$project' ? projectStage(value) : unsetStage(value);
      if (!narrowed) return undefined;
      projection = narrow(projection, narrowed);
    } else if (op === '$lookup') {
      const lookup = lookupStage(value, depth);
      if (!lookup) return undefined;
      lookups.push(lookup);
    } else if (op === undefined || !KEEPS_DOCUMENTS.has(op)) {
      return undefined;
    }
  }
  return { projection, lookups };
}

/** `{ from, as, localField, foreignField }` or `{ from, as, pipeline: [...] }`. */
function lookupStage(value: TSESTree.Node, depth: number): Pipeline['lookups'][number] | undefined {
  if (value.type !== 'ObjectExpression') return undefined;
  const from = staticString(objectProperty(value, 'from')?.value);
  const asProp = objectProperty(value, 'as');
  const as = staticString(asProp?.value);
  if (from === undefined || as === undefined || !asProp) return undefined;
  const inner = objectProperty(value, 'pipeline');
  let projection: Projection = { kind: 'none' };
  if (inner) {
    const list = unwrap(inner.value);
    if (list.type !== 'ArrayExpression') return undefined;
    const read = readPipeline(list, depth + 1);
    if (!read) return undefined;
    projection = read.projection;
  }
  return { as, from, node: asProp, inner: projection };
}

/**
 * What the top-level projection leaves of the relation under `as`: undefined when it drops it,
 * else the relation's own projection narrowed by `as.x` paths.
 */
function relationAfter(top: Projection, as: string, inner: Projection): Projection | undefined {
  const prefix = `${as}.`;
  if (top.kind === 'fields') {
    if (top.fields.some((f) => f.name === as)) return inner;
    const sub = top.fields.filter((f) => f.name.startsWith(prefix)).map((f) => ({ name: f.name.slice(prefix.length), node: f.node }));
    return sub.length > 0 ? { kind: 'fields', fields: sub } : undefined;
  }
  if (top.kind === 'exclusion') {
    if (top.excluded.includes(as)) return undefined;
    const sub = top.excluded.filter((f) => f.startsWith(prefix)).map((f) => f.slice(prefix.length));
    return sub.length > 0 ? narrow(inner, { kind: 'exclusion', excluded: sub }) : inner;
  }
  return inner;
}

/**
 * The read an `aggregate([...])` call makes, or undefined when its pipeline is not a literal
 * (or a `const` of the file) the analysis reads, or reshapes the documents.
 */
export function aggregateRead(context: AdapterContext, call: TSESTree.CallExpression): AggregateRead | undefined {
  if (call.arguments.length !== 1) return undefined;
  const pipeline = literalOf(context, call.arguments[0] as TSESTree.Node);
  if (pipeline?.type !== 'ArrayExpression') return undefined;
  const read = readPipeline(pipeline, 0);
  if (!read) return undefined;
  const lookups: Lookup[] = [];
  for (const l of read.lookups) {
    const left = relationAfter(read.projection, l.as, l.inner);
    if (left) lookups.push({ as: l.as, from: l.from, node: l.node, projection: left });
  }
  // `author.name` paths belong to the looked-up relation, not to the documents' own fields.
  const projection = withoutPaths(read.projection, read.lookups.map((l) => `${l.as}.`));
  let node = call;
  for (const c of outerCalls(call)) {
    if (c === call) continue;
    const m = methodOf(c);
    if (!m || PROMISE_METHODS.has(m.name)) break;
    // Builder methods add stages the analysis does not read.
    if (m.name !== 'exec' && m.name !== 'allowDiskUse' && m.name !== 'option' && m.name !== 'session') return undefined;
    node = c;
  }
  const inline = unwrap(call.arguments[0] as TSESTree.Node) === pipeline;
  return { projection, lookups, node, edits: pipelineEdits(inline ? pipeline : undefined, context.sourceCode) };
}
