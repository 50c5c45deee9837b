/**
 * `Model.aggregate([...stages])`: the pipeline returns plain objects straight from MongoDB, so a
 * schema's `select: false` and `toJSON` transforms do not apply. Documents stay whole through
 * filtering and ordering stages; `$project` / `$unset` narrow them; a stage that reshapes them
 * (`$group`, `$count`, `$replaceRoot`, `$facet`…) means the result is no longer documents.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { propertyKey, unwrap } from '../../flow/ast.js';
import { methodOf, objectKey, outerCalls, PROMISE_METHODS, staticString, stringElements } from '../common.js';
import { quote, removeListElement, stringArray } from '../edits.js';
import type { AdapterContext, NamedField, Projection, ReadEdits } from '../types.js';
import { literalOf } from './projection.js';

/** Stages after which each result is still a whole document (maybe with fields added). */
const KEEPS_DOCUMENTS: ReadonlySet<string> = new Set([
  '$match', '$sort', '$skip', '$limit', '$sample', '$set', '$addFields', '$lookup', '$unwind', '$geoNear', '$search',
  '$searchMeta', '$redact', '$setWindowFields',
]);

export interface AggregateRead {
  readonly projection: Projection;
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

/**
 * The read an `aggregate([...])` call makes, or undefined when its pipeline is not a literal
 * (or a `const` of the file) the analysis reads, or reshapes the documents.
 */
export function aggregateRead(context: AdapterContext, call: TSESTree.CallExpression): AggregateRead | undefined {
  if (call.arguments.length !== 1) return undefined;
  const pipeline = literalOf(context, call.arguments[0] as TSESTree.Node);
  if (pipeline?.type !== 'ArrayExpression') return undefined;
  let projection: Projection = { kind: 'none' };
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
      if (projection.kind === 'none') projection = narrowed;
      else if (projection.kind === 'exclusion' && narrowed.kind === 'exclusion') {
        projection = { kind: 'exclusion', excluded: [...projection.excluded, ...narrowed.excluded] };
      } else if (narrowed.kind === 'fields') projection = narrowed;
      // an exclusion after an inclusion narrows what is already narrowed: keep the inclusion
    } else if (op === undefined || !KEEPS_DOCUMENTS.has(op)) {
      return undefined;
    }
  }
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
  return { projection, node, edits: pipelineEdits(inline ? pipeline : undefined, context.sourceCode) };
}
