/**
 * The shared per-file analysis: computed once per SourceCode on first use by any rule, then read
 * by every rule of the plugin. Files that neither contain SQL-looking words nor import a database
 * library cost one regular-expression test of their text.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import { collectFileFacts, type FileFacts } from '../flow/file-facts.js';
import type { FlowEnv } from '../flow/track.js';
import { EMPTY_CATALOG, type Catalog } from '../schema/catalog.js';
import { createClassifier, type Classifier } from '../schema/classifier.js';
import { getCatalog } from '../schema/load.js';
import { getSettings, type DataExposureSettings } from '../settings.js';
import { queryCallConfig } from './query-calls.js';
import { collectSqlQueries, type SqlQuery } from './sql-queries.js';
import { collectNodes } from '../flow/walk.js';

export type { SqlQuery } from './sql-queries.js';

type AnyContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** Words that any SQL statement we analyse contains (checked case-insensitively). */
const SQL_WORDS = /\b(?:select|insert|update|delete|upsert|returning|values)\b/i;

export interface FileAnalysis {
  readonly settings: DataExposureSettings;
  /** Column sensitivity, with the settings' additions and removals. */
  readonly classifier: Classifier;
  /** The schema from `settings['data-exposure'].schema` (empty when none is configured). */
  readonly catalog: Catalog;
  readonly facts: FileFacts;
  /** SQL found in the file (lazily parsed). */
  readonly queries: readonly SqlQuery[];
}

const cache = new WeakMap<object, FileAnalysis>();
const classifiers = new WeakMap<DataExposureSettings, Classifier>();

function classifierFor(settings: DataExposureSettings): Classifier {
  let classifier = classifiers.get(settings);
  if (!classifier) {
    classifier = createClassifier({ sensitiveColumns: settings.sensitiveColumns, safeColumns: settings.safeColumns });
    classifiers.set(settings, classifier);
  }
  return classifier;
}

function analyse(context: AnyContext): FileAnalysis {
  const settings = getSettings(context);
  // Loaded before anything else so a schema mistake fails fast on every file (cached per process).
  const catalog = settings.schema.length > 0 ? getCatalog(settings.schema, context.cwd) : EMPTY_CATALOG;
  const sourceCode = context.sourceCode;
  const program = sourceCode.ast;
  const facts = collectFileFacts(program);
  const env: FlowEnv = { sourceCode, facts };
  let queries: SqlQuery[] = [];
  if (SQL_WORDS.test(sourceCode.text)) {
    const nodes = collectNodes(program, sourceCode.visitorKeys);
    queries = collectSqlQueries(nodes, sourceCode, queryCallConfig(settings), env);
  }
  return { settings, classifier: classifierFor(settings), catalog, facts, queries };
}

/** The analysis of the file `context` lints, shared by all rules. */
export function getFileAnalysis(context: AnyContext): FileAnalysis {
  const key = context.sourceCode;
  let analysis = cache.get(key);
  if (!analysis) {
    analysis = analyse(context);
    cache.set(key, analysis);
  }
  return analysis;
}
