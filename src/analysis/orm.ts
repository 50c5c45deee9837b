/**
 * Runs the ORM adapters that apply to the file (by its imports) on the shared nodes, and follows
 * each read's value the same way as raw query rows.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { FileFacts } from '../flow/file-facts.js';
import { trackValue, type FlowEnv, type FlowResult } from '../flow/track.js';
import { DATA } from '../flow/value-shape.js';
import { calledNames, type FileNodes } from '../flow/walk.js';
import { ADAPTERS } from '../orm/index.js';
import { rethrowWhenDebugging } from '../orm/common.js';
import type { AdapterResult, LocalModel, OrmAdapter, OrmRead, OrmWrite } from '../orm/types.js';

export class OrmReadInfo {
  private flowCache: FlowResult | undefined;

  constructor(
    readonly read: OrmRead,
    private readonly env: FlowEnv,
  ) {}

  /** Where the entities go (computed on first use). */
  get flow(): FlowResult {
    this.flowCache ??= trackValue(this.read.node, this.read.shape ?? DATA, this.env);
    return this.flowCache;
  }
}

export interface OrmFile {
  readonly reads: readonly OrmReadInfo[];
  readonly writes: readonly OrmWrite[];
  readonly models: readonly LocalModel[];
}

export const NO_ORM: OrmFile = { reads: [], writes: [], models: [] };

/** The adapters whose library the file imports (or otherwise shows evidence of). */
export function applicableAdapters(facts: FileFacts): OrmAdapter[] {
  return ADAPTERS.filter((adapter) => adapter.applies(facts));
}

/** Whether the adapter can find anything in the file (see `OrmAdapter.entryCalls`). */
export function mayFind(adapter: OrmAdapter, nodes: FileNodes): boolean {
  if (!adapter.entryCalls || (adapter.classEntries && nodes.classes.length > 0)) return true;
  const called = calledNames(nodes);
  for (const name of adapter.entryCalls) if (called.has(name)) return true;
  return false;
}

export function collectOrm(
  adapters: readonly OrmAdapter[],
  nodes: FileNodes,
  sourceCode: Readonly<TSESLint.SourceCode>,
  program: TSESTree.Program,
  env: FlowEnv,
): OrmFile {
  const reads: OrmReadInfo[] = [];
  const writes: OrmWrite[] = [];
  const models: LocalModel[] = [];
  // Two adapters can claim the same call when the only evidence is a models module
  // (`User.findOne()` reads like Sequelize and Mongoose): the first adapter's reading wins.
  const readNodes = new Set<TSESTree.Node>();
  const writtenValues = new Set<TSESTree.Node>();
  for (const adapter of adapters) {
    if (!mayFind(adapter, nodes)) continue;
    let result: AdapterResult;
    try {
      result = adapter.analyse({ sourceCode, facts: env.facts, program, nodes });
    } catch (error) {
      // Odd code never breaks the lint run: this adapter's findings are dropped for the file.
      rethrowWhenDebugging(error);
      continue;
    }
    for (const read of result.reads) {
      if (readNodes.has(read.node)) continue;
      readNodes.add(read.node);
      reads.push(new OrmReadInfo(read, env));
    }
    for (const write of result.writes) {
      if (writtenValues.has(write.value)) continue;
      writtenValues.add(write.value);
      writes.push(write);
    }
    models.push(...result.models);
  }
  return { reads, writes, models };
}
