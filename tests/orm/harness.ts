/** Runs one ORM adapter on a snippet of code, with a real ESLint SourceCode (scopes, tokens). */
import * as parser from '@typescript-eslint/parser';
import type { TSESLint } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import { collectFileFacts } from '../../src/flow/file-facts.js';
import { collectNodes } from '../../src/flow/walk.js';
import type { AdapterResult, OrmAdapter } from '../../src/orm/types.js';

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
                const result = applies
                  ? adapter.analyse({ sourceCode, facts, program, nodes: collectNodes(program, sourceCode.visitorKeys) })
                  : { reads: [], writes: [], models: [] };
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
