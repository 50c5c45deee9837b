/**
 * Objection.js adapter: `User.query()…` chains (and `relatedQuery` / `$relatedQuery`), their
 * `select`/`columns` projections and `withGraphFetched`/`withGraphJoined` relations, wholesale
 * writes (`insert`, `patch`, `update`, `insertGraph`, `upsertGraph`, `…AndFetch…`), and the model
 * classes of the file.
 *
 * Receivers: classes of the file that extend objection's `Model` (directly or through local or
 * model-module base classes), `this` in their static methods, and PascalCase bindings imported in
 * a file that imports `objection` or from a module whose path mentions `model`.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { memberKey, unwrap } from '../flow/ast.js';
import type { FileFacts } from '../flow/file-facts.js';
import { DATA, objectWith, type ValueShape } from '../flow/value-shape.js';
import { bindingOf, constValue } from './bindings.js';
import { thisOwner, type ClassNode } from './classes.js';
import { callText, hasSpread, methodOf, objectProperty, outerCalls, staticString, within } from './common.js';
import { quoteOrJson, removeListElement } from './edits.js';
import { localModel, relationMappings } from './objection/models.js';
import { objectRelations, parseRelationExpression, type RelationPath } from './objection/relation-expression.js';
import type {
  AdapterContext,
  AdapterResult,
  EntityRef,
  LocalModel,
  NamedField,
  OrmAdapter,
  OrmRead,
  OrmWrite,
  Projection,
  ReadEdits,
  RelationRead,
} from './types.js';

export { parseRelationExpression } from './objection/relation-expression.js';

/** Methods that end the query-builder part of a chain (the value is then a promise or text). */
const STOP: ReadonlySet<string> = new Set(['then', 'catch', 'finally', 'toKnexQuery', 'toString', 'toSQL', 'execute']);

/** Methods whose result is not the model rows. */
const NOT_ROWS: ReadonlySet<string> = new Set([
  'count', 'countDistinct', 'resultSize', 'sum', 'sumDistinct', 'avg', 'avgDistinct', 'min', 'max',
  'delete', 'deleteById', 'del', 'patch', 'update', 'insert', 'insertGraph', 'upsertGraph', 'relate', 'unrelate',
  'increment', 'decrement', 'truncate', 'pluck', 'exists',
]);

/** Writes: method → position of the written value. */
const WRITES: ReadonlyMap<string, number> = new Map([
  ['insert', 0],
  ['patch', 0],
  ['update', 0],
  ['insertGraph', 0],
  ['upsertGraph', 0],
  ['insertAndFetch', 0],
  ['patchAndFetch', 0],
  ['updateAndFetch', 0],
  ['insertGraphAndFetch', 0],
  ['upsertGraphAndFetch', 0],
  ['patchAndFetchById', 1],
  ['updateAndFetchById', 1],
]);

const SELECTS: ReadonlySet<string> = new Set(['select', 'columns', 'column', 'distinct']);
/** Writes that give rows back when followed by `.returning(…)` (PostgreSQL). */
const RETURNING_WRITES: ReadonlySet<string> = new Set(['insert', 'patch', 'update', 'delete', 'del', 'deleteById']);
/**
 * Writes that fetch the row afterwards with a query of their own (`builder.emptyInstance()` or
 * `modelClass.query()`): a `select` on the write's builder does not narrow what they return.
 */
const FETCH_AFTER_WRITE: ReadonlySet<string> = new Set([
  'insertAndFetch', 'patchAndFetch', 'updateAndFetch', 'patchAndFetchById', 'updateAndFetchById',
  'insertGraphAndFetch', 'upsertGraphAndFetch',
]);
const GRAPHS: ReadonlySet<string> = new Set(['withGraphFetched', 'withGraphJoined', 'eager', 'joinEager', 'withGraph']);
const JOINED: ReadonlySet<string> = new Set(['withGraphJoined', 'joinEager', 'joinRelated', 'innerJoinRelated', 'leftJoinRelated']);
/** Builder methods whose effect on the selected columns cannot be read statically. */
const OPAQUE: ReadonlySet<string> = new Set(['modify', 'applyModifier', 'modifiers', 'clone', 'from', 'table']);

interface ModelClass {
  readonly node: ClassNode;
  readonly name: string;
}

