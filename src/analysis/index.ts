/**
 * The shared per-file analysis: computed once per SourceCode, then read by every rule of the
 * plugin. The first rule created for a file installs listeners that gather the nodes the
 * analysis starts from during ESLint's own traversal; every rule reads the result at
 * `Program:exit`. Files that neither hold a statement head (SELECT … FROM, INSERT INTO, …) nor
 * import a database library cost a few regular-expression scans of their text.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { collectFileFacts, type FileFacts } from '../flow/file-facts.js';
import type { FlowEnv } from '../flow/track.js';
import { collectNodes, COLLECTED_TYPES, NodeCollector, STRING_TYPES, type FileNodes } from '../flow/walk.js';
import { EMPTY_CATALOG, type Catalog } from '../schema/catalog.js';
import { createClassifier, type Classifier } from '../schema/classifier.js';
import { getCatalog } from '../schema/load.js';
import { getSettings, type DataExposureSettings } from '../settings.js';
import { typeInfoOf, type TypeInfo } from '../flow/typed.js';
import type { OrmAdapter } from '../orm/types.js';
import { collectTypedReads } from './typed-reads.js';
import { applicableAdapters, collectOrm, NO_ORM, type OrmFile } from './orm.js';
import { queryCallConfig } from './query-calls.js';
import { collectSqlQueries, type SqlQuery } from './sql-queries.js';
import { mayContainSql } from '../sql/prefilter.js';
import { maySend } from '../flow/sinks.js';

export type { SqlQuery } from './sql-queries.js';

type AnyContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** With type information, files that may send something to a client are analysed too. */
const SINK_WORDS = /\b(?:json|send|jsonp|body|Response|Get|Post|Put|Patch|Delete|query|mutation|handler|getServerSideProps|getStaticProps)\b|use server|<[A-Z]/;

export interface FileAnalysis {
  readonly settings: DataExposureSettings;
  /** Column sensitivity, with the settings' additions and removals. */
  readonly classifier: Classifier;
  /** The schema from `settings['data-exposure'].schema` (empty when none is configured). */
  readonly catalog: Catalog;
  readonly facts: FileFacts;
  /** SQL found in the file (lazily parsed). */
  readonly queries: readonly SqlQuery[];
  /** ORM reads (with their flows), wholesale writes, and models defined in the file. */
  readonly orm: OrmFile;
  /** The nodes the analysis started from (empty for files without SQL or ORM code). */
  readonly nodes: FileNodes;
  /**
   * Whether a value can reach a response sink in this file (`maySend`; always with type
   * information, where props of client components are sinks too). When not, rules in `exposed`
   * mode have nothing to report and follow no value.
   */
  readonly maySend: boolean;
}

/** Per file: whether it is worth analysing, and the nodes gathered for it. */
interface FileState {
  /** Whether the file may hold a SQL statement (`mayContainSql`). */
  readonly sql: boolean;
  /** The ORM adapters that apply to the file. */
  readonly adapters: readonly OrmAdapter[];
  /** Type information, when linting with it and the file may send something to a client. */
  readonly types: TypeInfo | undefined;
  readonly relevant: boolean;
  readonly facts: FileFacts;
  readonly collector: NodeCollector | undefined;
}

const NO_NODES: FileNodes = new NodeCollector();
const states = new WeakMap<object, FileState>();
const analyses = new WeakMap<object, FileAnalysis>();
const classifiers = new WeakMap<DataExposureSettings, Classifier>();

function classifierFor(settings: DataExposureSettings): Classifier {
  let classifier = classifiers.get(settings);
  if (!classifier) {
    classifier = createClassifier({ sensitiveColumns: settings.sensitiveColumns, safeColumns: settings.safeColumns });
    classifiers.set(settings, classifier);
  }
  return classifier;
}

