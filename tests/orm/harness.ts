/**
 * Runs one ORM adapter on a snippet of code, with a real ESLint SourceCode (scopes, tokens), applies
 * its edits, and summarises what it reads the way the adapter tests compare it.
 */
import * as parser from '@typescript-eslint/parser';
import type { TSESLint } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import { expect } from 'vitest';
import { collectFileFacts } from '../../src/flow/file-facts.js';
import { collectNodes } from '../../src/flow/walk.js';
import { mayFind } from '../../src/analysis/orm.js';
import type { AdapterResult, NamedField, OrmAdapter, OrmRead, Projection, RelationRead } from '../../src/orm/types.js';

export interface Harness {
  readonly result: AdapterResult;
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  readonly applies: boolean;
}

export function runAdapter(adapter: OrmAdapter, code: string): Harness {
  let captured: Harness | undefined;
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(code, [
    {
      files: ['**/*.ts'],
      languageOptions: { parser, parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
      plugins: {
        harness: {
          rules: {
            run: {
              create(context) {
                const sourceCode = context.sourceCode as unknown as Readonly<TSESLint.SourceCode>;
                const program = sourceCode.ast;
                const facts = collectFileFacts(program);
                const applies = adapter.applies(facts);
                const nodes = collectNodes(program, sourceCode.visitorKeys);
                const result = applies
                  ? adapter.analyse({ sourceCode, facts, program, nodes })
                  : { reads: [], writes: [], models: [] };
                // The contract behind skipping an adapter (collectOrm): one that names its entry
                // calls finds nothing in a file that calls none of them.
                if (!mayFind(adapter, nodes)) expect(result).toEqual({ reads: [], writes: [], models: [] });
                captured = { result, sourceCode, applies };
                return {};
              },
            },
          },
        },
      },
      rules: { 'harness/run': 'error' },
    },
  ], 'file.ts');
  const fatal = messages.find((m) => m.fatal);
  if (fatal) throw new Error(`parse error: ${fatal.message}`);
  if (!captured) throw new Error('adapter did not run');
  return captured;
}

/** Applies one fix (or several) returned by an adapter edit to `code`. */
export function applyEdit(
  code: string,
  make: (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix | readonly TSESLint.RuleFix[] | null | undefined,
): string | null {
  const fixer: TSESLint.RuleFixer = {
    insertTextAfter: (n, text) => ({ range: [n.range[1], n.range[1]], text }),
    insertTextAfterRange: (r, text) => ({ range: [r[1], r[1]], text }),
    insertTextBefore: (n, text) => ({ range: [n.range[0], n.range[0]], text }),
    insertTextBeforeRange: (r, text) => ({ range: [r[0], r[0]], text }),
    remove: (n) => ({ range: n.range, text: '' }),
    removeRange: (r) => ({ range: r, text: '' }),
    replaceText: (n, text) => ({ range: n.range, text }),
    replaceTextRange: (r, text) => ({ range: r, text }),
  } as TSESLint.RuleFixer;
  const made = make(fixer);
  if (!made) return null;
  const fixes = (Array.isArray(made) ? made : [made]) as TSESLint.RuleFix[];
  const sorted = [...fixes].sort((a, b) => b.range[0] - a.range[0]);
  let out = code;
  for (const f of sorted) out = out.slice(0, f.range[0]) + f.text + out.slice(f.range[1]);
  return out;
}

/** Fails the test when `code` does not parse as a TypeScript module. */
export function expectParses(code: string): void {
  expect(() => parser.parse(code, { sourceType: 'module', ecmaVersion: 'latest' })).not.toThrow();
}

/** `applyEdit`, failing the test when the edited code does not parse. */
export function edited(code: string, make: Parameters<typeof applyEdit>[1]): string | null {
  const out = applyEdit(code, make);
  if (out !== null) expectParses(out);
  return out;
}

/** The source text of a node the adapter returned. */
export function textOf(h: Harness, node: { range: [number, number] } | undefined): string {
  if (!node) throw new Error('no node');
  return h.sourceCode.text.slice(node.range[0], node.range[1]);
}

export function names(fields: readonly NamedField[] | undefined): string[] {
  return (fields ?? []).map((f) => f.name);
}

/** The fields an explicit projection lists ([] for any other kind). */
export function fieldNames(p: Projection): string[] {
  return p.kind === 'fields' ? names(p.fields) : [];
}

/** A projection with field names for nodes: its kind, its fields or excluded names, and any added ones. */
export function projectionSummary(p: Projection): unknown {
  switch (p.kind) {
    case 'fields':
      return { kind: 'fields', fields: p.fields.map((f) => f.name) };
    case 'exclusion':
      return { kind: 'exclusion', excluded: [...p.excluded], ...(p.added ? { added: p.added.map((f) => f.name) } : {}) };
    default:
      return { kind: p.kind, ...(p.added ? { added: p.added.map((f) => f.name) } : {}) };
  }
}

export type ReadSummary = (h: Harness, read: OrmRead) => Record<string, unknown>;

/** A read with texts for nodes: entity, projection, relations, where it is reported, and any hidden fields. */
export const readSummary: ReadSummary = (h, read) => ({
  entity: read.entity?.name,
  projection: projectionSummary(read.projection),
  relations: read.relations.map((r) => ({ name: r.name, entity: r.entity?.name, projection: projectionSummary(r.projection) })),
  reportNode: h.sourceCode.getText(read.reportNode),
  callText: read.callText,
  node: h.sourceCode.getText(read.node),
  ...(read.hidden ? { hidden: [...read.hidden] } : {}),
});

/** `readSummary` with the entity's kind: the query builders' tests (Drizzle, Knex, Kysely) assert that reads are of tables. */
export const tableReadSummary: ReadSummary = (h, read) => ({ ...readSummary(h, read), kind: read.entity?.kind });

export interface RelationSummary {
  name: string;
  kind: string;
  fields?: string[];
  excluded?: readonly string[];
  entity?: string;
}

/** A relation read: its name, projection kind, and the fields it selects or excludes. */
export function relationSummary(r: RelationRead): RelationSummary {
  const out: RelationSummary = { name: r.name, kind: r.projection.kind };
  if (r.projection.kind === 'fields') out.fields = fieldNames(r.projection);
  if (r.projection.kind === 'exclusion') out.excluded = r.projection.excluded;
  return out;
}

/** `relationSummary` with the related entity: the TypeORM and Objection tests assert where relations lead. */
export function relationWithEntity(r: RelationRead): RelationSummary {
  return r.entity ? { ...relationSummary(r), entity: r.entity.name } : relationSummary(r);
}

/** The helpers of one adapter's tests: run it, take its only read, and apply that read's edits. */
export function adapterTests(adapter: OrmAdapter, summary: ReadSummary = readSummary) {
  const run = (code: string): Harness => runAdapter(adapter, code);
  /** The only read of `code` (the test fails when there is not exactly one), with its summary `s`. */
  const only = (code: string): { h: Harness; read: OrmRead; s: Record<string, unknown> } => {
    const h = run(code);
    expect(h.result.reads).toHaveLength(1);
    const read = h.result.reads[0] as OrmRead;
    return { h, read, s: summary(h, read) };
  };
  /** The only read's `project` or `exclude` edit applied (null when it has none or makes none). */
  const edit = (code: string, which: 'project' | 'exclude', fields: string[]): string | null => {
    const { read } = only(code);
    const fn = read.edits[which];
    if (!fn) return null;
    return edited(code, (fixer) => fn(fields, fixer));
  };
  /** The only read's `project` edit applied; the read must have one. */
  const project = (code: string, fields: string[]): string | null => {
    const { read } = only(code);
    return edited(code, (fixer) => read.edits.project!(fields, fixer));
  };
  /** The only read's `removeField` edit applied to the field `pick` chooses (which must exist). */
  const remove = (code: string, pick: (p: Projection) => NamedField | undefined): string | null => {
    const { read } = only(code);
    const field = pick(read.projection);
    expect(field).toBeDefined();
    return edited(code, (fixer) => read.edits.removeField!(field!, fixer));
  };
  return { run, only, summary, edit, project, remove };
}