class ObjectionFile {
  readonly reads: OrmRead[] = [];
  readonly writes: OrmWrite[] = [];
  readonly models: LocalModel[] = [];
  private readonly modelMemo = new Map<ClassNode, boolean>();
  private readonly localModels: ModelClass[] = [];
  private readonly sourceCode: Readonly<TSESLint.SourceCode>;
  private readonly facts: FileFacts;
  private readonly importsObjection: boolean;
  private readonly resolve: (node: TSESTree.Node) => TSESTree.Node;

  constructor(private readonly context: AdapterContext) {
    this.sourceCode = context.sourceCode;
    this.resolve = (node) => constValue(node, context.sourceCode);
    this.facts = context.facts;
    this.importsObjection = [...context.facts.modules].some((m) => m === 'objection' || m.startsWith('objection/'));
    for (const cls of context.nodes.classes) {
      if (cls.id && this.isModelClass(cls)) {
        this.localModels.push({ node: cls, name: cls.id.name });
        this.models.push(localModel(cls, cls.id.name));
      }
    }
  }

  /** Evidence that the file deals with Objection at all (for `$relatedQuery`/`$query`). */
  get hasEvidence(): boolean {
    if (this.importsObjection || this.localModels.length > 0) return true;
    for (const m of this.facts.modules) if (/model/i.test(m)) return true;
    return false;
  }

  private isModelClass(cls: ClassNode, depth = 0): boolean {
    const known = this.modelMemo.get(cls);
    if (known !== undefined) return known;
    this.modelMemo.set(cls, false);
    const result = depth < 5 && this.extendsModel(cls, depth);
    this.modelMemo.set(cls, result);
    return result;
  }

  private extendsModel(cls: ClassNode, depth: number): boolean {
    const sup = cls.superClass ? unwrap(cls.superClass) : undefined;
    if (!sup) return false;
    if (sup.type === 'MemberExpression') {
      // `objection.Model`, `require('objection').Model`
      if (memberKey(sup) !== 'Model') return false;
      const obj = unwrap(sup.object);
      if (obj.type === 'Identifier') return this.facts.imports.get(obj.name)?.module === 'objection';
      return obj.type === 'CallExpression' && staticString(obj.arguments[0]) === 'objection';
    }
    if (sup.type !== 'Identifier') return false;
    const b = bindingOf(sup, this.sourceCode);
    if (b?.kind === 'class') return this.isModelClass(b.node, depth + 1);
    if (b?.kind !== 'import') return false;
    if (b.module === 'objection') return b.imported === 'Model';
    // `class User extends BaseModel` with `BaseModel` from './BaseModel' or '../models/base'.
    return /model/i.test(b.module) || (this.importsObjection && /Model$/.test(sup.name));
  }

  /** The model a `X.query()` receiver is: a local model class or an imported model. */
  modelOf(node: TSESTree.Node): { name: string; cls: ClassNode | undefined } | undefined {
    const n = unwrap(node);
    if (n.type === 'ThisExpression') {
      const owner = thisOwner(n);
      if (owner?.kind !== 'class' || !owner.isStatic || !owner.node.id || !this.isModelClass(owner.node)) return undefined;
      return { name: owner.node.id.name, cls: owner.node };
    }
    if (n.type !== 'Identifier' || !/^[A-Z]/.test(n.name) || n.name === 'Model') return undefined;
    const b = bindingOf(n, this.sourceCode);
    if (b?.kind === 'class') return this.isModelClass(b.node) ? { name: n.name, cls: b.node } : undefined;
    if (b?.kind === 'import' && b.module !== 'objection' && (this.importsObjection || /model/i.test(b.module))) {
      return { name: n.name, cls: undefined };
    }
    return undefined;
  }

  /** The model class a relation of `cls` points to, from its `relationMappings`. */
  relatedModel(cls: ClassNode | undefined, relation: string): { name: string; cls: ClassNode | undefined } | undefined {
    const classes = cls ? [cls] : this.localModels.map((m) => m.node);
    const found: { name: string; cls: ClassNode | undefined }[] = [];
    for (const c of classes) {
      const mappings = relationMappings(c);
      const mapping = mappings ? objectProperty(mappings, relation) : undefined;
      const value = mapping ? unwrap(mapping.value) : undefined;
      const modelClass = value?.type === 'ObjectExpression' ? objectProperty(value, 'modelClass') : undefined;
      const target = modelClass ? unwrap(modelClass.value) : undefined;
      if (target?.type !== 'Identifier') continue;
      const b = bindingOf(target, this.sourceCode);
      found.push({ name: target.name, cls: b?.kind === 'class' ? b.node : undefined });
    }
    return found.length === 1 ? found[0] : undefined;
  }