function fileState(context: AnyContext): FileState {
  const sourceCode = context.sourceCode;
  let state = states.get(sourceCode);
  if (!state) {
    const facts = collectFileFacts(sourceCode.ast);
    const sql = mayContainSql(sourceCode.text);
    const adapters = applicableAdapters(facts);
    const types = typeInfoOf(sourceCode);
    const typed = types !== undefined && SINK_WORDS.test(sourceCode.text);
    state = { sql, adapters, types: typed ? types : undefined, relevant: sql || adapters.length > 0 || typed, facts, collector: undefined };
    states.set(sourceCode, state);
  }
  return state;
}

function analyse(context: AnyContext, state: FileState): FileAnalysis {
  const settings = getSettings(context);
  // Loaded before anything else so a schema mistake fails fast on every file (cached per process).
  const catalog = settings.schema.length > 0 ? getCatalog(settings.schema, context.cwd) : EMPTY_CATALOG;
  const sourceCode = context.sourceCode;
  const { facts } = state;
  let queries: SqlQuery[] = [];
  let orm: OrmFile = NO_ORM;
  let nodes: FileNodes = NO_NODES;
  if (state.relevant) {
    nodes = state.collector ?? collectNodes(sourceCode.ast, sourceCode.visitorKeys);
    const env: FlowEnv = { sourceCode, facts, types: state.types, calls: nodes.calls, classes: nodes.classes };
    if (state.sql) queries = collectSqlQueries(nodes, sourceCode, queryCallConfig(settings), env);
    if (state.adapters.length > 0) orm = collectOrm(state.adapters, nodes, sourceCode, sourceCode.ast, env);
    if (state.types) {
      const known = new Set<TSESTree.Node>([...orm.reads.map((r) => r.read.node), ...queries.flatMap((q) => q.rowsNodes)]);
      const typed = collectTypedReads(nodes, known, state.types, catalog, sourceCode, env);
      orm = { reads: [...orm.reads, ...typed.reads], writes: orm.writes, models: [...orm.models, ...typed.models] };
    }
  }
  let sends: boolean | undefined;
  return {
    settings,
    classifier: classifierFor(settings),
    catalog,
    facts,
    queries,
    orm,
    nodes,
    // One scan of the text, only when a rule in `exposed` mode asks.
    get maySend() {
      sends ??= state.relevant && (state.types !== undefined || maySend(sourceCode.text));
      return sends;
    },
  };
}

/** The analysis of the file `context` lints, shared by all rules. */
export function getFileAnalysis(context: AnyContext): FileAnalysis {
  const key = context.sourceCode;
  let analysis = analyses.get(key);
  if (!analysis) {
    analysis = analyse(context, fileState(context));
    analyses.set(key, analysis);
  }
  return analysis;
}

/**
 * A rule's listeners: `onExit` receives the shared analysis at `Program:exit`. For the first rule
 * of a file, the listeners also gather the nodes the analysis needs during ESLint's traversal.
 */
export function analysisListeners(
  context: AnyContext,
  onExit: (analysis: FileAnalysis) => void,
): TSESLint.RuleListener {
  const listeners: Record<string, (node: TSESTree.Node) => void> = {
    'Program:exit': () => onExit(getFileAnalysis(context)),
  };
  const sourceCode = context.sourceCode;
  if (!states.has(sourceCode) && !analyses.has(sourceCode)) {
    // Settings, their regular expressions and the schema paths are checked when the file's first
    // rule is created, so a configuration mistake fails before any traversal (all three are cached).
    const settings = getSettings(context);
    classifierFor(settings);
    if (settings.schema.length > 0) getCatalog(settings.schema, context.cwd);
    const state = fileState(context);
    if (state.relevant) {
      const collector = new NodeCollector();
      states.set(sourceCode, { ...state, collector });
      const add = (node: TSESTree.Node): void => collector.add(node);
      for (const type of COLLECTED_TYPES) listeners[type] = add;
      if (state.sql) for (const type of STRING_TYPES) listeners[type] = add;
    }
  }
  return listeners as TSESLint.RuleListener;
}