  relationEntity(root: { cls: ClassNode | undefined } | undefined, path: string): EntityRef | undefined {
    let current: { name: string; cls: ClassNode | undefined } | undefined;
    let cls = root?.cls;
    if (!cls) return undefined;
    for (const segment of path.split('.')) {
      current = this.relatedModel(cls, segment);
      cls = current?.cls;
      if (!current) return undefined;
    }
    return current ? { name: current.name, kind: 'model' } : undefined;
  }

  analyse(): void {
    for (const call of this.context.nodes.calls) {
      const method = methodOf(call);
      if (!method) continue;
      if (method.name === 'query' || method.name === 'relatedQuery') this.root(call, method.name, method.node);
      else if ((method.name === '$relatedQuery' || method.name === '$query') && this.hasEvidence) this.root(call, method.name, method.node);
    }
  }

  private root(call: TSESTree.CallExpression, name: string, reportNode: TSESTree.Node): void {
    const callee = unwrap(call.callee);
    if (callee.type !== 'MemberExpression') return;
    const args = call.arguments;
    if (hasSpread(call)) return;
    let entity: EntityRef | undefined;
    let model: { name: string; cls: ClassNode | undefined } | undefined;
    if (name === 'query' || name === 'relatedQuery') {
      model = this.modelOf(callee.object);
      if (!model) return;
    }
    if (name === 'query' || name === '$query') {
      // `query(trx?)`: never a SQL string or a callback (Bookshelf's `Model.query(fn)`).
      if (args.length > 1) return;
      const a = args[0] ? unwrap(args[0]) : undefined;
      if (a && (staticString(a) !== undefined || a.type === 'TemplateLiteral' || a.type === 'ArrowFunctionExpression' || a.type === 'FunctionExpression' || a.type === 'ObjectExpression')) return;
      if (model) entity = { name: model.name, kind: 'model' };
    } else {
      const relation = staticString(args[0]);
      if (relation === undefined || args.length > 2) return;
      // `User.relatedQuery('pets')` needs User's mappings; `x.$relatedQuery('pets')` any local model's.
      const related = model && !model.cls ? undefined : this.relatedModel(model?.cls, relation);
      entity = related ? { name: related.name, kind: 'model' } : undefined;
      model = related;
    }
    const chain = outerCalls(call);
    let end = 0;
    for (let k = 1; k < chain.length; k++) {
      const m = methodOf(chain[k] as TSESTree.CallExpression)?.name;
      if (m === undefined || STOP.has(m)) break;
      end = k;
    }
    const used = chain.slice(0, end + 1);
    for (const c of used.slice(1)) {
      const m = methodOf(c)?.name ?? '';
      const at = WRITES.get(m);
      const value = at === undefined ? undefined : c.arguments[at];
      if (value && value.type !== 'SpreadElement') {
        this.writes.push({ library: 'objection', call: c, callText: callText(c, this.sourceCode), value, entity });
      }
    }
    if (name === '$query') return;
    const read = this.read(used, model);
    if (!read) return;
    const outer = used[used.length - 1] as TSESTree.CallExpression;
    this.reads.push({
      library: 'objection',
      node: outer,
      reportNode,
      callText: callText(outer, this.sourceCode),
      entity,
      projection: read.projection,
      relations: read.relations,
      ...(read.shape ? { shape: read.shape } : {}),
      edits: read.edits,
    });
  }

  private read(
    chain: readonly TSESTree.CallExpression[],
    model: { cls: ClassNode | undefined } | undefined,
  ): { projection: Projection; relations: RelationRead[]; shape?: ValueShape; edits: ReadEdits } | undefined {
    let fields: NamedField[] | undefined;
    let wildcard = false;
    let shape: ValueShape | undefined;
    let joined = false;
    let fetchAfterWrite = false;
    /** A write (`insert`, `patch`, …) in the chain: it holds rows only through `.returning(…)`. */
    let write = false;
    let returning: NamedField[] | undefined;
    let returningAll = false;
    const returningCalls: TSESTree.CallExpression[] = [];
    const selectCalls: TSESTree.CallExpression[] = [];
    /** `select` calls inside `modifyGraph` callbacks: their fields can be removed too. */
    const graphSelectCalls: TSESTree.CallExpression[] = [];
    const relations: RelationRead[] = [];
    const relationFields = new Map<string, NamedField[]>();
    for (const c of chain.slice(1)) {
      const m = methodOf(c)?.name ?? '';
      if (hasSpread(c)) return undefined;
      if (RETURNING_WRITES.has(m)) {
        write = true;
        continue;
      }
      if (m === 'returning') {
        const list = selectArguments(c, this.resolve);
        if (!list) return undefined;
        returningCalls.push(c);
        returning ??= [];
        for (const f of list) {
          if (f.name === '*') returningAll = true;
          else returning.push(f);
        }
        continue;
      }
      if (NOT_ROWS.has(m) || OPAQUE.has(m)) return undefined;
      if (JOINED.has(m)) joined = true;
      if (FETCH_AFTER_WRITE.has(m)) fetchAfterWrite = true;
      if (m === 'page' || m === 'range') shape = objectWith('results', DATA);
      if (m === 'clearSelect') {
        fields = undefined;
        wildcard = false;
      } else if (SELECTS.has(m)) {
        const list = selectArguments(c, this.resolve);
        if (!list) return undefined;
        selectCalls.push(c);
        fields ??= [];
        for (const f of list) {
          if (f.name === '*') wildcard = true;
          else fields.push(f);
        }
      } else if (GRAPHS.has(m)) {
        const arg = c.arguments[0] ? this.resolve(c.arguments[0]) : undefined;
        if (!arg) return undefined;
        let paths: RelationPath[] | undefined;
        const s = staticString(arg);
        if (s !== undefined) paths = parseRelationExpression(s);
        else if (arg.type === 'ObjectExpression') {
          paths = [];
          if (!objectRelations(arg, '', paths, 0)) paths = undefined;
        }
        if (!paths) return undefined;
        for (const p of paths) {
          if (p.modified) continue;
          relations.push({ name: p.path, entity: this.relationEntity(model, p.path), projection: { kind: 'none' }, node: arg });
        }
      } else if (m === 'modifyGraph') {
        const path = staticString(c.arguments[0]);
        const selected = path !== undefined ? modifierSelects(c.arguments[1], graphSelectCalls) : undefined;
        if (path === undefined || selected === undefined) return undefined;
        if (selected.length > 0) relationFields.set(path, selected);
      }
    }
    if (write) return returning ? this.returningRead(returning, returningAll, returningCalls) : undefined;
    const withFields = relations.map((r) => {
      const f = relationFields.get(r.name);
      return f ? { ...r, projection: { kind: 'fields', fields: f } as const } : r;
    });
    const projection: Projection = wildcard
      ? { kind: 'wildcard' }
      : fields
        ? { kind: 'fields', fields }
        : { kind: 'none' };
    const root = chain[0] as TSESTree.CallExpression;
    const sourceCode = this.sourceCode;
    const edits: ReadEdits = {
      project(names, fixer) {
        if (names.length === 0 || selectCalls.length > 0 || joined || fetchAfterWrite) return null;
        return fixer.insertTextAfter(root, `.select(${names.map(quoteOrJson).join(', ')})`);
      },
      removeField: removeSelected([...selectCalls, ...graphSelectCalls], sourceCode),
    };
    return { projection, relations: withFields, ...(shape ? { shape } : {}), edits };
  }

  /** `insert(…).returning('*')`, `patch(…).returning('id', 'email')`: the rows the write gives back. */
  private returningRead(
    fields: NamedField[],
    all: boolean,
    calls: readonly TSESTree.CallExpression[],
  ): { projection: Projection; relations: RelationRead[]; edits: ReadEdits } {
    const sourceCode = this.sourceCode;
    const only = calls.length === 1 ? calls[0] : undefined;
    const star = only && only.arguments.length === 1 && staticString(only.arguments[0]) === '*' ? only.arguments[0] : undefined;
    return {
      projection: all ? { kind: 'wildcard' } : { kind: 'fields', fields },
      relations: [],
      edits: {
        project(names, fixer) {
          // `returning('*')` → `returning('id', 'email')`.
          return star && names.length > 0 ? fixer.replaceText(star, names.map(quoteOrJson).join(', ')) : null;
        },
        removeField: removeSelected(calls, sourceCode),
      },
    };
  }
}

/**
 * Removes a field named in one of `calls` (`select('a', 'b')`, `returning(['a', 'b'])`) when its list
 * keeps another one: an empty list would select every column.
 */
function removeSelected(calls: readonly TSESTree.CallExpression[], sourceCode: Readonly<TSESLint.SourceCode>): ReadEdits['removeField'] {
  return (field, fixer) => {
    const node = field.node;
    const call = calls.find((c) => within(node, c));
    if (!call) return null;
    const parent = node.parent;
    if (parent?.type === 'ArrayExpression') return parent.elements.length > 1 ? removeListElement(node, sourceCode, fixer) : null;
    if (parent === call) return call.arguments.length > 1 ? removeListElement(node, sourceCode, fixer) : null;
    return null;
  };
}

/** `'users.id as userId'` → `id`; `'*'`/`'users.*'` → `*`. */
function columnName(text: string): string | undefined {
  const m = /^\s*(?:[A-Za-z_$][\w$]*\s*\.\s*)?([A-Za-z_$][\w$]*|\*)(?:\s+as\s+[A-Za-z_$][\w$]*)?\s*$/i.exec(text);
  return m?.[1];
}

/** The fields named by `select('a', 'b')` / `select(['a', 'b'])`; undefined when not static. */
function selectArguments(call: TSESTree.CallExpression, resolve: (node: TSESTree.Node) => TSESTree.Node = unwrap): NamedField[] | undefined {
  const out: NamedField[] = [];
  const add = (node: TSESTree.Node): boolean => {
    const s = staticString(node);
    const name = s !== undefined ? columnName(s) : undefined;
    if (name === undefined) return false;
    out.push({ name, node });
    return true;
  };
  for (const arg of call.arguments) {
    const a = resolve(arg);
    if (a.type === 'ArrayExpression') {
      for (const el of a.elements) if (!el || el.type === 'SpreadElement' || !add(el)) return undefined;
    } else if (!add(arg)) return undefined;
  }
  return out;
}

/**
 * `builder => builder.select('id', 'title')`: the fields it selects ([] when it only filters).
 * The select calls found are added to `calls`.
 */
function modifierSelects(node: TSESTree.Node | undefined, calls: TSESTree.CallExpression[] = []): NamedField[] | undefined {
  const fn = node ? unwrap(node) : undefined;
  if (fn?.type !== 'ArrowFunctionExpression' && fn?.type !== 'FunctionExpression') return undefined;
  let body: TSESTree.Node = fn.body;
  if (body.type === 'BlockStatement') {
    const only = body.body.length === 1 ? body.body[0] : undefined;
    if (only?.type !== 'ExpressionStatement') return undefined;
    body = only.expression;
  }
  const fields: NamedField[] = [];
  let selected = false;
  for (let n = unwrap(body); n.type === 'CallExpression'; ) {
    const m = methodOf(n)?.name;
    if (m === undefined) return undefined;
    if (SELECTS.has(m)) {
      const list = selectArguments(n);
      if (!list) return undefined;
      fields.unshift(...list);
      calls.push(n);
      selected = true;
    }
    const callee = unwrap(n.callee);
    if (callee.type !== 'MemberExpression') return undefined;
    n = unwrap(callee.object);
  }
  return selected ? fields : [];
}

function analyse(context: AdapterContext): AdapterResult {
  const file = new ObjectionFile(context);
  file.analyse();
  return { reads: file.reads, writes: file.writes, models: file.models };
}

function applies(facts: FileFacts): boolean {
  for (const m of facts.modules) if (m === 'objection' || m.startsWith('objection/') || /model/i.test(m)) return true;
  return false;
}

export const objectionAdapter: OrmAdapter = {
  library: 'objection',
  applies,
  analyse,
};

export default objectionAdapter;
